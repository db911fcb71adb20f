using SymGraph.Simplify;

namespace SymGraph.Tests;

/// <summary>
/// Logits of magnitude 1000: the naive graphs give −∞ or NaN, the simplified ones finite and correct
/// values, for the function and for its gradient, whether the gradient is taken of the naive graph
/// and simplified with it, or taken of the simplified function.
/// </summary>
public class SimplifyStabilityTests
{
    private static readonly double[,] Logits = { { 1000, -1000, 0 }, { 500, 1000, -1000 } };
    private static readonly double[,] Targets = { { 0.5, 0.25, 0.25 }, { 0, 1, 0 } };

    private static bool AllFinite(Tensor t) => t.Data.All(double.IsFinite);

    private static (Graph g, Node z, Node t, Dictionary<Node, Tensor> values) Setup()
    {
        var g = new Graph();
        var z = g.Parameter("z", 2, 3);
        var t = g.Input("t", 2, 3);
        var values = new Dictionary<Node, Tensor> { [z] = Tensor.Matrix(Logits), [t] = Tensor.Matrix(Targets) };
        return (g, z, t, values);
    }

    // Row-wise softmax and logsumexp of the logits, in exact arithmetic where it matters: each row's
    // maximum is 1000 and the other terms are below e^-500, so lse = 1000 exactly.
    private static double[] ExpectedLogSoftmax() => new double[] { 0, -2000, -1000, -500, 0, -2000 };

    private static double[] ExpectedSoftmax() => new double[] { 1, 0, 0, 0, 1, 0 };

    [Fact]
    public void LogOfSoftmax_LogitsOfMagnitude1000_FiniteAndCorrectAfterSimplify()
    {
        var (_, z, _, values) = Setup();
        var naive = Sym.Log(Sym.Softmax(z));
        Assert.Contains(double.NegativeInfinity, TestUtil.AsBuilt(naive, values).Data);

        var simplified = Simplifier.Simplify(naive);
        TestUtil.AssertClose(ExpectedLogSoftmax(), TestUtil.AsBuilt(simplified, values), 0, 0);
    }

    [Fact]
    public void LogOfSoftmax_GradientOfNaiveGraph_FiniteAndCorrectAfterSimplify()
    {
        // L = Σ t ⊙ log softmax(z); ∂L/∂z = t − softmax(z) · Σ_row t.
        var (_, z, t, values) = Setup();
        var loss = Sym.Sum(t * Sym.Log(Sym.Softmax(z)));
        var grad = Autodiff.Grad(loss, z);
        // Autodiff differentiates the stable form (log_softmax), so the gradient is finite as built.
        Assert.True(AllFinite(TestUtil.AsBuilt(grad, values)));

        var simplified = Simplifier.Simplify(new[] { loss, grad });
        var result = TestUtil.AsBuilt(simplified, values);
        var expectedLoss = 0.5 * 0 + 0.25 * -2000 + 0.25 * -1000 + 1 * 0;
        Assert.Equal(expectedLoss, result[0].ToScalar());
        var s = ExpectedSoftmax();
        var expectedGrad = Enumerable.Range(0, 6).Select(i => Targets[i / 3, i % 3] - s[i] * 1.0).ToArray();
        TestUtil.AssertClose(expectedGrad, result[1], 1e-15, 1e-15);
    }

    [Fact]
    public void LogOfSoftmax_GradientOfSimplifiedGraph_Finite()
    {
        var (_, z, t, values) = Setup();
        var loss = Simplifier.Simplify(Sym.Sum(t * Sym.Log(Sym.Softmax(z))));
        var grad = Simplifier.Simplify(Autodiff.Grad(loss, z));
        Assert.True(AllFinite(TestUtil.AsBuilt(grad, values)));
    }

    [Fact]
    public void CrossEntropyOfSoftmax_LogitsOfMagnitude1000_FiniteAndCorrectAfterSimplify()
    {
        // Row losses: −Σ t·log_softmax(z) = 0.25·2000 + 0.25·1000 = 750 and 0.
        var (_, z, t, values) = Setup();
        var naive = Sym.Mean(Sym.CrossEntropy(Sym.Softmax(z), t));
        Assert.False(double.IsFinite(TestUtil.AsBuilt(naive, values).ToScalar()));

        var simplified = Simplifier.Simplify(naive);
        Assert.Equal(375.0, TestUtil.AsBuilt(simplified, values).ToScalar());
        Assert.Contains(Topology.Sort(simplified), n => n.Op is SymGraph.Ops.CrossEntropyLogits);
    }

    [Fact]
    public void CrossEntropyOfSoftmax_GradientOfNaiveGraph_FiniteAndCorrectAfterSimplify()
    {
        // ∂ mean(CE)/∂z = (softmax(z)·Σ_row t − t) / rows.
        var (_, z, t, values) = Setup();
        var loss = Sym.Mean(Sym.CrossEntropy(Sym.Softmax(z), t));
        var grad = Autodiff.Grad(loss, z);
        // Autodiff differentiates the stable form (cross_entropy_logits), so the gradient is finite as built.
        Assert.True(AllFinite(TestUtil.AsBuilt(grad, values)));

        var simplified = Simplifier.Simplify(new[] { loss, grad });
        var result = TestUtil.AsBuilt(simplified, values);
        Assert.Equal(375.0, result[0].ToScalar());
        var s = ExpectedSoftmax();
        var expected = Enumerable.Range(0, 6).Select(i => (s[i] - Targets[i / 3, i % 3]) / 2).ToArray();
        TestUtil.AssertClose(expected, result[1], 1e-15, 1e-15);
    }

    [Fact]
    public void CrossEntropyWrittenOut_LogitsOfMagnitude1000_FusedAndFinite()
    {
        var (_, z, t, values) = Setup();
        var loss = Sym.Mean(-Sym.Sum(t * Sym.Log(Sym.Softmax(z)), -1));
        var grad = Autodiff.Grad(loss, z);
        var simplified = Simplifier.Simplify(new[] { loss, grad });
        var result = TestUtil.AsBuilt(simplified, values);
        Assert.Equal(375.0, result[0].ToScalar());
        Assert.True(AllFinite(result[1]));
        Assert.Contains(Topology.Sort(simplified[0]), n => n.Op is SymGraph.Ops.CrossEntropyLogits);
    }

    [Fact]
    public void LogOfSigmoid_ArgumentMinus1000_FiniteAndCorrectAfterSimplify()
    {
        // log σ(x) ≈ x and d/dx log σ(x) = 1 − σ(x) ≈ 1 for x = −1000; ≈ −e^−1000 and ≈ 0 for x = 1000.
        var g = new Graph();
        var x = g.Parameter("x", 2);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(-1000, 1000) };
        var loss = Sym.Sum(Sym.Log(Sym.Sigmoid(x)));
        var grad = Autodiff.Grad(loss, x);
        Assert.False(double.IsFinite(TestUtil.AsBuilt(loss, values).ToScalar()));
        // Autodiff differentiates the stable form (−softplus(−x)), so the gradient is finite as built.
        Assert.True(AllFinite(TestUtil.AsBuilt(grad, values)));

        var simplified = Simplifier.Simplify(new[] { Sym.Log(Sym.Sigmoid(x)), grad });
        var result = TestUtil.AsBuilt(simplified, values);
        TestUtil.AssertClose(new[] { -1000.0, 0.0 }, result[0], 0, 0);
        TestUtil.AssertClose(new[] { 1.0, 0.0 }, result[1], 0, 0);

        var gradOfSimplified = Simplifier.Simplify(Autodiff.Grad(Simplifier.Simplify(loss), x));
        TestUtil.AssertClose(new[] { 1.0, 0.0 }, TestUtil.AsBuilt(gradOfSimplified, values), 0, 0);
    }
}
