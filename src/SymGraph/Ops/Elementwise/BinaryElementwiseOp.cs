using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// The family of element-wise functions of two arguments of equal shape (the builder inserts
/// <see cref="Broadcast"/> nodes first, so these ops never broadcast themselves).
/// </summary>
public abstract class BinaryElementwiseOp : Op
{
    /// <summary>Creates the op.</summary>
    protected BinaryElementwiseOp(string name) : base(name) { }

    /// <summary>The scalar function, as data: the interpreter, both backends and constant folding all take it from here.</summary>
    public abstract override Formula? Formula { get; }

    /// <summary>The scalar function at (<paramref name="a"/>, <paramref name="b"/>) (the formula, compiled once).</summary>
    public double Apply(double a, double b) => Evaluator(a, b);

    private Func<double, double, double>? _evaluator;

    private Func<double, double, double> Evaluator => _evaluator ??= (Func<double, double, double>)FormulaExpressions.Compile(Formula!, 2);

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 2);
        if (inputs[0].Shape != inputs[1].Shape)
            throw new ShapeException($"{Name}: shapes {inputs[0].Shape} and {inputs[1].Shape} differ (broadcast them first)");
        return (inputs[0].Shape, CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        double[] a = inputs[0].Data, b = inputs[1].Data;
        var r = new double[a.Length];
        var f = Evaluator;
        for (int i = 0; i < r.Length; i++) r[i] = f(a[i], b[i]);
        return new Tensor((int[])inputs[0].Dims.Clone(), r, node.DType);
    }
}
