using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyStatisticsTests
{
    [Fact]
    public void Count_SmallGraph_TotalAndPerOp()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var y = Sym.Sum(Sym.Exp(x) * 2.0 + Sym.Exp(x));
        var counts = GraphStatistics.Count(y);
        Assert.Equal(7, counts.Total);
        Assert.Equal(1, counts["exp"]);
        Assert.Equal(0, counts["log"]);
        Assert.Equal("7 nodes: add 1, broadcast 1, const 1, exp 1, mul 1, param 1, sum 1", counts.ToString());
    }

    [Fact]
    public void Derivatives_Quadratic_CountsEachStageBeforeAndAfter()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = g.Parameter("y", Shape.Scalar);
        var f = Sym.Pow(x, 2.0) * y;
        var stats = GraphStatistics.Derivatives(f, new[] { x, y });
        Assert.Equal(5, stats.Function.Before.Total);
        Assert.Equal(4, stats.Function.After.Total); // x, y, x·x, (x·x)·y
        Assert.True(stats.Gradient.After.Total < stats.Gradient.Before.Total);
        Assert.True(stats.Hessian!.After.Total < stats.Hessian.Before.Total);
        Assert.True(stats.GradientRatio <= 3, stats.ToString());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public void Derivatives_ScalarRosenbrock_GradientAtMostThreeTimesFunction(int n)
    {
        var (f, x) = SimplifyProblems.Rosenbrock(n);
        var stats = GraphStatistics.Derivatives(f, x);
        Assert.True(stats.GradientRatio <= 3, stats.ToString());
        Assert.True(stats.Function.After.Total <= stats.Function.Before.Total);
        Assert.True(stats.Hessian!.After.Total <= stats.Hessian.Before.Total);

        // The simplified gradient and Hessian compute what the raw ones do.
        var grads = Autodiff.Grad(f, x);
        var simplified = Simplifier.Simplify(grads);
        var values = SimplifyTestKit.Values(f.Graph, 11);
        var expected = TestUtil.AsBuilt(grads, values);
        var actual = TestUtil.AsBuilt(simplified, values);
        for (int i = 0; i < n; i++) TestUtil.AssertClose(expected[i], actual[i], 1e-14, 1e-12);
    }

    [Fact]
    public void Derivatives_MatMulPerceptron_GradientAtMostThreeTimesFunction()
    {
        var (loss, parameters) = SimplifyProblems.Perceptron(784, 256, 128, 10);
        var stats = GraphStatistics.Derivatives(loss, parameters, hessianWrt: new[] { parameters[^1] });
        Assert.True(stats.GradientRatio <= 3, stats.ToString());
    }
}
