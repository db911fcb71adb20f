using Xunit.Abstractions;

namespace SymGraph.Tests;

public class GrowthTests
{
    private readonly ITestOutputHelper _output;
    public GrowthTests(ITestOutputHelper output) => _output = output;

    /// <summary>New gradient nodes per forward node stay below this constant at every depth: no expression swell.</summary>
    public const double GrowthConstant = 2.0;

    [Fact]
    public void NestedFunction_GradientGraphGrowsLinearly()
    {
        // z = f(f(…f(w))), f(u) = sin(u)·u + exp(−u·u).
        for (int depth = 1; depth <= 64; depth++)
        {
            var g = new Graph();
            var w = g.Parameter("w");
            var z = w;
            for (int i = 0; i < depth; i++) z = Sym.Sin(z) * z + Sym.Exp(-(z * z));
            int forward = Topology.Sort(z).Count;
            var dz = Autodiff.Grad(z, w);
            int total = Topology.Sort(new[] { z, dz }).Count;
            double ratio = (double)(total - forward) / forward;
            if (depth is 1 or 2 or 4 or 8 or 16 or 32 or 64) _output.WriteLine($"depth {depth}: forward {forward}, gradient adds {total - forward}, ratio {ratio:F3}");
            Assert.True(ratio < GrowthConstant, $"depth {depth}: ratio {ratio}");

            // And the graph is right: compare with central differences at one point.
            var values = new Dictionary<Node, Tensor> { [w] = Tensor.Scalar(0.3) };
            if (depth is 1 or 8 or 64)
                Assert.True(FiniteDifferences.CheckGradient(z, new[] { w }, values).Passed);
        }
    }
}
