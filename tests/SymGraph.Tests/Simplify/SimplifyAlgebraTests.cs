using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyAlgebraTests
{
    private static readonly SimplifyOptions Fast = new() { FastMath = true };

    // Leaves may hold NaN or ±∞ unless the caller says otherwise; rules guarded by finiteness need
    // either this or operands that are finite by construction (comparisons, constants).
    private static readonly SimplifyOptions Finite = new() { AssumeFiniteInputs = true };

    private static Node X(Graph g) => g.Parameter("x", Shape.Scalar);
    private static Node V(Graph g) => g.Parameter("v", 3);
    private static Node Y(Graph g) => g.Parameter("y", Shape.Scalar);

    // name -> case; a case whose expected node is its input checks that the rule does not fire.
    private static readonly Dictionary<string, SimplifyRewriteCase> Cases = new()
    {
        ["mul-by-one/right"] = new("mul-by-one", g => (X(g) * 1.0, X(g))),
        ["mul-by-one/left-broadcast"] = new("mul-by-one", g => (1.0 * V(g), V(g))),
        ["mul-by-neg-one"] = new("mul-by-neg-one", g => (V(g) * -1.0, -V(g))),
        ["div-by-one"] = new("div-by-one", g => (V(g) / 1.0, V(g))),
        ["div-by-neg-one"] = new("div-by-neg-one", g => (X(g) / -1.0, -X(g))),
        ["add-zero/negative-zero"] = new("add-zero", g => (X(g) + -0.0, X(g))),
        ["add-zero/leaf-may-be-negative-zero"] = new("add-zero", g => { var n = X(g) + 0.0; return (n, n); }),
        ["add-zero/exp-is-never-negative-zero"] = new("add-zero", g => (0.0 + Sym.Exp(V(g)), Sym.Exp(V(g)))),
        ["sub-zero/positive-zero"] = new("sub-zero", g => (X(g) - 0.0, X(g))),
        ["sub-zero/leaf-minus-negative-zero"] = new("sub-zero", g => { var n = X(g) - -0.0; return (n, n); }),
        ["zero-sub/negative-zero"] = new("zero-sub", g => (-0.0 - X(g), -X(g))),
        ["zero-sub/leaf-may-be-zero"] = new("zero-sub", g => { var n = 0.0 - X(g); return (n, n); }),
        ["zero-sub/positive-operand"] = new("zero-sub", g => (0.0 - (Sym.Exp(X(g)) + 1.0), -(Sym.Exp(X(g)) + 1.0))),
        ["double-neg"] = new("double-neg", g => (-(-V(g)), V(g))),
        ["sub-neg"] = new("sub-neg", g => (X(g) - (-Y(g)), X(g) + Y(g))),
        ["add-neg/right"] = new("add-neg", g => (X(g) + (-Y(g)), X(g) - Y(g))),
        ["add-neg/left"] = new("add-neg", g => ((-X(g)) + Y(g), Y(g) - X(g))),
        ["scale-of-scale/power-of-two-inside"] = new("scale-of-scale", g => (0.0001 * (2.0 * V(g)), 0.0002 * V(g))),
        ["scale-of-scale/power-of-two-outside"] = new("scale-of-scale", g => ((X(g) * 0.1) * 0.5, X(g) * 0.05)),
        ["scale-of-scale/small-integers"] = new("scale-of-scale", g => (3.0 * (5.0 * X(g)), 15.0 * X(g))),
        ["scale-of-scale/inexact-product-kept"] = new("scale-of-scale", g => { var n = 0.1 * (0.3 * X(g)); return (n, n); }),
        ["scale-of-scale/subnormal-product-kept"] = new("scale-of-scale", g => { var n = 1e-300 * (1e-10 * X(g)); return (n, n); }),
        ["neg-times-neg/mul"] = new("neg-times-neg", g => ((-X(g)) * (-Y(g)), X(g) * Y(g))),
        ["neg-times-neg/div"] = new("neg-times-neg", g => ((-X(g)) / (-Y(g)), X(g) / Y(g))),
        ["neg-into-constant/neg-operand"] = new("neg-into-constant", g => ((-X(g)) * 3.0, X(g) * -3.0)),
        ["neg-into-constant/constant-times-neg"] = new("neg-into-constant", g => (2.0 * (-V(g)), -2.0 * V(g))),
        ["neg-into-constant/neg-over-constant"] = new("neg-into-constant", g => ((-X(g)) / 4.0, X(g) / -4.0)),
        ["neg-into-constant/neg-of-product-kept"] = new("neg-into-constant", g => { var n = -(2.0 * X(g)); return (n, n); }),
        ["neg-into-constant/constant-numerator-kept"] = new("neg-into-constant", g => { var n = 4.0 / (-X(g)); return (n, n); }),
        ["pow-one"] = new("pow-one", g => (Sym.Pow(V(g), 1.0), V(g))),
        ["pow-zero"] = new("pow-zero", g => (Sym.Pow(V(g), 0.0), Sym.OnesLike(V(g)))),
        ["pow-zero/negative-zero"] = new("pow-zero", g => (Sym.Pow(X(g), -0.0), g.Constant(1.0))),
        ["pow-two"] = new("pow-two", g => (Sym.Pow(V(g), 2.0), V(g) * V(g))),
        ["sub-self/finite-inputs"] = new("sub-self", g => (Sym.Sigmoid(V(g)) - Sym.Sigmoid(V(g)), Sym.ZerosLike(V(g))), Finite),
        ["sub-self/comparison-is-finite"] = new("sub-self", g => (Sym.Less(X(g), Y(g)) - Sym.Less(X(g), Y(g)), g.Constant(0.0))),
        ["sub-self/sigmoid-of-nan-is-nan"] = new("sub-self", g => { var n = Sym.Sigmoid(X(g)) - Sym.Sigmoid(X(g)); return (n, n); }),
        ["sub-self/leaf-may-be-infinite"] = new("sub-self", g => { var n = X(g) - X(g); return (n, n); }),
        ["mul-by-zero/comparison"] = new("mul-by-zero", g => (Sym.Less(X(g), Y(g)) * 0.0, g.Constant(0.0))),
        ["mul-by-zero/nonnegative-finite"] = new("mul-by-zero", g => (Sym.Sigmoid(X(g)) * 0.0, g.Constant(0.0)), Finite),
        ["mul-by-zero/negative-zero"] = new("mul-by-zero", g => (Sym.Sigmoid(X(g)) * -0.0, g.Constant(-0.0)), Finite),
        ["mul-by-zero/negative-finite"] = new("mul-by-zero", g => ((-Sym.Sigmoid(X(g)) - 1.0) * 0.0, g.Constant(-0.0)), Finite),
        ["mul-by-zero/unknown-sign"] = new("mul-by-zero", g => { var n = Sym.Tanh(X(g)) * 0.0; return (n, n); }, Finite),
        ["mul-by-zero/sigmoid-of-nan-is-nan"] = new("mul-by-zero", g => { var n = Sym.Sigmoid(X(g)) * 0.0; return (n, n); }),
        ["where-same"] = new("where-same", g => (Sym.Where(Sym.Greater(X(g), g.Constant(0.0)), Y(g), Y(g)), Y(g))),
        ["where-constant-condition/true"] = new("where-constant-condition", g => (Sym.Where(Sym.OnesLike(V(g)), V(g), -V(g)), V(g))),
        ["where-constant-condition/false"] = new("where-constant-condition", g => (Sym.Where(g.Constant(0.0), X(g), Y(g)), Y(g))),
        ["minmax-self"] = new("minmax-self", g => (Sym.Maximum(V(g), V(g)), V(g))),
        ["drop-sign-under-even/abs-of-neg"] = new("drop-sign-under-even", g => (Sym.Abs(-V(g)), Sym.Abs(V(g)))),
        ["drop-sign-under-even/square-of-abs"] = new("drop-sign-under-even", g => (Sym.Square(Sym.Abs(X(g))), Sym.Square(X(g)))),
        ["abs-relu-of-nonnegative/abs"] = new("abs-relu-of-nonnegative", g => (Sym.Abs(Sym.Exp(X(g))), Sym.Exp(X(g)))),
        ["abs-relu-of-nonnegative/relu"] = new("abs-relu-of-nonnegative", g => (Sym.Relu(Sym.Sigmoid(V(g))), Sym.Sigmoid(V(g)))),
        ["abs-relu-of-nonnegative/leaf"] = new("abs-relu-of-nonnegative", g => { var n = Sym.Abs(X(g)); return (n, n); }),
        ["exp-of-log/square"] = new("exp-of-log", g => (Sym.Exp(Sym.Log(Sym.Square(V(g)))), Sym.Square(V(g)))),
        ["exp-of-log/leaf-may-be-negative"] = new("exp-of-log", g => { var n = Sym.Exp(Sym.Log(X(g))); return (n, n); }),
        ["add-zero-fast"] = new("add-zero-fast", g => (X(g) + 0.0, X(g)), Fast),
        ["zero-sub-fast"] = new("zero-sub-fast", g => (0.0 - X(g), -X(g)), Fast),
        ["sub-self-fast"] = new("sub-self-fast", g => (X(g) - X(g), g.Constant(0.0)), Fast),
        ["mul-by-zero-fast/finite-of-unknown-sign"] = new("mul-by-zero-fast", g =>
            ((Sym.Less(X(g), Y(g)) - Sym.Less(Y(g), X(g))) * -0.0, g.Constant(0.0)), Fast),
        ["mul-by-zero-fast/leaf-may-be-infinite"] = new("mul-by-zero-fast", g => { var n = X(g) * 0.0; return (n, n); }, Fast),
        ["mul-by-zero-fast/finite-inputs"] = new("mul-by-zero-fast", g => (V(g) * 0.0, Sym.ZerosLike(V(g))), new SimplifyOptions { FastMath = true, AssumeFiniteInputs = true }),
        ["mul-constants-fast"] = new("mul-constants-fast", g => (0.1 * (X(g) * 0.3), g.Constant(0.1 * 0.3) * X(g)), Fast),
        ["mul-constants-fast/off-by-default"] = new("mul-constants-fast", g => { var n = 0.1 * (X(g) * 0.3); return (n, n); }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void SimplifyAlgebra_HandMadeGraph_GivesExpectedGraph(string name) => Cases[name].Check(SimplifyAlgebra.Instance);

    [Fact]
    public void SimplifyAlgebra_EveryRule_HasATableRow()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();
        Assert.Equal(Array.Empty<string>(), SimplifyAlgebra.Instance.Rules.Select(r => r.Name).Where(n => !covered.Contains(n)).ToArray());
    }

    [Fact]
    public void SimplifyAlgebra_NothingToDo_ReturnsSameNode()
    {
        var g = new Graph();
        var y = Sym.Exp(X(g)) * Y(g) + 2.0;
        Assert.Same(y, SimplifyAlgebra.Instance.Run(y));
    }

    [Fact]
    public void SimplifyAlgebra_FastMathRulesOff_NotRunByDefault()
    {
        Assert.All(SimplifyAlgebra.Instance.Rules.Where(r => r.Name.EndsWith("-fast", StringComparison.Ordinal)),
            r => Assert.Equal(RuleKind.FastMath, r.Kind));
        var g = new Graph();
        var x = X(g);
        Assert.Same(x - x, Simplifier.Simplify(x - x));
        Assert.Same(g.Constant(0.0), Simplifier.Simplify(x - x, new SimplifyOptions { FastMath = true }));
    }

    [Fact]
    public void SimplifyAlgebra_SubSelfOfInfinity_NotFoldedByDefault()
    {
        // inf − inf is NaN: the default rule must not fire on a value that may be infinite.
        var g = new Graph();
        var e = Sym.Exp(X(g));
        var d = e - e;
        var after = Simplifier.Simplify(d);
        var values = new Dictionary<Node, Tensor> { [X(g)] = Tensor.Scalar(1000) };
        Assert.True(double.IsNaN(TestUtil.AsBuilt(after, values).ToScalar()));
    }
}
