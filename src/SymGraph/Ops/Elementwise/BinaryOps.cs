using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

// The element-wise functions of two arguments. Operands have equal shapes: broadcasting is an
// explicit Broadcast node inserted by the builder, so no rule here has to sum anything back.

/// <summary>a + b. ā = ȳ, b̄ = ȳ.</summary>
public sealed class Add : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Add Instance = new();
    private Add() : base("add") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.X + Formula.Y;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { ybar, ybar };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => AddTangents(xdot[0], xdot[1]);
}

/// <summary>a − b. ā = ȳ, b̄ = −ȳ.</summary>
public sealed class Sub : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Sub Instance = new();
    private Sub() : base("sub") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.X - Formula.Y;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { ybar, -ybar };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) =>
        xdot[1] is null ? xdot[0] : xdot[0] is null ? -xdot[1]! : xdot[0]! - xdot[1]!;
}

/// <summary>a · b. ā = ȳ·b, b̄ = ȳ·a (for <c>x * x</c> both reach x and sum to 2ȳx).</summary>
public sealed class Mul : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Mul Instance = new();
    private Mul() : base("mul") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.X * Formula.Y;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { ybar * y.Inputs[1], ybar * y.Inputs[0] };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) =>
        AddTangents(xdot[0] is null ? null : xdot[0]! * y.Inputs[1], xdot[1] is null ? null : y.Inputs[0] * xdot[1]!);
}

/// <summary>a / b. ā = ȳ/b, b̄ = −ȳ·y/b (reusing the output y = a/b).</summary>
public sealed class Div : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Div Instance = new();
    private Div() : base("div") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.X / Formula.Y;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var b = y.Inputs[1];
        return new[] { ybar / b, -(ybar * y / b) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var b = y.Inputs[1];
        return xdot[1] is null
            ? (xdot[0] is null ? null : xdot[0]! / b)
            : (xdot[0] is null ? -(xdot[1]! * y) : xdot[0]! - xdot[1]! * y) / b;
    }
}

/// <summary>
/// aᵇ. ā = ȳ·b·a^(b−1); b̄ = ȳ·y·ln a. No gradient is built for a constant exponent (its ln a
/// would be NaN for negative a and is never needed).
/// </summary>
/// <remarks>
/// A constant exponent c (a scalar constant or a broadcast of one) gets its derivative's exponent as
/// the constant c − 1, computed when the rule is built, and for c = 0 nothing flows: d/da a⁰ = 0
/// everywhere, at a = 0 too, where the general rule would give 0·0⁻¹ = 0·∞ = NaN. So every derivative
/// of a polynomial term is exact at 0 (the 4th derivative of x³ is 0, as in PyTorch and JAX), and
/// simplifying before or after differentiating gives the same answer.
/// </remarks>
public sealed class Pow : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Pow Instance = new();
    private Pow() : base("pow") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Pow, Formula.X, Formula.Y);

    // b·a^(b−1), or null (a structural zero) for the constant exponent 0.
    private static Node? DBase(Node y)
    {
        var (a, b) = (y.Inputs[0], y.Inputs[1]);
        if (Sym.ScalarConstant(b) is not double c) return b * Sym.Pow(a, b - 1.0);
        return c == 0 ? null : b * Sym.Pow(a, Sym.Full(c - 1.0, b));
    }

    private static Node? DExponent(Node y) => Sym.IsConstant(y.Inputs[1]) ? null : y * Sym.Log(y.Inputs[0]);

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var (db, de) = (DBase(y), DExponent(y));
        return new[] { db is null ? null : ybar * db, de is null ? null : ybar * de };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var db = xdot[0] is null ? null : DBase(y);
        return AddTangents(db is null ? null : xdot[0]! * db, xdot[1] is null ? null : xdot[1]! * DExponent(y)!);
    }
}

/// <summary>
/// max(a, b) element-wise. Ties go to the first argument: where a ≥ b, ā = ȳ and b̄ = 0; elsewhere
/// ā = 0 and b̄ = ȳ (a valid one-sided derivative; no split).
/// </summary>
public sealed class Maximum : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Maximum Instance = new();
    private Maximum() : base("maximum") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Maximum.Call(Formula.X, Formula.Y);

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => Selection.Vjp(Sym.GreaterEqual(y.Inputs[0], y.Inputs[1]), ybar);

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => Selection.Jvp(Sym.GreaterEqual(y.Inputs[0], y.Inputs[1]), xdot);
}

/// <summary>
/// min(a, b) element-wise. Ties go to the first argument: where a ≤ b, ā = ȳ and b̄ = 0; elsewhere
/// ā = 0 and b̄ = ȳ.
/// </summary>
public sealed class Minimum : BinaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Minimum Instance = new();
    private Minimum() : base("minimum") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Minimum.Call(Formula.X, Formula.Y);

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => Selection.Vjp(Sym.LessEqual(y.Inputs[0], y.Inputs[1]), ybar);

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => Selection.Jvp(Sym.LessEqual(y.Inputs[0], y.Inputs[1]), xdot);
}

/// <summary>Shared rules of ops that pick one of two values per element under a 0/1 mask.</summary>
internal static class Selection
{
    public static Node?[] Vjp(Node firstWins, Node ybar)
    {
        var zero = Sym.Full(0.0, ybar);
        return new[] { Sym.Where(firstWins, ybar, zero), Sym.Where(firstWins, zero, ybar) };
    }

    public static Node? Jvp(Node firstWins, IReadOnlyList<Node?> xdot)
    {
        if (xdot[0] is null && xdot[1] is null) return null;
        var zero = Sym.Full(0.0, firstWins);
        return Sym.Where(firstWins, xdot[0] ?? zero, xdot[1] ?? zero);
    }
}

/// <summary>
/// The comparisons. Each gives 1.0 where it holds and 0.0 elsewhere (NaN compares false, except
/// <c>not_equal</c>). Piecewise constant: no gradient flows through them.
/// </summary>
public sealed class Comparison : BinaryElementwiseOp
{
    private Comparison(string name, ComparisonKind kind) : base(name)
    {
        Kind = kind;
        Formula = Formula.Select(Formula.Compare(kind, Formula.X, Formula.Y), 1.0, 0.0);
    }

    /// <summary>Which comparison.</summary>
    public ComparisonKind Kind { get; }

    /// <summary>a &lt; b.</summary>
    public static readonly Comparison Less = new("less", ComparisonKind.Less);

    /// <summary>a ≤ b.</summary>
    public static readonly Comparison LessEqual = new("less_equal", ComparisonKind.LessEqual);

    /// <summary>a &gt; b.</summary>
    public static readonly Comparison Greater = new("greater", ComparisonKind.Greater);

    /// <summary>a ≥ b.</summary>
    public static readonly Comparison GreaterEqual = new("greater_equal", ComparisonKind.GreaterEqual);

    /// <summary>a = b.</summary>
    public static readonly Comparison Equal = new("equal", ComparisonKind.Equal);

    /// <summary>a ≠ b.</summary>
    public static readonly Comparison NotEqual = new("not_equal", ComparisonKind.NotEqual);

    /// <summary>All comparisons.</summary>
    public static IReadOnlyList<Comparison> All { get; } = new[] { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };

    /// <inheritdoc/>
    public override Formula Formula { get; }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new Node?[] { null, null };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => null;
}

/// <summary>
/// where(c, a, b): a where c ≠ 0, else b (c is a 0/1 mask, usually a comparison). c̄ = none,
/// ā = where(c, ȳ, 0), b̄ = where(c, 0, ȳ).
/// </summary>
public sealed class Where : Op
{
    /// <summary>The op.</summary>
    public static readonly Where Instance = new();
    private Where() : base("where") { }

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 3);
        if (inputs[0].Shape != inputs[1].Shape || inputs[1].Shape != inputs[2].Shape)
            throw new ShapeException($"where: shapes {inputs[0].Shape}, {inputs[1].Shape} and {inputs[2].Shape} differ (broadcast them first)");
        return (inputs[1].Shape, CommonDType(inputs));
    }

    /// <summary>c ≠ 0 ? a : b.</summary>
    public override Formula Formula { get; } = Formula.Select(Formula.Compare(ComparisonKind.NotEqual, Formula.X, 0.0), Formula.Y, Formula.Argument(2));

    private Func<double, double, double, double>? _evaluator;

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        double[] c = inputs[0].Data, a = inputs[1].Data, b = inputs[2].Data;
        var r = new double[a.Length];
        var f = _evaluator ??= (Func<double, double, double, double>)FormulaExpressions.Compile(Formula, 3);
        for (int i = 0; i < r.Length; i++) r[i] = f(c[i], a[i], b[i]);
        return new Tensor((int[])inputs[1].Dims.Clone(), r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var picked = Selection.Vjp(y.Inputs[0], ybar);
        return new[] { null, picked[0], picked[1] };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => Selection.Jvp(y.Inputs[0], new[] { xdot[1], xdot[2] });
}
