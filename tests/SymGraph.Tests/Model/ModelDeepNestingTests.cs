using SymGraph.Model;
using static SymGraph.Tests.ModelTestUtil;

namespace SymGraph.Tests;

/// <summary>
/// Nothing in the front end recurses on the length of an expression, and bracket nesting is capped:
/// none of these may overflow the stack.
/// </summary>
public class ModelDeepNestingTests
{
    [Theory]
    [InlineData("(", ")")]
    [InlineData("exp(", ")")]
    [InlineData("[", "]")]
    [InlineData("x[", "]")]
    public void Nesting_100000Deep_OneDiagnostic(string open, string close)
    {
        const int Depth = 100_000;
        string text = "input x[3]\nr = " + string.Concat(Enumerable.Repeat(open, Depth)) + "x" + string.Concat(Enumerable.Repeat(close, Depth)) + "\n";
        var model = Compile(text);
        var d = Assert.Single(model.Diagnostics);
        Assert.Equal(DiagnosticCode.NestedTooDeeply, d.Code);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void Nesting_100000UnclosedParentheses_OneDiagnostic()
    {
        var model = Compile("r = " + new string('(', 100_000));
        Assert.Equal(DiagnosticCode.NestedTooDeeply, Assert.Single(model.Diagnostics).Code);
    }

    [Fact]
    public void FlatSum_OneMillionTerms_BindsAndEvaluates()
    {
        const int Terms = 1_000_000;
        var text = new System.Text.StringBuilder("input a\nr = a", 2 * Terms + 20);
        for (int i = 1; i < Terms; i++) text.Append("+a");
        var model = CompileClean(text.ToString());
        Assert.Equal(Terms, model.Graph.Nodes.Count); // a, then one add per '+'
        Assert.Equal(Terms * 0.5, Eval(model, "r", new() { ["a"] = Tensor.Scalar(0.5) }).ToScalar());
    }

    [Fact]
    public void LongChains_PowerNegationIndexing_Bind()
    {
        const int N = 200_000;
        var model = CompileClean(
            "input a, v[3]\n" +
            "p = " + string.Join("^", Enumerable.Repeat("a", N)) + "\n" +
            "n = " + new string('-', N) + "a\n" +
            "s = v" + string.Concat(Enumerable.Repeat("[0:]", N)) + "\n" +
            "c = " + string.Join(" < ", Enumerable.Range(0, 2).Select(_ => "(a)")) + "\n");
        TestUtil.AssertClose(1.0, Eval(model, "p", new() { ["a"] = Tensor.Scalar(1.0) }).ToScalar());
        TestUtil.AssertClose(2.0, Eval(model, "n", new() { ["a"] = Tensor.Scalar(2.0) }).ToScalar()); // an even number of minus signs
        Assert.Same(model.Find("v"), model.Find("s"));
    }

    [Fact]
    public void Values_DeeplyNestedArrays_DiagnosedNotOverflowed()
    {
        var model = CompileClean("input x[2]");
        var json = "{\"x\": " + new string('[', 100_000) + "1" + new string(']', 100_000) + "}";
        var values = ModelValues.Read(json, "v.json", model);
        Assert.Equal(DiagnosticCode.ValueShapeMismatch, Assert.Single(values.Diagnostics).Code);
    }

    [Fact]
    public void MaxNesting_FitsInASmallStack()
    {
        // the only recursion is bracket nesting, capped at MaxNesting: a 256 KiB stack is plenty
        int depth = ModelCompiler.MaxNesting;
        CompiledModel? model = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                model = Compile("input x[3]\nr = " + new string('(', depth) + "x" + new string(')', depth) + "\n" +
                                "s = " + string.Concat(Enumerable.Repeat("exp(", depth)) + "x" + new string(')', depth));
                Compile("input x[3]\nr = " + new string('(', 100_000));
            }
            catch (Exception e)
            {
                error = e;
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.False(model!.HasErrors);
    }
}
