using SymGraph.Ops;
using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyPipelineTests
{
    [Fact]
    public void Simplify_MillionNodeChain_NoStackOverflow()
    {
        // 500,000 rounds of (y + 1)·1: a million arithmetic nodes, each mul-by-one removed and each add
        // rebuilt on its simplified input, bottom-up, in loops, not recursion.
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = x;
        for (int i = 0; i < 500_000; i++) y = (y + 1.0) * 1.0;
        var result = Simplifier.Run(new[] { y });
        Assert.True(result.Converged);
        var counts = GraphStatistics.Count(result.Outputs);
        Assert.Equal(500_002, counts.Total);
        Assert.Equal(500_000, counts["add"]);
        Assert.Equal(0, counts["mul"]);

        var copy = EliminateDeadNodes.Copy(result.Outputs);
        Assert.Equal(500_002, copy.Graph.Nodes.Count);
        var value = Interpreter.Evaluate(copy.Outputs[0], new Dictionary<string, Tensor> { ["x"] = Tensor.Scalar(0.5) });
        Assert.Equal(500_000.5, value.ToScalar());
    }

    [Fact]
    public void Simplify_MillionNegations_CollapseWithoutNewNodes()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = x;
        for (int i = 0; i < 1_000_000; i++) y = -y;
        int nodes = g.Nodes.Count;
        Assert.Same(x, Simplifier.Simplify(y));
        Assert.Equal(nodes, g.Nodes.Count);
    }

    [Fact]
    public void Simplify_NothingToSimplify_ReturnsSameNodes()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var outputs = new[] { Sym.Sum(Sym.Exp(x) * x), Sym.Tanh(x) };
        var result = Simplifier.Simplify(outputs);
        Assert.Same(outputs[0], result[0]);
        Assert.Same(outputs[1], result[1]);
    }

    [Fact]
    public void Simplify_Replacement_InheritsNameOriginAndDerivativeMark()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var at = new SourceLocation("model.sg", 4, 9);
        Node h;
        using (g.At(at)) h = Sym.Pow(x, 2.0).Named("h");
        var after = Simplifier.Simplify(h);
        Assert.IsType<Mul>(after.Op);
        Assert.Equal("h", after.Name);
        Assert.Equal(at, after.Origin);
        Assert.False(after.IsDerivative);

        var grad = Autodiff.Grad(Sym.Sum(Sym.Pow(x, 2.0)), x);
        var simplifiedGrad = Simplifier.Simplify(grad);
        Assert.NotSame(grad, simplifiedGrad);
        Assert.True(simplifiedGrad.IsDerivative);
        Assert.Equal(grad.Name, simplifiedGrad.Name);
    }

    [Fact]
    public void Simplify_Trace_RecordsRuleBeforeAndAfter()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var trace = new RewriteTrace();
        var after = Simplifier.Simplify(-(-(x * 1.0)), new SimplifyOptions { Trace = trace });
        Assert.Same(x, after);
        Assert.Equal(new[] { "double-neg", "mul-by-one" }, trace.RulesFired());
        var first = trace.Events[0];
        Assert.Equal("algebra", first.Pass);
        Assert.Equal("mul-by-one", first.Rule.Name);
        Assert.Same(x, first.After);
        Assert.Equal($"mul-by-one: %{first.Before.Id}:f64[] = mul %0 %1  ->  %0(x)", first.ToString());
        Assert.True(trace.AllExact);
    }

    [Fact]
    public void Simplify_RewritesEnablingRewrites_ReachFixedPoint()
    {
        // pow-two turns s² into the existing s·s, and then s·s − s·s is zero (s is finite for finite x); the second
        // round sees nothing left to do.
        var g = new Graph();
        var s = Sym.Sigmoid(g.Parameter("x", 3));
        var y = Sym.Pow(s, 2.0) - s * s;
        var result = Simplifier.Run(new[] { y }, new SimplifyOptions { AssumeFiniteInputs = true });
        Assert.True(result.Converged);
        Assert.True(result.Rounds >= 2);
        Assert.Same(Sym.ZerosLike(s), result.Outputs[0]);
    }

    [Fact]
    public void Simplify_OutputsOfTwoGraphs_Throws()
    {
        var a = new Graph().Parameter("x", 1);
        var b = new Graph().Parameter("x", 1);
        Assert.Throws<ArgumentException>(() => Simplifier.Simplify(new[] { a, b }));
    }

    [Fact]
    public void Simplify_DisabledRule_DoesNotFire()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = Sym.Pow(x, 2.0);
        var options = new SimplifyOptions();
        options.DisabledRules.Add("pow-two");
        Assert.Same(y, Simplifier.Simplify(y, options));
    }

    [Fact]
    public void Simplify_CopyToFreshGraph_ResultGraphHoldsOnlyLiveNodes()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var loss = Sym.Sum(Sym.Pow(x, 2.0) * 1.0);
        var grad = Autodiff.Grad(loss, x);
        var result = Simplifier.Simplify(new[] { loss, grad }, new SimplifyOptions { CopyToFreshGraph = true });
        var fresh = result[0].Graph;
        Assert.NotSame(g, fresh);
        Assert.Equal(Topology.Sort(result).Count, fresh.Nodes.Count);
        var values = new Dictionary<string, Tensor> { ["x"] = Tensor.Vector(1, 2, 3) };
        Assert.Equal(14.0, Interpreter.Evaluate(result[0], values).ToScalar());
        TestUtil.AssertClose(new[] { 2.0, 4, 6 }, Interpreter.Evaluate(result[1], values), 0, 0);
    }

    [Fact]
    public void Simplify_GradientOfPolynomial_LosesItsConstantScaffolding()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var loss = Sym.Sum(Sym.Pow(x, 2.0));
        var grad = Autodiff.Grad(loss, x);
        var after = Simplifier.Simplify(grad);
        // ∂/∂x Σx² = broadcast(1)·(2·x^(2−1)) -> 2·x (the ones, the pow and the 2 − 1 fold away).
        Assert.Same(Sym.Full(2.0, x) * x, after);
    }
}
