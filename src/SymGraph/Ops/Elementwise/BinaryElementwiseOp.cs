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

    /// <summary>The scalar function.</summary>
    public abstract double Apply(double a, double b);

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
        for (int i = 0; i < r.Length; i++) r[i] = Apply(a[i], b[i]);
        return new Tensor((int[])inputs[0].Dims.Clone(), r, node.DType);
    }
}
