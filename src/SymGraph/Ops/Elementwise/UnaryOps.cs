using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

// The element-wise functions of one argument. Each states its scalar function and its local
// derivative; kinks carry their convention next to the rule.

/// <summary>-x. d/dx = −1.</summary>
public sealed class Neg : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Neg Instance = new();
    private Neg() : base("neg") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = -Formula.X;

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => Sym.Full(-1.0, x);

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { -ybar };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : -xdot[0]!;
}

/// <summary>eˣ. d/dx = eˣ, reusing the output.</summary>
public sealed class Exp : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Exp Instance = new();
    private Exp() : base("exp") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Exp(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => y;
}

/// <summary>ln x. d/dx = 1/x (the VJP is written ȳ/x rather than ȳ·(1/x)).</summary>
public sealed class Log : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Log Instance = new();
    private Log() : base("log") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Log(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => 1.0 / x;

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { ybar / y.Inputs[0] };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : xdot[0]! / y.Inputs[0];
}

/// <summary>√x. d/dx = 1/(2√x), reusing the output; infinite at 0.</summary>
public sealed class Sqrt : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Sqrt Instance = new();
    private Sqrt() : base("sqrt") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Sqrt, Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => 0.5 / y;
}

/// <summary>|x|. d/dx = sign(x); at the kink abs'(0) = 0 (the subgradient of least norm).</summary>
public sealed class Abs : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Abs Instance = new();
    private Abs() : base("abs") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Abs(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => Sym.Sign(x);
}

/// <summary>sign(x) ∈ {−1, 0, 1} (NaN stays NaN). Piecewise constant: its derivative is zero (none flows).</summary>
public sealed class Sign : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Sign Instance = new();
    private Sign() : base("sign") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Sign.Call(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => null;
}

/// <summary>sin x. d/dx = cos x.</summary>
public sealed class Sin : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Sin Instance = new();
    private Sin() : base("sin") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Sin, Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => Sym.Cos(x);
}

/// <summary>cos x. d/dx = −sin x.</summary>
public sealed class Cos : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Cos Instance = new();
    private Cos() : base("cos") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Cos, Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => -Sym.Sin(x);
}

/// <summary>tan x. d/dx = 1 + tan² x, reusing the output.</summary>
public sealed class Tan : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Tan Instance = new();
    private Tan() : base("tan") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Tan, Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => 1.0 + y * y;
}

/// <summary>tanh x. Smooth everywhere; d/dx = 1 − tanh² x, reusing the output.</summary>
public sealed class Tanh : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Tanh Instance = new();
    private Tanh() : base("tanh") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.Math(MathFunction.Tanh, Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => 1.0 - y * y;
}

/// <summary>σ(x) = 1/(1 + e⁻ˣ), evaluated without overflow. d/dx = σ(x)(1 − σ(x)), reusing the output.</summary>
public sealed class Sigmoid : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Sigmoid Instance = new();
    private Sigmoid() : base("sigmoid") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Sigmoid.Call(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => y * (1.0 - y);
}

/// <summary>
/// max(x, 0). d/dx = 1 for x &gt; 0 and 0 otherwise: relu'(0) = 0. The step is written as the
/// comparison x &gt; 0, not through <c>maximum(x, 0)</c>, whose tie rule would pass the gradient at 0.
/// </summary>
public sealed class Relu : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Relu Instance = new();
    private Relu() : base("relu") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Relu.Call(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => Sym.Greater(x, Sym.Full(0.0, x));
}

/// <summary>softplus(x) = ln(1 + eˣ), evaluated as max(x, 0) + ln(1 + e^−|x|). d/dx = σ(x).</summary>
public sealed class Softplus : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Softplus Instance = new();
    private Softplus() : base("softplus") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formulas.Softplus.Call(Formula.X);

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => Sym.Sigmoid(x);
}

/// <summary>x². d/dx = 2x.</summary>
public sealed class Square : UnaryElementwiseOp
{
    /// <summary>The op.</summary>
    public static readonly Square Instance = new();
    private Square() : base("square") { }

    /// <inheritdoc/>
    public override Formula Formula { get; } = Formula.X * Formula.X;

    /// <inheritdoc/>
    public override Node? Derivative(Node x, Node y) => 2.0 * x;
}
