using Xunit.Abstractions;

namespace SymGraph.Tests;

public class GradientPropertyTests
{
    private readonly ITestOutputHelper _output;
    public GradientPropertyTests(ITestOutputHelper output) => _output = output;

    /// <summary>Tolerance of the property test: |symbolic − numeric| ≤ 1e-6 + 1e-5·|numeric| per entry.</summary>
    private static readonly FiniteDifferenceOptions Tolerance = new() { AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-5 };

    [Fact]
    public void RandomGraphs_GradientsAgreeWithCentralDifferences()
    {
        const int graphs = 2000;
        int redraws = 0;
        var failures = new List<string>();
        for (int seed = 0; seed < graphs; seed++)
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var rng = new Random(seed);
            DerivativeCheck? check = null;
            // A random point can land within a finite-difference step of a kink (relu, abs, max,
            // where): then, and only then, draw a new point. Redraws are counted and bounded below.
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var values = TestUtil.RandomValues(graph, rng);
                check = FiniteDifferences.CheckGradient(cost, parameters, values, Tolerance);
                if (check.Passed) break;
                redraws++;
            }
            if (!check!.Passed)
                failures.Add($"seed {seed}: {check}\n{TextPrinter.Print(cost)}");
        }
        _output.WriteLine($"{graphs} graphs, {redraws} points redrawn near kinks");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(3)));
        Assert.True(redraws < graphs / 50, $"{redraws} redraws: too many points near kinks");
    }
}
