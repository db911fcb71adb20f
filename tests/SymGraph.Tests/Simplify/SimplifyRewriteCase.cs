using SymGraph.Simplify;

namespace SymGraph.Tests;

/// <summary>
/// One row of a rule table test: a hand-made graph, the graph the pass must turn it into (built in the
/// same graph, so interning makes "the same graph" mean "the same node"), and the rule that must fire
/// (or must not, when the expected graph is the original).
/// </summary>
internal sealed record SimplifyRewriteCase(string Rule, Func<Graph, (Node Before, Node Expected)> Build, SimplifyOptions? Options = null, double Lo = -2, double Hi = 2)
{
    /// <summary>Runs <paramref name="pass"/> once on the case and checks graph, trace and values.</summary>
    public void Check(Pass pass)
    {
        var g = new Graph();
        var (before, expected) = Build(g);
        var options = Options ?? new SimplifyOptions();
        var trace = options.Trace = new RewriteTrace();
        var after = pass.Run(before, options);
        SimplifyTestKit.AssertSameNode(expected, after);

        if (ReferenceEquals(expected, before))
        {
            Assert.DoesNotContain(Rule, trace.RulesFired());
            Assert.Empty(trace.Events);
            return;
        }
        Assert.Contains(Rule, trace.RulesFired());

        // The rewrite preserves values: bit for bit for exact rules, to rounding otherwise.
        var values = SimplifyTestKit.Values(g, 7, Lo, Hi);
        if (trace.AllExact)
        {
            SimplifyTestKit.AssertBitwiseEqual(new[] { before }, new[] { after }, values);
        }
        else
        {
            var e = TestUtil.AsBuilt(before, values);
            var a = TestUtil.AsBuilt(after, values);
            TestUtil.AssertClose(e, a, 1e-14, 1e-14, Rule);
        }
    }
}
