using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyStabilizeTests
{
    private static Node Z(Graph g) => g.Parameter("z", 2, 4);
    private static Node T(Graph g) => g.Input("t", 2, 4);
    private static Node X(Graph g) => g.Parameter("x", 3);

    private static readonly Dictionary<string, SimplifyRewriteCase> Cases = new()
    {
        ["log-of-softmax"] = new("log-of-softmax", g => (Sym.Log(Sym.Softmax(Z(g), 0)), Sym.LogSoftmax(Z(g), 0))),
        ["log-of-sigmoid"] = new("log-of-sigmoid", g => (Sym.Log(Sym.Sigmoid(X(g))), -Sym.Softplus(-X(g)))),
        ["log-of-one-minus-sigmoid"] = new("log-of-one-minus-sigmoid", g => (Sym.Log(1.0 - Sym.Sigmoid(X(g))), -Sym.Softplus(X(g)))),
        ["log-of-exp"] = new("log-of-exp", g => (Sym.Log(Sym.Exp(X(g))), X(g))),
        ["log-of-sum-exp/axis"] = new("log-of-sum-exp", g => (Sym.Log(Sym.Sum(Sym.Exp(Z(g)), 1)), Sym.LogSumExp(Z(g), 1))),
        ["log-of-sum-exp/vector"] = new("log-of-sum-exp", g => (Sym.Log(Sym.Sum(Sym.Exp(X(g)))), Sym.LogSumExp(X(g), 0))),
        ["log-of-sum-exp/matrix-whole-kept"] = new("log-of-sum-exp", g => { var n = Sym.Log(Sym.Sum(Sym.Exp(Z(g)))); return (n, n); }),
        ["cross-entropy-of-softmax"] = new("cross-entropy-of-softmax", g =>
            (Sym.CrossEntropy(Sym.Softmax(Z(g)), T(g)), Sym.CrossEntropyLogits(Z(g), T(g))), Lo: 0.1, Hi: 1),
        ["cross-entropy-of-softmax/other-axis-kept"] = new("cross-entropy-of-softmax", g =>
            { var n = Sym.CrossEntropy(Sym.Softmax(Z(g), 0), T(g)); return (n, n); }),
        ["cross-entropy-written-out"] = new("cross-entropy-written-out", g =>
            (-Sym.Sum(T(g) * Sym.LogSoftmax(Z(g)), -1), Sym.CrossEntropyLogits(Z(g), T(g)))),
        ["mul-div-cancel"] = new("mul-div-cancel", g => (X(g) * (g.Parameter("b", 3) / X(g)), g.Parameter("b", 3))),
        ["mul-div-cancel/negated"] = new("mul-div-cancel", g => (-(g.Parameter("b", 3) / X(g)) * X(g), -g.Parameter("b", 3))),
        ["mul-div-cancel/with-cofactor"] = new("mul-div-cancel", g =>
            ((g.Parameter("b", 3) / X(g)) * (X(g) * g.Parameter("d", 3)), g.Parameter("b", 3) * g.Parameter("d", 3))),
        ["mul-sub-div-cancel"] = new("mul-sub-div-cancel", g =>
            (X(g) * (g.Parameter("b", 3) / X(g) - g.Parameter("d", 3)), g.Parameter("b", 3) - X(g) * g.Parameter("d", 3))),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Stabilize_HandMadeGraph_GivesExpectedGraph(string name) => Cases[name].Check(Stabilize.Instance);

    [Fact]
    public void Stabilize_EveryRule_HasATableRow()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();
        Assert.Equal(Array.Empty<string>(), Stabilize.Instance.Rules.Select(r => r.Name).Where(n => !covered.Contains(n)).ToArray());
    }

    [Fact]
    public void Stabilize_ExactOnly_RunsNoStableRewrite()
    {
        var g = new Graph();
        var y = Sym.Log(Sym.Softmax(Z(g)));
        Assert.Same(y, Simplifier.Simplify(y, new SimplifyOptions { ExactOnly = true }));
    }
}
