using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyShapesTests
{
    private static Node M(Graph g) => g.Parameter("m", 2, 3);
    private static Node V(Graph g) => g.Parameter("v", 6);
    private static Node S(Graph g) => g.Parameter("s", Shape.Scalar);

    private static readonly Dictionary<string, SimplifyRewriteCase> Cases = new()
    {
        ["identity-shape-op/sum-to"] = new("identity-shape-op", g => (g.Apply(new SymGraph.Ops.SumTo(Shape.Of(2, 3)), M(g)), M(g))),
        ["identity-shape-op/transpose"] = new("identity-shape-op", g => (g.Apply(new SymGraph.Ops.Transpose(new[] { 0, 1 }), M(g)), M(g))),
        ["broadcast-of-broadcast"] = new("broadcast-of-broadcast", g =>
            (Sym.Broadcast(Sym.Broadcast(g.Parameter("r", 3), Shape.Of(2, 3)), Shape.Of(4, 2, 3)), Sym.Broadcast(g.Parameter("r", 3), Shape.Of(4, 2, 3)))),
        ["reshape-of-reshape"] = new("reshape-of-reshape", g => (Sym.Reshape(Sym.Reshape(M(g), Shape.Of(6)), Shape.Of(3, 2)), Sym.Reshape(M(g), Shape.Of(3, 2)))),
        ["reshape-of-reshape/back-to-start"] = new("reshape-of-reshape", g => (Sym.Reshape(Sym.Reshape(M(g), Shape.Of(6)), Shape.Of(2, 3)), M(g))),
        ["transpose-of-transpose"] = new("transpose-of-transpose", g => (Sym.Transpose(Sym.Transpose(M(g))), M(g))),
        ["rearranged-scalar/reshape"] = new("rearranged-scalar", g =>
            (Sym.Reshape(Sym.Broadcast(S(g), Shape.Of(2, 3)), Shape.Of(6)), Sym.Broadcast(S(g), Shape.Of(6)))),
        ["rearranged-scalar/broadcast-of-reshape"] = new("rearranged-scalar", g =>
            (Sym.Broadcast(Sym.Reshape(S(g), Shape.Of(1)), Shape.Of(4)), Sym.Broadcast(S(g), Shape.Of(4)))),
        ["broadcast-as-reshape"] = new("broadcast-as-reshape", g =>
            (Sym.Broadcast(g.Parameter("r", 3), Shape.Of(1, 3)), Sym.Reshape(g.Parameter("r", 3), Shape.Of(1, 3)))),
        ["sum-of-one/exp"] = new("sum-of-one", g =>
            (Sym.Sum(Sym.Exp(g.Parameter("c", 3, 1)), 1), Sym.Reshape(Sym.Exp(g.Parameter("c", 3, 1)), Shape.Of(3)))),
        ["sum-of-one/leaf-may-be-negative-zero"] = new("sum-of-one", g => { var n = Sym.Sum(g.Parameter("c", 3, 1), 1); return (n, n); }),
        ["slice-of-slice"] = new("slice-of-slice", g => (Sym.Slice(Sym.Slice(V(g), 1, 5), 1, 3), Sym.Slice(V(g), 2, 4))),
        ["slice-of-concat"] = new("slice-of-concat", g =>
            (Sym.Slice(Sym.Concat(V(g), g.Parameter("w", 2)), 6, 8), g.Parameter("w", 2))),
        ["slice-of-concat/inside-part"] = new("slice-of-concat", g =>
            (Sym.Slice(Sym.Concat(V(g), g.Parameter("w", 2)), 1, 3), Sym.Slice(V(g), 1, 3))),
        ["concat-of-slices/whole"] = new("concat-of-slices", g =>
            (Sym.Concat(Sym.Slice(V(g), 0, 2), Sym.Slice(V(g), 2, 5), Sym.Slice(V(g), 5, 6)), V(g))),
        ["concat-of-slices/partial"] = new("concat-of-slices", g =>
            (Sym.Concat(Sym.Slice(V(g), 1, 2), Sym.Slice(V(g), 2, 4), g.Parameter("w", 2)), Sym.Concat(Sym.Slice(V(g), 1, 4), g.Parameter("w", 2)))),
        ["concat-of-slices/not-adjacent"] = new("concat-of-slices", g =>
            { var n = Sym.Concat(Sym.Slice(V(g), 0, 2), Sym.Slice(V(g), 3, 4)); return (n, n); }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void CleanUpShapes_HandMadeGraph_GivesExpectedGraph(string name) => Cases[name].Check(CleanUpShapes.Instance);

    [Fact]
    public void CleanUpShapes_EveryRule_HasATableRow()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();
        Assert.Equal(Array.Empty<string>(), CleanUpShapes.Instance.Rules.Select(r => r.Name).Where(n => !covered.Contains(n)).ToArray());
    }

    [Fact]
    public void CleanUpShapes_GradientOfIndexing_CollapsesToTheSlice()
    {
        // The VJP of x[2] is concat(zeros, ȳ reshaped, zeros); the JVP of that slices it back.
        var g = new Graph();
        var v = V(g);
        var e = Sym.Exp(v);
        var grad = Autodiff.Grad(Sym.Sum(Sym.Slice(e, 2, 4)) , v);
        var before = Topology.Sort(grad).Count;
        var after = Simplifier.Simplify(grad);
        Assert.True(Topology.Sort(after).Count < before, TextPrinter.PrintBeforeAfter(grad, after));
        SimplifyTestKit.AssertBitwiseEqual(new[] { grad }, new[] { after }, SimplifyTestKit.Values(g, 3));
    }
}
