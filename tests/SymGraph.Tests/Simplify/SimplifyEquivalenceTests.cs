using System.Text;
using SymGraph.Simplify;

namespace SymGraph.Tests;

/// <summary>
/// The linear simplifier against the driver as it was before it (<see cref="ReferenceSimplifier"/>): on
/// thousands of seeded random graphs, under every option set, both give the same graph node for node
/// (the same listing, the same rewrites in the same order, the same rounds), so every result, exact or
/// not, is bit for bit what it was.
/// </summary>
public class SimplifyEquivalenceTests
{
    private const int Graphs = 3000;

    public static TheoryData<string> OptionSets => new() { "default", "exact-only", "fast-math", "finite-inputs", "no-algebra" };

    private static SimplifyOptions Options(string set, RewriteTrace trace) => set switch
    {
        "default" => new SimplifyOptions { Trace = trace },
        "exact-only" => new SimplifyOptions { Trace = trace, ExactOnly = true },
        "fast-math" => new SimplifyOptions { Trace = trace, FastMath = true },
        "finite-inputs" => new SimplifyOptions { Trace = trace, AssumeFiniteInputs = true, MaxFoldedElements = 2 },
        "no-algebra" => new SimplifyOptions { Trace = trace, Passes = new Pass[] { Stabilize.Instance, CleanUpShapes.Instance }, MaxIterations = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, null),
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Simplify_RandomGraphs_SameGraphsAsTheReferenceDriver(string set)
    {
        var failures = new StringBuilder();
        int failed = 0, rewritten = 0;
        for (int seed = 0; seed < Graphs; seed++)
        {
            // The generator is deterministic: two builds of one seed are the same graph, node for node.
            var a = SimplifyRandomGraphs.Build(seed);
            var b = SimplifyRandomGraphs.Build(seed);
            var (traceA, traceB) = (new RewriteTrace(), new RewriteTrace());
            string expected, actual;
            try
            {
                var old = ReferenceSimplifier.Run(a.Outputs, Options(set, traceA));
                expected = Describe(old.Outputs, old.Rounds, old.Converged, traceA);
            }
            catch (Exception e) { expected = "throws " + e.GetType().Name; }
            try
            {
                var now = Simplifier.Run(b.Outputs, Options(set, traceB));
                actual = Describe(now.Outputs.ToArray(), now.Rounds, now.Converged, traceB);
            }
            catch (Exception e) { actual = "throws " + e.GetType().Name + ": " + e.Message; }
            if (traceA.Events.Count > 0) rewritten++;
            if (expected != actual && ++failed <= 2)
                failures.Append($"seed {seed}:\n{TextPrinter.Print(b.Outputs)}--- reference:\n{expected}--- now:\n{actual}\n");
        }
        Assert.True(failed == 0, $"{failed} of {Graphs} graphs differ ({set})\n{failures}");
        Assert.True(rewritten > Graphs / 3, $"only {rewritten} graphs rewritten");
    }

    [Fact]
    public void TopologySort_RandomGraphs_SameOrderAsTheReferenceSort()
    {
        for (int seed = 0; seed < Graphs; seed++)
        {
            var sample = SimplifyRandomGraphs.Build(seed);
            var roots = sample.Outputs.Concat(sample.Graph.Nodes.Where(n => n.Id % 3 == 0)).ToArray();
            Assert.Equal(ReferenceSimplifier.Sort(roots), Topology.Sort(roots));
        }
    }

    private static string Describe(IReadOnlyList<Node> outputs, int rounds, bool converged, RewriteTrace trace) =>
        $"rounds {rounds}, converged {converged}\n{TextPrinter.Print(outputs)}outputs {string.Join(" ", outputs)}\n{trace}";
}
