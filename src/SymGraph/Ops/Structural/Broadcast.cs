using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// Stretches x to <see cref="Target"/> under NumPy rules (right-aligned; missing leading axes and
/// size-1 axes repeat). The one place broadcasting happens: element-wise ops see equal shapes.
/// VJP: x̄ = sum_to(ȳ, shape of x). JVP: ẏ = broadcast(ẋ).
/// </summary>
public sealed class Broadcast : Op
{
    internal Broadcast(Shape target) : base("broadcast") => Target = target;

    /// <summary>The output shape.</summary>
    public Shape Target { get; }

    /// <inheritdoc/>
    public override string Attributes => Target.ToString();

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        if (!inputs[0].Shape.BroadcastsTo(Target))
            throw new ShapeException($"broadcast: cannot broadcast {inputs[0].Shape} to {Target}");
        return (Target, inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var dims = context.Resolve(Target);
        var map = Indexing.BroadcastMap(inputs[0].Dims, dims);
        var src = inputs[0].Data;
        var r = new double[map.Length];
        for (int i = 0; i < r.Length; i++) r[i] = src[map[i]];
        return new Tensor(dims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Sym.SumTo(ybar, y.Inputs[0].Shape) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Sym.Broadcast(xdot[0]!, Target);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Broadcast b && b.Target == Target;

    /// <inheritdoc/>
    public override int GetHashCode() => Target.GetHashCode() ^ 0x5bd1e995;
}

/// <summary>
/// The adjoint of <see cref="Broadcast"/>: sums x down to <see cref="Target"/>, a shape that
/// broadcasts to x's (leading axes and axes where the target has size 1 are summed).
/// VJP: x̄ = broadcast(ȳ, shape of x). JVP: ẏ = sum_to(ẋ).
/// </summary>
public sealed class SumTo : Op
{
    internal SumTo(Shape target) : base("sum_to") => Target = target;

    /// <summary>The output shape.</summary>
    public Shape Target { get; }

    /// <inheritdoc/>
    public override string Attributes => Target.ToString();

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 1);
        if (!Target.BroadcastsTo(inputs[0].Shape))
            throw new ShapeException($"sum_to: cannot sum {inputs[0].Shape} down to {Target}");
        return (Target, inputs[0].DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var dims = context.Resolve(Target);
        var map = Indexing.BroadcastMap(dims, inputs[0].Dims);
        var src = inputs[0].Data;
        int n = 1;
        foreach (var d in dims) n *= d;
        var r = new double[n];
        for (int i = 0; i < map.Length; i++) r[map[i]] += src[i];
        return new Tensor(dims, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => new[] { Sym.Broadcast(ybar, y.Inputs[0].Shape) };

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => xdot[0] is null ? null : Sym.SumTo(xdot[0]!, Target);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SumTo s && s.Target == Target;

    /// <inheritdoc/>
    public override int GetHashCode() => Target.GetHashCode() ^ 0x2c1b3c6d;
}
