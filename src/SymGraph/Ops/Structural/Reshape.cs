using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// Reinterprets x's row-major elements with shape <see cref="Target"/> (same element count, also for
/// symbolic sizes: [batch,4] may become [2,batch,2]). VJP: reshape back. JVP: reshape the tangent.
/// </summary>
public sealed class Reshape : Op
{
    internal Reshape(Shape target) : base("reshape") => Target = target;

    /// <summary>The output shape.</summary>
    public Shape Target { get; }

    /// <inheritdoc/>
    public override string Attributes => Target.ToString();

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        if (inputs[0].Shape.SizeKey() != Target.SizeKey())
            throw new ShapeException($"reshape: cannot reshape {inputs[0].Shape} to {Target} (element counts differ)");
        return (Target, inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context) =>
        new Tensor(context.Resolve(Target), (double[])inputs[0].Data.Clone(), node.DType);

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Sym.Reshape(ybar, y.Inputs[0].Shape) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Sym.Reshape(xdot[0]!, Target);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Reshape r && r.Target == Target;

    /// <inheritdoc/>
    public override int GetHashCode() => Target.GetHashCode() ^ 0x7f4a7c15;
}
