namespace SymGraph.Tests;

/// <summary>The models whose generated code is kept as snapshots.</summary>
internal static class CSharpModels
{
    /// <summary>Rosenbrock over n scalar parameters: f = Σᵢ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².</summary>
    public static (Node f, Node[] x) Rosenbrock(int n)
    {
        var g = new Graph();
        var x = Enumerable.Range(0, n).Select(i => g.Parameter($"x{i}", Shape.Scalar)).ToArray();
        Node? f = null;
        for (int i = 0; i < n - 1; i++)
        {
            var term = 100.0 * Sym.Square(x[i + 1] - Sym.Square(x[i])) + Sym.Square(1.0 - x[i]);
            f = f is null ? term : f + term;
        }
        return (f!.Named("f"), x);
    }

    /// <summary>The chain-rule example z = f(f(f(w))) with f = sin, intermediate values named x and y.</summary>
    public static (Node z, Node w) SinChain()
    {
        var g = new Graph();
        var w = g.Parameter("w", Shape.Scalar);
        var x = Sym.Sin(w).Named("x");
        var y = Sym.Sin(x).Named("y");
        return (Sym.Sin(y).Named("z"), w);
    }

    /// <summary>The 1-2-1 network: a = σ(w1·x + b1), y = Σ w2·a + b2, loss = ½(y − t)².</summary>
    public static (Node loss, Node[] parameters) Network121()
    {
        var g = new Graph();
        var x = g.Input("x", Shape.Scalar);
        var t = g.Input("t", Shape.Scalar);
        var w1 = g.Parameter("w1", 2);
        var b1 = g.Parameter("b1", 2);
        var w2 = g.Parameter("w2", 2);
        var b2 = g.Parameter("b2", Shape.Scalar);
        var a = Sym.Sigmoid(w1 * x + b1).Named("a");
        var y = (Sym.Sum(w2 * a) + b2).Named("y");
        var loss = (0.5 * Sym.Square(y - t)).Named("loss");
        return (loss, new[] { w1, b1, w2, b2 });
    }

    /// <summary>Multinomial logistic regression: loss = mean(cross_entropy_logits(X·W + b, Y)) over a batch of m rows.</summary>
    public static (Node loss, Node[] parameters) MultinomialLogistic(int features = 4, int classes = 3)
    {
        var g = new Graph();
        var X = g.Input("X", "m", features);
        var Y = g.Input("Y", "m", classes);
        var W = g.Parameter("W", features, classes);
        var b = g.Parameter("b", classes);
        var z = (Sym.MatMul(X, W) + b).Named("z");
        var loss = Sym.Mean(Sym.CrossEntropyLogits(z, Y)).Named("loss");
        return (loss, new[] { W, b });
    }

    /// <summary>A two-layer perceptron: h = relu(X·W1 + b1), p = softmax(h·W2 + b2), loss = mean(cross_entropy(p, Y)).</summary>
    public static (Node loss, Node[] parameters) TwoLayerMlp(int inputs = 4, int hidden = 5, int classes = 3)
    {
        var g = new Graph();
        var X = g.Input("X", "batch", inputs);
        var Y = g.Input("Y", "batch", classes);
        var W1 = g.Parameter("W1", inputs, hidden);
        var b1 = g.Parameter("b1", hidden);
        var W2 = g.Parameter("W2", hidden, classes);
        var b2 = g.Parameter("b2", classes);
        var h = Sym.Relu(Sym.MatMul(X, W1) + b1).Named("h");
        var z = (Sym.MatMul(h, W2) + b2).Named("z");
        var p = Sym.Softmax(z).Named("p");
        var loss = Sym.Mean(Sym.CrossEntropy(p, Y)).Named("loss");
        return (loss, new[] { W1, b1, W2, b2 });
    }

    /// <summary>W3 of the benchmarks: the XOR network 2-8-1 (defined with the benchmark workloads).</summary>
    public static (Node loss, Node[] inputs, Node[] parameters) Xor() => SymGraph.Benchmarks.Workloads.Xor();
}
