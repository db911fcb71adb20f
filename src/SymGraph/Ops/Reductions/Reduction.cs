using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// The family of reductions over one axis (removed from the shape) or over all axes (to a scalar).
/// A member states how to fold one run of n values; this base supplies the type rule and the loop.
/// </summary>
public abstract class Reduction : Op
{
    /// <summary>Creates the op; <paramref name="axis"/> is normalized (non-negative) or null for all axes.</summary>
    protected Reduction(string name, int? axis) : base(name) => Axis = axis;

    /// <summary>The reduced axis, or <c>null</c> to reduce everything.</summary>
    public int? Axis { get; }

    /// <inheritdoc/>
    public override string Attributes => Axis is null ? "" : $"axis={Axis}";

    /// <summary>Folds <paramref name="n"/> values read at <c>data[start + k·stride]</c>.</summary>
    protected abstract double Fold(double[] data, int start, int n, int stride);

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        var x = inputs[0].Shape;
        if (Axis is null) return (Shape.Scalar, inputs[0].DType);
        if (Axis.Value >= x.Rank) throw new ShapeException($"{Name}: axis {Axis} is out of range for shape {x}");
        return (x.RemoveAxis(Axis.Value), inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var x = inputs[0];
        if (Axis is null) return Tensor.Scalar(Fold(x.Data, 0, x.Length, 1), node.DType);
        var (outer, n, inner) = Indexing.AroundAxis(x.Dims, Axis.Value);
        var r = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                r[o * inner + i] = Fold(x.Data, o * n * inner + i, n, inner);
        var dims = new List<int>(x.Dims);
        dims.RemoveAt(Axis.Value);
        return new Tensor(dims.ToArray(), r, node.DType);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is not null && obj.GetType() == GetType() && ((Reduction)obj).Axis == Axis;

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked(GetType().GetHashCode() * 31 + (Axis ?? -1));
}

/// <summary>Σ over an axis or all axes. VJP: broadcast ȳ back over the reduced axis. JVP: sum the tangent.</summary>
public sealed class Sum : Reduction
{
    internal Sum(int? axis) : base("sum", axis) { }

    /// <inheritdoc/>
    protected override double Fold(double[] data, int start, int n, int stride)
    {
        double s = 0;
        for (int k = 0; k < n; k++) s += data[start + k * stride];
        return s;
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Sym.Unreduce(ybar, y.Inputs[0].Shape, Axis) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Sym.Sum(xdot[0]!, Axis);
}

/// <summary>
/// max over an axis or all axes (NaN if any value is NaN). Ties split evenly: each of the k maximal
/// elements of a run receives ȳ/k (the average of the one-sided derivatives).
/// </summary>
public sealed class Max : Reduction
{
    internal Max(int? axis) : base("max", axis) { }

    /// <inheritdoc/>
    protected override double Fold(double[] data, int start, int n, int stride)
    {
        double m = double.NegativeInfinity;
        for (int k = 0; k < n; k++)
        {
            double v = data[start + k * stride];
            if (double.IsNaN(v)) return double.NaN;
            if (v > m) m = v;
        }
        return m;
    }

    // mask = (x == max) marks the winners; each gets 1/count of the flow.
    private (Node mask, Node count) Winners(Node y)
    {
        var x = y.Inputs[0];
        var mask = Sym.Equal(x, Sym.Unreduce(y, x.Shape, Axis));
        return (mask, Sym.Sum(mask, Axis));
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var (mask, count) = Winners(y);
        return new[] { mask * Sym.Unreduce(ybar / count, y.Inputs[0].Shape, Axis) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        if (xdot[0] is null) return null;
        var (mask, count) = Winners(y);
        return Sym.Sum(mask * xdot[0]!, Axis) / count;
    }
}
