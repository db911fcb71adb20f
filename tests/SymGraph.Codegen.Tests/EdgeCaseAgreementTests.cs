using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.Expressions;
using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>
/// The stated rules at the edges (a constant exponent at 0, softmax and logsumexp with infinities,
/// the stable forms at logits of ±1e4), checked against hand-derived values in every executor: the
/// interpreter, the Expression backend and the generated C#, which must agree within
/// 1e-12·max(1, |value|) (bit-for-bit where a value is not finite).
/// </summary>
public class EdgeCaseAgreementTests
{
    // The values of outputs in every executor, named for the failure message.
    private static IEnumerable<(string Executor, Tensor[] Values)> Executors(Node[] outputs, Node[] arguments, Dictionary<Node, Tensor> values, string name)
    {
        yield return ("interpreter", Interpreter.Evaluate(outputs, values));
        var il = ExpressionCompiler.Compile(outputs, arguments);
        yield return ("Expression backend", il.Evaluate(arguments.ToDictionary(a => ((Leaf)a.Op).LeafName, a => values[a])));
        var cs = CSharpCompiler.Compile(CSharpHarness.Emit(outputs, arguments, name));
        yield return ("C# backend", CSharpHarness.Run(cs, "Run", values));
    }

    private static void AssertEverywhere(Node[] outputs, Node[] arguments, Dictionary<Node, Tensor> values, double[][] expected, string name)
    {
        foreach (var (executor, actual) in Executors(outputs, arguments, values, name))
            for (int i = 0; i < outputs.Length; i++)
                TestUtil.AssertClose(expected[i], actual[i], what: $"{name}, {executor}, output {i}");
    }

    // ---- pow at 0 with a constant integer exponent ---------------------------------------------

    // The k-th derivative of x^p, built by differentiating k times (no simplification in between).
    private static Node Derivative(Node f, Node x, int k)
    {
        for (int i = 0; i < k; i++) f = Autodiff.Grad(f, x);
        return f;
    }

    [Theory]
    [InlineData(0, 1, 0.0, 0.0)]   // d/dx x⁰ = 0, at 0 too (the general rule gives 0·0⁻¹ = NaN)
    [InlineData(3, 4, 0.0, 0.0)]   // the 4th derivative of x³
    [InlineData(2, 3, 0.0, 0.0)]   // the 3rd of x²
    [InlineData(1, 2, 0.0, 0.0)]   // the 2nd of x¹
    [InlineData(3, 3, 0.0, 6.0)]   // the 3rd of x³ is 6 everywhere
    [InlineData(3, 4, 1.5, 0.0)]
    [InlineData(3, 2, 1.5, 9.0)]   // 6x
    [InlineData(2, 2, 0.0, 2.0)]
    [InlineData(4, 3, -2.0, -48.0)] // 24x
    public void PowAtZero_ConstantIntegerExponent_DerivativesAreExact(int p, int order, double at, double expected)
    {
        var g = new Graph();
        var x = g.Parameter("x");
        var d = Derivative(Sym.Pow(x, p), x, order);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Scalar(at) };
        AssertEverywhere(new[] { d }, new[] { x }, values, new[] { new[] { expected } }, $"Pow{p}_D{order}_At{(at < 0 ? "m" : "")}{Math.Abs(at):0}".Replace(".", "_"));

        // Simplifying before differentiating gives the same answer as after.
        var g2 = new Graph();
        var x2 = g2.Parameter("x");
        var simplifiedFirst = Derivative(Simplify.Simplifier.Simplify(Sym.Pow(x2, p)), x2, order);
        TestUtil.AssertClose(expected, Interpreter.Evaluate(simplifiedFirst, new Dictionary<Node, Tensor> { [x2] = Tensor.Scalar(at) }).ToScalar());
    }

    [Fact]
    public void PowAtZero_ForwardMode_AgreesWithReverse()
    {
        var g = new Graph();
        var x = g.Parameter("x");
        var v = g.Input("v");
        var d1 = Autodiff.Jvp(new[] { Sym.Pow(x, 1.0) }, new[] { x }, new[] { v })[0]; // v·1·x⁰
        var d2 = Autodiff.Jvp(new[] { d1 }, new[] { x }, new[] { v })[0];              // v·v·(d/dx x⁰) = 0
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Scalar(0.0), [v] = Tensor.Scalar(2.0) };
        AssertEverywhere(new[] { d1, d2 }, new[] { x, v }, values, new[] { new[] { 2.0 }, new[] { 0.0 } }, "PowJvpAtZero");
    }

    // ---- softmax, log_softmax, logsumexp, cross_entropy_logits with infinities -------------------

    private const double Inf = double.PositiveInfinity;

    public static TheoryData<string, double[], double[], double[], double[]> InfinityCases => new()
    {
        // name, x, softmax, log_softmax, [logsumexp]
        { "PlusInfinity", new[] { Inf, 1, 2, 3 }, new[] { 1.0, 0, 0, 0 }, new[] { 0.0, -Inf, -Inf, -Inf }, new[] { Inf } },
        { "TwoPlusInfinities", new[] { Inf, 1, Inf, 3 }, new[] { 0.5, 0, 0.5, 0 }, new[] { -Math.Log(2), -Inf, -Math.Log(2), -Inf }, new[] { Inf } },
        { "AllMinusInfinity", new[] { -Inf, -Inf, -Inf, -Inf }, new[] { 0.25, 0.25, 0.25, 0.25 }, new[] { -Math.Log(4), -Math.Log(4), -Math.Log(4), -Math.Log(4) }, new[] { -Inf } },
        { "OneMinusInfinity", new[] { -Inf, 0, 0, 0 }, new[] { 0.0, 1.0 / 3, 1.0 / 3, 1.0 / 3 }, new[] { -Inf, -Math.Log(3), -Math.Log(3), -Math.Log(3) }, new[] { Math.Log(3) } },
        { "NaN", new[] { 1, double.NaN, Inf, 3 }, new[] { double.NaN, double.NaN, double.NaN, double.NaN }, new[] { double.NaN, double.NaN, double.NaN, double.NaN }, new[] { double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InfinityCases))]
    public void LogSumExp_WithInfinities_FollowsTheShiftRule(string name, double[] x, double[] softmax, double[] logSoftmax, double[] logSumExp)
    {
        var g = new Graph();
        var v = g.Input("x", 4);
        var outputs = new[] { Sym.Softmax(v), Sym.LogSoftmax(v), Sym.LogSumExp(v) };
        var values = new Dictionary<Node, Tensor> { [v] = new Tensor(new[] { 4 }, x) };
        AssertEverywhere(outputs, new[] { v }, values, new[] { softmax, logSoftmax, logSumExp }, "Inf_" + name);
    }

    [Fact]
    public void LogSumExp_OfPlusInfinity_IsPlusInfinity_AlongAnInnerAxisToo()
    {
        var g = new Graph();
        var m = g.Input("m", 2, 3);
        var outputs = new[] { Sym.LogSumExp(m, 0), Sym.Softmax(m, 0) };
        var values = new Dictionary<Node, Tensor> { [m] = new Tensor(new[] { 2, 3 }, new[] { Inf, 1, -Inf, 2, 1, -Inf }) };
        var expected = new[] { new[] { Inf, 1 + Math.Log(2), -Inf }, new[] { 1.0, 0.5, 0.5, 0, 0.5, 0.5 } };
        AssertEverywhere(outputs, new[] { m }, values, expected, "InfAxis0");
    }

    [Fact]
    public void CrossEntropyLogits_WithInfiniteLogits_IgnoresClassesWithZeroTarget()
    {
        var g = new Graph();
        var z = g.Input("z", 2, 3);
        var y = g.Input("y", 2, 3);
        var loss = Sym.CrossEntropyLogits(z, y);
        var values = new Dictionary<Node, Tensor>
        {
            [z] = new Tensor(new[] { 2, 3 }, new[] { Inf, 1, 2, -Inf, 0, 0 }),
            [y] = new Tensor(new[] { 2, 3 }, new[] { 1.0, 0, 0, 0, 0.5, 0.5 }),
        };
        AssertEverywhere(new[] { loss }, new[] { z, y }, values, new[] { new[] { 0.0, Math.Log(2) } }, "CeInf");
    }

    // ---- stable forms at logits of ±1e4 -----------------------------------------------------------

    private static (Graph, Node Z, Node Y, Dictionary<Node, Tensor>) Logits()
    {
        var g = new Graph();
        var z = g.Parameter("z", 3);
        var y = g.Input("y", 3);
        var values = new Dictionary<Node, Tensor>
        {
            [z] = new Tensor(new[] { 3 }, new[] { 1e4, -1e4, 0 }),
            [y] = new Tensor(new[] { 3 }, new[] { 0.0, 1, 0 }),
        };
        return (g, z, y, values);
    }

    [Fact]
    public void StableForms_CrossEntropyWrittenOut_AtLargeLogits_AgreeEverywhereAndCheck()
    {
        var (_, z, y, values) = Logits();
        var loss = -Sym.Sum(y * Sym.Log(Sym.Softmax(z)));
        var grad = Autodiff.Grad(loss, z);
        // lse(z) = 1e4 (the other terms are e^-1e4, e^-2e4); loss = lse − z₁ = 2e4; gradient softmax(z) − y.
        AssertEverywhere(new[] { loss, grad }, new[] { z, y }, values, new[] { new[] { 2e4 }, new[] { 1.0, -1, 0 } }, "CeWrittenOut");
        Assert.True(FiniteDifferences.CheckGradient(loss, new[] { z }, values).Passed);
    }

    [Fact]
    public void StableForms_CrossEntropyOfSoftmax_AtLargeLogits_AgreeEverywhereAndCheck()
    {
        // A batch of one row: cross_entropy takes [batch, classes].
        var g = new Graph();
        var z = g.Parameter("z", 1, 3);
        var y = g.Input("y", 1, 3);
        var values = new Dictionary<Node, Tensor>
        {
            [z] = new Tensor(new[] { 1, 3 }, new[] { 1e4, -1e4, 0 }),
            [y] = new Tensor(new[] { 1, 3 }, new[] { 0.0, 1, 0 }),
        };
        var loss = Sym.Sum(Sym.CrossEntropy(Sym.Softmax(z), y));
        var grad = Autodiff.Grad(loss, z);
        AssertEverywhere(new[] { loss, grad }, new[] { z, y }, values, new[] { new[] { 2e4 }, new[] { 1.0, -1, 0 } }, "CeOfSoftmax");
        Assert.True(FiniteDifferences.CheckGradient(loss, new[] { z }, values).Passed);
    }

    [Fact]
    public void StableForms_LogOfSigmoid_AtMinus800_IsMinus800Everywhere()
    {
        var g = new Graph();
        var x = g.Parameter("x");
        var f = Sym.Log(Sym.Sigmoid(x));
        var df = Autodiff.Grad(f, x); // 1 − σ(x) = 1
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Scalar(-800) };
        AssertEverywhere(new[] { f, df }, new[] { x }, values, new[] { new[] { -800.0 }, new[] { 1.0 } }, "LogSigmoid");
        Assert.True(FiniteDifferences.CheckGradient(f, new[] { x }, values).Passed);
    }

    [Fact]
    public void StableForms_BinaryCrossEntropy_SigmoidUsedTwice_GradientFiniteEverywhere()
    {
        // p = σ(z) appears in log(p) and in log(1 − p): the textbook binary cross-entropy. The gradient
        // is σ(z) − y; differentiating the graph as written gives σ′(z)·(−y/p + …) = 0·∞ at z = ±800.
        var g = new Graph();
        var z = g.Parameter("z", 4);
        var y = g.Input("y", 4);
        var p = Sym.Sigmoid(z);
        var loss = -Sym.Sum(y * Sym.Log(p) + (1.0 - y) * Sym.Log(1.0 - p));
        var grad = Autodiff.Grad(loss, z);
        var values = new Dictionary<Node, Tensor>
        {
            [z] = new Tensor(new[] { 4 }, new[] { -800.0, -40, 0, 800 }),
            [y] = new Tensor(new[] { 4 }, new[] { 1.0, 0, 1, 0 }),
        };
        double s40 = 1 / (1 + Math.Exp(40));
        // loss = 800 + softplus(−40) + ln 2 + 800.
        double expectedLoss = 1600 + Math.Log(1 + Math.Exp(-40)) + Math.Log(2);
        AssertEverywhere(new[] { loss, grad }, new[] { z, y }, values, new[] { new[] { expectedLoss }, new[] { -1.0, s40, -0.5, 1 } }, "BceTwice");
        Assert.True(FiniteDifferences.CheckGradient(loss, new[] { z }, values).Passed);
    }

    [Fact]
    public void StableForms_SoftmaxUsedTwice_AtLargeLogits_GradientFinite()
    {
        // p = softmax(z) in the cross-entropy and again in a second term: the gradient of the
        // cross-entropy part is taken of log_softmax(z), so no 0·∞ is formed.
        var (_, z, y, values) = Logits();
        var p = Sym.Softmax(z);
        var loss = -Sym.Sum(y * Sym.Log(p)) + 0.5 * Sym.Sum(p * p);
        var grad = Autodiff.Grad(loss, z);
        // p = [1, 0, 0] (to 1e-4343): d/dz ½Σp² = p ⊙ (p − Σp²) = 0 there, so the gradient is softmax(z) − y.
        AssertEverywhere(new[] { loss, grad }, new[] { z, y }, values, new[] { new[] { 2e4 + 0.5 }, new[] { 1.0, -1, 0 } }, "SoftmaxTwice");
    }

    [Fact]
    public void Interpreter_AsBuilt_StillShowsTheUnstableValues()
    {
        // The literal evaluation stays available: it is what the stable rewrites are tested against.
        var (_, z, y, values) = Logits();
        var naive = Sym.Log(Sym.Softmax(z));
        Assert.Equal(double.NegativeInfinity, Interpreter.EvaluateAsBuilt(new[] { naive }, values)[0].Data[1]);
        Assert.Equal(-2e4, Interpreter.Evaluate(naive, values).Data[1]);
    }
}
