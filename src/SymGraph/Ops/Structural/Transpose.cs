using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Ops;

/// <summary>
/// Permutes axes: output axis i is input axis <c>Permutation[i]</c> (a matrix transpose is [1,0]).
/// VJP: transpose ȳ by the inverse permutation. JVP: transpose the tangent.
/// </summary>
public sealed class Transpose : Op
{
    internal Transpose(int[] permutation) : base("transpose") => Permutation = permutation;

    /// <summary>The axis permutation.</summary>
    public IReadOnlyList<int> Permutation { get; }

    /// <inheritdoc/>
    public override string Attributes => "[" + string.Join(",", Permutation) + "]";

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        var x = inputs[0].Shape;
        if (Permutation.Count != x.Rank || !Permutation.OrderBy(p => p).SequenceEqual(Enumerable.Range(0, x.Rank)))
            throw new ShapeException($"transpose: {Attributes} is not a permutation of the axes of {x}");
        return (new Shape(Permutation.Select(p => x[p])), inputs[0].DType);
    }

    /// <summary>The permutation that undoes this one.</summary>
    public int[] Inverse()
    {
        var inv = new int[Permutation.Count];
        for (int i = 0; i < inv.Length; i++) inv[Permutation[i]] = i;
        return inv;
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var x = inputs[0];
        int rank = x.Rank;
        var outDims = Permutation.Select(p => x.Dims[p]).ToArray();
        var inStrides = Indexing.Strides(x.Dims);
        var stride = Permutation.Select(p => inStrides[p]).ToArray();
        var r = new double[x.Length];
        var index = new int[rank];
        int src = 0;
        for (int flat = 0; flat < r.Length; flat++)
        {
            r[flat] = x.Data[src];
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                src += stride[axis];
                if (index[axis] < outDims[axis]) break;
                src -= stride[axis] * index[axis];
                index[axis] = 0;
            }
        }
        return new Tensor(outDims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Sym.Transpose(ybar, Inverse()) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) =>
        xdot[0] is null ? null : Sym.Transpose(xdot[0]!, Permutation.ToArray());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Transpose t && t.Permutation.SequenceEqual(Permutation);

    /// <inheritdoc/>
    public override int GetHashCode() => Permutation.Aggregate(23, (h, p) => unchecked(h * 31 + p));
}
