using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// The family of element-wise functions of one argument. A member states its scalar function and its
/// local derivative as a graph; this base supplies the type rule, the evaluation loop, the VJP
/// <c>x̄ = ȳ·D(x, y)</c> and the JVP <c>ẏ = ẋ·D(x, y)</c>.
/// </summary>
public abstract class UnaryElementwiseOp : Op
{
    /// <summary>Creates the op.</summary>
    protected UnaryElementwiseOp(string name) : base(name) { }

    /// <summary>The scalar function, as data: the interpreter, both backends and constant folding all take it from here.</summary>
    public abstract override Formula? Formula { get; }

    /// <summary>The scalar function at <paramref name="x"/> (the formula, compiled once).</summary>
    public double Apply(double x) => Evaluator(x);

    private Func<double, double>? _evaluator;

    private Func<double, double> Evaluator => _evaluator ??= (Func<double, double>)FormulaExpressions.Compile(Formula!, 1);

    /// <summary>
    /// The local derivative dy/dx as a node of x's shape, or <c>null</c> when it is zero everywhere it
    /// is defined. <paramref name="y"/> is the op's output, reused where that is cheaper.
    /// </summary>
    public abstract Node? Derivative(Node x, Node y);

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        return (inputs[0].Shape, inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var x = inputs[0].Data;
        var r = new double[x.Length];
        var f = Evaluator;
        for (int i = 0; i < r.Length; i++) r[i] = f(x[i]);
        return new Tensor((int[])inputs[0].Dims.Clone(), r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var d = Derivative(y.Inputs[0], y);
        return new[] { d is null ? null : ybar * d };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        if (xdot[0] is null) return null;
        var d = Derivative(y.Inputs[0], y);
        return d is null ? null : xdot[0]! * d;
    }
}
