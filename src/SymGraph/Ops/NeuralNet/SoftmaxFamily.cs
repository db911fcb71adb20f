using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// The stable normalizations along one axis: softmax, log_softmax and logsumexp. They are
/// first-class ops (not compositions of exp and sum) so that their stable evaluation survives
/// simplification and shows in generated code. Each run is shifted by its maximum first; entries equal
/// to an infinite maximum shift to 0 (<see cref="MathUtil.ShiftByMax"/> states the rule).
/// </summary>
public abstract class AxisNormalization : Op
{
    /// <summary>Creates the op over a normalized (non-negative) <paramref name="axis"/>.</summary>
    protected AxisNormalization(string name, int axis) : base(name) => Axis = axis;

    /// <summary>The axis normalized over.</summary>
    public int Axis { get; }

    /// <summary>True when the axis is removed from the output (logsumexp).</summary>
    protected virtual bool Reduces => false;

    /// <inheritdoc/>
    public override string Attributes => $"axis={Axis}";

    /// <summary>Transforms one run in place given its maximum and log Σ exp(x − max).</summary>
    protected abstract void Apply(double[] x, int start, int n, int stride, double max, double logSum, double[] r, int outStart, int outStride);

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        var x = inputs[0].Shape;
        if (Axis >= x.Rank) throw new ShapeException($"{Name}: axis {Axis} is out of range for shape {x}");
        return (Reduces ? x.RemoveAxis(Axis) : x, inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var x = inputs[0];
        var (outer, n, inner) = Indexing.AroundAxis(x.Dims, Axis);
        var dims = new List<int>(x.Dims);
        if (Reduces) dims.RemoveAt(Axis);
        var r = new double[Reduces ? outer * inner : x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * n * inner + i;
                double max = double.NegativeInfinity;
                for (int k = 0; k < n; k++) max = Math.Max(max, x.Data[start + k * inner]);
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Math.Exp(MathUtil.ShiftByMax(x.Data[start + k * inner], max));
                Apply(x.Data, start, n, inner, max, Math.Log(sum), r, Reduces ? o * inner + i : start, inner);
            }
        return new Tensor(dims.ToArray(), r, node.DType);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is not null && obj.GetType() == GetType() && ((AxisNormalization)obj).Axis == Axis;

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked(GetType().GetHashCode() * 31 + Axis);
}

/// <summary>
/// softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along an axis, m the run's maximum.
/// VJP: x̄ = y ⊙ (ȳ − Σ(ȳ ⊙ y)). JVP: ẏ = y ⊙ (ẋ − Σ(ẋ ⊙ y)), sums along the axis, broadcast back.
/// </summary>
public sealed class Softmax : AxisNormalization
{
    internal Softmax(int axis) : base("softmax", axis) { }

    /// <inheritdoc/>
    protected override void Apply(double[] x, int start, int n, int stride, double max, double logSum, double[] r, int outStart, int outStride)
    {
        for (int k = 0; k < n; k++) r[outStart + k * outStride] = Math.Exp(MathUtil.ShiftByMax(x[start + k * stride], max) - logSum);
    }

    private Node Project(Node y, Node v) => y * (v - Sym.Unreduce(Sym.Sum(v * y, Axis), y.Shape, Axis));

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Project(y, ybar) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Project(y, xdot[0]!);
}

/// <summary>
/// log_softmax(x) = x − logsumexp(x) along an axis, never taking the log of a rounded-to-zero
/// probability. VJP: x̄ = ȳ − eʸ ⊙ Σȳ. JVP: ẏ = ẋ − Σ(eʸ ⊙ ẋ) (eʸ is the softmax, from the output).
/// </summary>
public sealed class LogSoftmax : AxisNormalization
{
    internal LogSoftmax(int axis) : base("log_softmax", axis) { }

    /// <inheritdoc/>
    protected override void Apply(double[] x, int start, int n, int stride, double max, double logSum, double[] r, int outStart, int outStride)
    {
        for (int k = 0; k < n; k++) r[outStart + k * outStride] = MathUtil.ShiftByMax(x[start + k * stride], max) - logSum;
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) =>
        new[] { ybar - Sym.Exp(y) * Sym.Unreduce(Sym.Sum(ybar, Axis), y.Shape, Axis) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) =>
        xdot[0] is null ? null : xdot[0]! - Sym.Unreduce(Sym.Sum(Sym.Exp(y) * xdot[0]!, Axis), y.Shape, Axis);
}

/// <summary>
/// logsumexp(x) = m + ln Σ e^(xᵢ − m) along an axis (removed). VJP: x̄ = ȳ ⊙ softmax(x).
/// JVP: ẏ = Σ softmax(x) ⊙ ẋ.
/// </summary>
public sealed class LogSumExp : AxisNormalization
{
    internal LogSumExp(int axis) : base("logsumexp", axis) { }

    /// <inheritdoc/>
    protected override bool Reduces => true;

    /// <inheritdoc/>
    protected override void Apply(double[] x, int start, int n, int stride, double max, double logSum, double[] r, int outStart, int outStride) =>
        r[outStart] = max + logSum;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var x = y.Inputs[0];
        return new[] { Sym.Unreduce(ybar, x.Shape, Axis) * Sym.Softmax(x, Axis) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) =>
        xdot[0] is null ? null : Sym.Sum(Sym.Softmax(y.Inputs[0], Axis) * xdot[0]!, Axis);
}
