using System.Linq;

namespace SymGraph.Tests;

/// <summary>
/// The benchmark problems of the simplifier's counts (also compiled into tools/SymGraph.Stats, which
/// prints the table): Rosenbrock written with scalar nodes, and a perceptron loss written with matmuls.
/// </summary>
internal static class SimplifyProblems
{
    /// <summary>f(x) = Σ_{i=0}^{n−2} [100 (x_{i+1} − x_i²)² + (1 − x_i)²] over n scalar parameters.</summary>
    public static (Node F, Node[] X) Rosenbrock(int n)
    {
        var g = new Graph();
        var x = Enumerable.Range(0, n).Select(i => g.Parameter($"x{i}", Shape.Scalar)).ToArray();
        Node? f = null;
        for (int i = 0; i < n - 1; i++)
        {
            var term = 100.0 * Sym.Pow(x[i + 1] - Sym.Pow(x[i], 2.0), 2.0) + Sym.Pow(1.0 - x[i], 2.0);
            f = f is null ? term : f + term;
        }
        return (f!.Named("f"), x);
    }

    /// <summary>
    /// mean(cross_entropy_logits(z, y)) for z = relu(relu(x·W1 + b1)·W2 + b2)·W3 + b3 with layer sizes
    /// <paramref name="sizes"/> (784, 256, 128, 10) and a symbolic batch. Returns the parameters W1, b1, W2, ….
    /// </summary>
    public static (Node Loss, Node[] Parameters) Perceptron(params int[] sizes)
    {
        var g = new Graph();
        var x = g.Input("x", "batch", sizes[0]);
        var y = g.Input("y", "batch", sizes[^1]);
        var parameters = new System.Collections.Generic.List<Node>();
        var a = x;
        for (int l = 1; l < sizes.Length; l++)
        {
            var w = g.Parameter($"W{l}", sizes[l - 1], sizes[l]);
            var b = g.Parameter($"b{l}", sizes[l]);
            parameters.Add(w);
            parameters.Add(b);
            a = Sym.MatMul(a, w) + b;
            if (l < sizes.Length - 1) a = Sym.Relu(a);
        }
        var loss = Sym.Mean(Sym.CrossEntropyLogits(a, y)).Named("loss");
        return (loss, parameters.ToArray());
    }
}
