using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Ops;

/// <summary>
/// x[start:stop] along the leading axis (which must have a static size), step 1. For a vector this
/// is NumPy's slice; <c>x[i]</c> is a slice of length one reshaped. VJP: ȳ placed at Start in zeros of
/// x's length (a one-piece <see cref="Scatter"/>, which the reverse sweep merges with the node's other
/// pieces: the adjoint writes only the elements taken). JVP: slice the tangent.
/// </summary>
public sealed class Slice : Op
{
    internal Slice(int start, int stop) : base("slice")
    {
        Start = start;
        Stop = stop;
    }

    /// <summary>The first index taken.</summary>
    public int Start { get; }

    /// <summary>One past the last index taken.</summary>
    public int Stop { get; }

    /// <inheritdoc/>
    public override string Attributes => $"{Start}:{Stop}";

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        var x = inputs[0].Shape;
        if (x.Rank == 0) throw new ShapeException("slice: cannot slice a scalar");
        if (!x[0].IsStatic) throw new ShapeException($"slice: the leading axis of {x} must have a static size");
        if (Start < 0 || Stop > x[0].Size || Start > Stop)
            throw new ShapeException($"slice: {Start}:{Stop} is out of range for {x}");
        return (x.WithAxis(0, Stop - Start), inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var x = inputs[0];
        int inner = x.Dims.Skip(1).Aggregate(1, (a, b) => a * b);
        var dims = (int[])x.Dims.Clone();
        dims[0] = Stop - Start;
        var r = new double[dims[0] * inner];
        Array.Copy(x.Data, Start * inner, r, 0, r.Length);
        return new Tensor(dims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var x = y.Inputs[0];
        return new[] { Sym.Pad(ybar, Start, x.Shape[0].Size - Stop) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Sym.Slice(xdot[0]!, Start, Stop);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Slice s && s.Start == Start && s.Stop == Stop;

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked(Start * 7919 + Stop);
}

/// <summary>
/// Joins its inputs along the leading axis (static sizes; the other axes equal). VJP: each input
/// gets its slice of ȳ. JVP: concatenate the tangents; with some absent, a <see cref="Scatter"/> of the others.
/// </summary>
public sealed class Concat : Op
{
    /// <summary>The op.</summary>
    public static readonly Concat Instance = new();
    private Concat() : base("concat") { }

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        if (inputs.Count == 0) throw new ShapeException("concat: needs at least one input");
        var first = inputs[0].Shape;
        if (first.Rank == 0) throw new ShapeException("concat: cannot join scalars (reshape them to [1] first)");
        int total = 0;
        foreach (var x in inputs)
        {
            if (x.Shape.Rank != first.Rank || !x.Shape.Skip(1).Equals(first.Skip(1)))
                throw new ShapeException($"concat: cannot join {first} and {x.Shape} along axis 0");
            if (!x.Shape[0].IsStatic) throw new ShapeException($"concat: the leading axis of {x.Shape} must have a static size");
            total += x.Shape[0].Size;
        }
        return (first.WithAxis(0, total), CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var dims = (int[])inputs[0].Dims.Clone();
        dims[0] = inputs.Sum(t => t.Dims[0]);
        var r = new double[inputs.Sum(t => t.Length)];
        int at = 0;
        foreach (var t in inputs)
        {
            Array.Copy(t.Data, 0, r, at, t.Length);
            at += t.Length;
        }
        return new Tensor(dims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var result = new Node?[y.Inputs.Count];
        int at = 0;
        for (int i = 0; i < result.Length; i++)
        {
            int n = y.Inputs[i].Shape[0].Size;
            result[i] = Sym.Slice(ybar, at, at + n);
            at += n;
        }
        return result;
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        if (xdot.All(d => d is null)) return null;
        if (xdot.All(d => d is not null)) return Sym.Concat(xdot.Select(d => d!).ToArray());
        // Some tangents are zero: place the others, writing nothing for the zeros.
        var offsets = new List<int>();
        var pieces = new List<Node>();
        int at = 0;
        for (int i = 0; i < xdot.Count; i++)
        {
            if (xdot[i] is Node d)
            {
                offsets.Add(at);
                pieces.Add(d);
            }
            at += y.Inputs[i].Shape[0].Size;
        }
        return Sym.Scatter(y.Shape[0].Size, offsets, pieces);
    }
}
