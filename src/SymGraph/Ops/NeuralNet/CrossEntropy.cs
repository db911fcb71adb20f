using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// The family of cross-entropies along the last axis: two inputs of equal shape, one value per row
/// (the last axis is removed).
/// </summary>
public abstract class RowLoss : Op
{
    /// <summary>Creates the op.</summary>
    protected RowLoss(string name) : base(name) { }

    /// <summary>The loss of one row.</summary>
    protected abstract double Row(double[] a, double[] y, int start, int n);

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 2);
        Shape a = inputs[0].Shape, y = inputs[1].Shape;
        if (a.Rank == 0) throw new ShapeException($"{Name}: needs at least one axis, got a scalar");
        if (a != y) throw new ShapeException($"{Name}: shapes {a} and {y} differ");
        return (a.RemoveAxis(a.Rank - 1), CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var a = inputs[0];
        int n = a.Dims[a.Rank - 1], rows = 1;
        for (int i = 0; i < a.Rank - 1; i++) rows *= a.Dims[i];
        var r = new double[rows];
        for (int i = 0; i < rows; i++) r[i] = Row(a.Data, inputs[1].Data, i * n, n);
        var dims = new int[a.Rank - 1];
        Array.Copy(a.Dims, dims, dims.Length);
        return new Tensor(dims, r, node.DType);
    }

    /// <summary>The last axis of <paramref name="x"/>.</summary>
    protected static int LastAxis(Node x) => x.Rank - 1;
}

/// <summary>
/// cross_entropy(p, y) = −Σ y ⊙ ln p per row, for probabilities p. p̄ = −ȳ·y/p, ȳ_y = −ȳ·ln p.
/// Prefer <c>cross_entropy_logits</c> on logits: it never takes the log of a rounded-to-zero p.
/// </summary>
public sealed class CrossEntropy : RowLoss
{
    /// <summary>The op.</summary>
    public static readonly CrossEntropy Instance = new();
    private CrossEntropy() : base("cross_entropy") { }

    /// <inheritdoc/>
    protected override double Row(double[] p, double[] y, int start, int n)
    {
        double s = 0;
        for (int k = 0; k < n; k++) s -= y[start + k] * Math.Log(p[start + k]);
        return s;
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var (p, t) = (y.Inputs[0], y.Inputs[1]);
        var g = Sym.Unreduce(ybar, p.Shape, LastAxis(p));
        return new[] { -(g * t / p), -(g * Sym.Log(p)) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var (p, t) = (y.Inputs[0], y.Inputs[1]);
        var d = AddTangents(xdot[0] is null ? null : t * xdot[0]! / p, xdot[1] is null ? null : xdot[1]! * Sym.Log(p));
        return d is null ? null : -Sym.Sum(d, LastAxis(p));
    }
}

/// <summary>
/// cross_entropy_logits(z, y) = −Σ y ⊙ log_softmax(z) per row, evaluated stably from logits.
/// z̄ = ȳ·(softmax(z)·Σy − y) (softmax(z) − y when rows of y sum to one); ȳ_y = −ȳ·log_softmax(z).
/// </summary>
public sealed class CrossEntropyLogits : RowLoss
{
    /// <summary>The op.</summary>
    public static readonly CrossEntropyLogits Instance = new();
    private CrossEntropyLogits() : base("cross_entropy_logits") { }

    /// <inheritdoc/>
    protected override double Row(double[] z, double[] y, int start, int n)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < n; k++) max = Math.Max(max, z[start + k]);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.Exp(MathUtil.ShiftByMax(z[start + k], max));
        // The shift z − max first: exact for nearby logits, where z − lse would cancel digits. A class with
        // y = 0 contributes nothing, also where its logit is infinitely far below the maximum (0·∞).
        double logSum = Math.Log(sum), s = 0;
        for (int k = 0; k < n; k++)
            if (y[start + k] != 0) s += y[start + k] * (logSum - MathUtil.ShiftByMax(z[start + k], max));
        return s;
    }

    // dL/dz for one unit of ȳ per row: softmax(z)·Σy − y.
    private static Node DLogits(Node z, Node t)
    {
        int axis = LastAxis(z);
        return Sym.Softmax(z, axis) * Sym.Unreduce(Sym.Sum(t, axis), z.Shape, axis) - t;
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var (z, t) = (y.Inputs[0], y.Inputs[1]);
        var g = Sym.Unreduce(ybar, z.Shape, LastAxis(z));
        return new[] { g * DLogits(z, t), -(g * Sym.LogSoftmax(z, LastAxis(z))) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var (z, t) = (y.Inputs[0], y.Inputs[1]);
        var d = AddTangents(
            xdot[0] is null ? null : xdot[0]! * DLogits(z, t),
            xdot[1] is null ? null : -(xdot[1]! * Sym.LogSoftmax(z, LastAxis(z))));
        return d is null ? null : Sym.Sum(d, LastAxis(z));
    }
}
