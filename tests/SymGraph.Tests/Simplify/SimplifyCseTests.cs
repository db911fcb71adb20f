using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyCseTests
{
    private static Graph Uninterned() => new Graph { InterningEnabled = false };

    [Fact]
    public void Cse_DuplicateNodes_MergedIntoOne()
    {
        var g = Uninterned();
        var x = g.Parameter("x", 3);
        var a = Sym.Exp(x);
        var b = Sym.Exp(x);
        Assert.NotSame(a, b);
        var y = Sym.Sum(a * 2.0) + Sym.Sum(b * 2.0);
        Assert.Equal(12, GraphStatistics.Count(y).Total);

        var trace = new RewriteTrace();
        var after = EliminateCommonSubexpressions.Instance.Run(y, new SimplifyOptions { Trace = trace });
        // x, exp, const 2, broadcast, mul, sum, add: the second exp, const, broadcast, mul and sum merge.
        Assert.Equal(7, GraphStatistics.Count(after).Total);
        Assert.Same(after.Inputs[0], after.Inputs[1]);
        Assert.Equal(5, trace.Count("merge-duplicate"));
        SimplifyTestKit.AssertBitwiseEqual(new[] { y }, new[] { after }, SimplifyTestKit.Values(g, 1));
    }

    [Fact]
    public void Cse_InternedGraph_ReturnsSameNodes()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var y = Sym.Sum(Sym.Exp(x) * Sym.Exp(x));
        Assert.Same(y, EliminateCommonSubexpressions.Instance.Run(y));
    }

    [Fact]
    public void Cse_KeepsNameOfMergedNode()
    {
        var g = Uninterned();
        var x = g.Parameter("x", Shape.Scalar);
        var a = Sym.Exp(x);
        var b = Sym.Exp(x).Named("e");
        var after = EliminateCommonSubexpressions.Instance.Run(a * b);
        Assert.Same(after.Inputs[0], after.Inputs[1]);
        Assert.Equal("e", after.Inputs[0].Name);
    }

    [Fact]
    public void Simplify_UninternedGraph_ReachesTheInternedResult()
    {
        // The same expression built twice, once with interning off: the full pipeline converges to
        // graphs of the same size.
        Node Build(Graph g)
        {
            var x = g.Parameter("x", 3);
            var u = Sym.Sigmoid(x) * 1.0;
            var v = Sym.Sigmoid(x) + 0.0;
            return Sym.Sum(u * v) + Sym.Sum(Sym.Sigmoid(x) * Sym.Sigmoid(x));
        }
        var plain = Simplifier.Run(new[] { Build(new Graph()) });
        var g2 = Uninterned();
        var raw = Build(g2);
        var dedup = Simplifier.Run(new[] { raw });
        Assert.True(dedup.Converged);
        Assert.Equal(GraphStatistics.Count(plain.Outputs).Total, GraphStatistics.Count(dedup.Outputs).Total);
        Assert.Same(dedup.Outputs[0].Inputs[0], dedup.Outputs[0].Inputs[1]);
        SimplifyTestKit.AssertBitwiseEqual(new[] { raw }, dedup.Outputs, SimplifyTestKit.Values(g2, 5));
    }
}
