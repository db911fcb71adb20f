using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// matmul(a, b): [m,k]·[k,n] → [m,n] (the builder reshapes vectors, NumPy style).
/// VJP: ā = ȳ·bᵀ, b̄ = aᵀ·ȳ. JVP: ẏ = ȧ·b + a·ḃ.
/// </summary>
public sealed class MatMul : Op
{
    /// <summary>The op.</summary>
    public static readonly MatMul Instance = new();
    private MatMul() : base("matmul") { }

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 2);
        Shape a = inputs[0].Shape, b = inputs[1].Shape;
        if (a.Rank != 2 || b.Rank != 2 || a[1] != b[0])
            throw new ShapeException($"matmul: cannot multiply {a} by {b}");
        return (new Shape(a[0], b[1]), CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var (a, b) = (inputs[0], inputs[1]);
        int m = a.Dims[0], k = a.Dims[1], n = b.Dims[1];
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a.Data[i * k + p];
                for (int j = 0; j < n; j++) r[i * n + j] += aip * b.Data[p * n + j];
            }
        return new Tensor(new[] { m, n }, r, node.DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var (a, b) = (y.Inputs[0], y.Inputs[1]);
        return new[] { Sym.MatMul(ybar, Sym.Transpose(b)), Sym.MatMul(Sym.Transpose(a), ybar) };
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        var (a, b) = (y.Inputs[0], y.Inputs[1]);
        return AddTangents(
            xdot[0] is null ? null : Sym.MatMul(xdot[0]!, b),
            xdot[1] is null ? null : Sym.MatMul(a, xdot[1]!));
    }
}
