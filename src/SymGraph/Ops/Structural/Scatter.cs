using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Ops;

/// <summary>
/// A sparse sum along the leading axis: y = Σₖ pad(pₖ, Offsets[k]), i.e. y[Offsets[k] + j, …] += pₖ[j, …]
/// for every piece pₖ, into zeros of leading size <see cref="Length"/> (the other axes are the pieces').
/// Pieces may overlap (their values add) and need not cover the result (the rest is 0). It is the adjoint
/// of slicing: the VJP of <c>x[a:b]</c> is one piece at a, and the reverse sweep merges the pieces of every
/// slice, index and concat of a node into one scatter, so a cotangent costs the elements written, never a
/// full-length zero pad per slice. Linear. VJP: piece k gets ȳ[Offsets[k] : Offsets[k] + |pₖ|]. JVP: the
/// scatter of the tangents that are present.
/// </summary>
public sealed class Scatter : Op
{
    private readonly int[] _offsets;

    internal Scatter(int length, IReadOnlyList<int> offsets) : base("scatter")
    {
        Length = length;
        _offsets = offsets.ToArray();
    }

    /// <summary>The leading size of the result.</summary>
    public int Length { get; }

    /// <summary>Where each piece starts along the leading axis, one per input.</summary>
    public IReadOnlyList<int> Offsets => _offsets;

    /// <inheritdoc/>
    public override string Attributes => $"{Length} at {string.Join(",", _offsets)}";

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        if (inputs.Count == 0) throw new ShapeException("scatter: needs at least one piece");
        if (inputs.Count != _offsets.Length) throw new ShapeException($"scatter: {inputs.Count} pieces for {_offsets.Length} offsets");
        var first = inputs[0].Shape;
        if (first.Rank == 0) throw new ShapeException("scatter: cannot place scalars (reshape them to [1] first)");
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k].Shape;
            if (p.Rank != first.Rank || !p.Skip(1).Equals(first.Skip(1)))
                throw new ShapeException($"scatter: pieces {first} and {p} differ past the leading axis");
            if (!p[0].IsStatic) throw new ShapeException($"scatter: the leading axis of {p} must have a static size");
            if (_offsets[k] < 0 || _offsets[k] + p[0].Size > Length)
                throw new ShapeException($"scatter: a piece {p} at {_offsets[k]} does not fit in a leading size of {Length}");
        }
        return (first.WithAxis(0, Length), CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var dims = (int[])inputs[0].Dims.Clone();
        dims[0] = Length;
        int inner = dims.Skip(1).Aggregate(1, (a, b) => a * b);
        var r = new double[Length * inner];
        for (int k = 0; k < inputs.Count; k++)
        {
            var data = inputs[k].Data;
            int at = _offsets[k] * inner;
            for (int e = 0; e < data.Length; e++) r[at + e] += data[e];
        }
        return new Tensor(dims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var result = new Node?[_offsets.Length];
        for (int k = 0; k < result.Length; k++)
            result[k] = Sym.Slice(ybar, _offsets[k], _offsets[k] + y.Inputs[k].Shape[0].Size);
        return result;
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var offsets = new List<int>();
        var pieces = new List<Node>();
        for (int k = 0; k < xdot.Count; k++)
        {
            if (xdot[k] is not Node d) continue;
            offsets.Add(_offsets[k]);
            pieces.Add(d);
        }
        return pieces.Count == 0 ? null : Sym.Scatter(Length, offsets, pieces);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Scatter s && s.Length == Length && s._offsets.SequenceEqual(_offsets);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int h = Length;
        foreach (int o in _offsets) h = unchecked(h * 31 + o);
        return h;
    }
}
