using SymGraph.Model;
using static SymGraph.Tests.ModelTestUtil;

namespace SymGraph.Tests;

public class ModelParserTests
{
    [Theory]
    [InlineData("-x^2", "(-(x ^ 2))")]
    [InlineData("2^3^2", "(2 ^ (3 ^ 2))")]
    [InlineData("a @ b * c", "((a @ b) * c)")]
    [InlineData("a * b @ c", "(a * (b @ c))")]
    [InlineData("-a @ b", "((-a) @ b)")]
    [InlineData("a + b * c - d / e", "((a + (b * c)) - (d / e))")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b / c", "((a / b) / c)")]
    [InlineData("a ^ -b ^ c", "(a ^ (-(b ^ c)))")]
    [InlineData("a * -b", "(a * (-b))")]
    [InlineData("- - a", "(-(-a))")]
    [InlineData("a + b < c * d", "((a + b) < (c * d))")]
    [InlineData("(a < b) < c", "((a < b) < c)")]
    [InlineData("(a == b) != (c - 1 >= 2)", "((a == b) != ((c - 1) >= 2))")]
    [InlineData("x[0]^2", "(x[0] ^ 2)")]
    [InlineData("-x[-1]", "(-x[(-1)])")]
    [InlineData("x[1:]", "x[1:]")]
    [InlineData("x[:-1]", "x[:(-1)]")]
    [InlineData("x[:]", "x[:]")]
    [InlineData("x[1:3][0]", "x[1:3][0]")]
    [InlineData("X[:, 0]", "X[:, 0]")]
    [InlineData("X[1:3, :]", "X[1:3, :]")]
    [InlineData("X[:, 1:]", "X[:, 1:]")]
    [InlineData("A[0, -1]^2", "(A[0, (-1)] ^ 2)")]
    [InlineData("T[:-1, 1, i + 1:]", "T[:(-1), 1, (i + 1):]")]
    [InlineData("softmax(z, axis: 1)", "softmax(z, axis: 1)")]
    [InlineData("f()", "f()")]
    [InlineData("reshape(x, [batch, 10])", "reshape(x, [batch, 10])")]
    [InlineData("mean(cross_entropy_logits(z, y)) + 1e-4 * (sum(W1^2) + sum(W2^2))",
        "(mean(cross_entropy_logits(z, y)) + (1e-4 * (sum((W1 ^ 2)) + sum((W2 ^ 2)))))")]
    public void ParseExpression_Precedence_GroupsAsDocumented(string text, string expected) =>
        Assert.Equal(expected, ParseExpression(text));

    [Fact]
    public void Parse_Declarations_SeveralPerLineScalarsAndSymbolicDims()
    {
        var (syntax, diagnostics) = Parse("param W1[784,256], b1[256], s\ninput x[batch, 784], e[]\n");
        Assert.Empty(diagnostics);
        var p = Assert.IsType<DeclarationStatement>(syntax.Statements[0]);
        Assert.True(p.IsParameter);
        Assert.Equal(new[] { "W1", "b1", "s" }, p.Declarators.Select(d => d.Name.Text));
        Assert.Equal(new[] { "784", "256" }, p.Declarators[0].Dims.Select(t => t.Text));
        Assert.Empty(p.Declarators[2].Dims);
        var i = Assert.IsType<DeclarationStatement>(syntax.Statements[1]);
        Assert.False(i.IsParameter);
        Assert.Equal(new[] { "batch", "784" }, i.Declarators[0].Dims.Select(t => t.Text));
        Assert.Empty(i.Declarators[1].Dims);
    }

    [Fact]
    public void Parse_MinimizeAndOutput_WithAndWithoutWrt()
    {
        var (syntax, diagnostics) = Parse("minimize loss\nminimize loss wrt W1, b1\noutput z, h");
        Assert.Empty(diagnostics);
        Assert.Null(Assert.IsType<MinimizeStatement>(syntax.Statements[0]).Wrt);
        var m = Assert.IsType<MinimizeStatement>(syntax.Statements[1]);
        Assert.Equal("loss", Show(m.Target));
        Assert.Equal(new[] { "W1", "b1" }, m.Wrt!.Select(t => t.Text));
        Assert.Equal(new[] { "z", "h" }, Assert.IsType<OutputStatement>(syntax.Statements[2]).Names.Select(t => t.Text));
    }

    [Fact]
    public void Parse_KeywordsAreContextual_AssignmentToKeywordName()
    {
        var (syntax, diagnostics) = Parse("output = 1\ninput = output\nwrt = 2");
        Assert.Empty(diagnostics);
        Assert.All(syntax.Statements, s => Assert.IsType<AssignmentStatement>(s));
    }

    [Fact]
    public void Parse_BlankLinesAndComments_NoStatements()
    {
        var (syntax, diagnostics) = Parse("\n# only a comment\n   \n\t# another\n");
        Assert.Empty(diagnostics);
        Assert.Empty(syntax.Statements);
    }

    [Fact]
    public void Parse_BrokenAssignment_KeepsNameAsBroken()
    {
        var (syntax, diagnostics) = Parse("h = relu(x\nz = h");
        Assert.Single(diagnostics);
        Assert.Equal("h", Assert.Single(Assert.IsType<BrokenStatement>(syntax.Statements[0]).DefinedNames).Text);
        Assert.IsType<AssignmentStatement>(syntax.Statements[1]);
    }

    [Fact]
    public void Parse_LongFlatChains_NoRecursion()
    {
        // right-associative ^ and prefix minus stack up too; all parse with an explicit stack
        foreach (var text in new[] { "r = " + string.Join("^", Enumerable.Repeat("a", 200_000)), "r = " + new string('-', 200_000) + "a" })
        {
            var (syntax, diagnostics) = Parse(text);
            Assert.Empty(diagnostics);
            Assert.IsType<AssignmentStatement>(Assert.Single(syntax.Statements));
        }
    }

    [Fact]
    public void Parse_LineContinuation_InsideBrackets_OneStatement()
    {
        var (syntax, diagnostics) = Parse("r = f(a,   # a comment\n\n      b) + (c\n  * d)[\n0]\ns = 1\nparam W[3,\n 4]");
        Assert.Empty(diagnostics);
        Assert.Equal(3, syntax.Statements.Count);
        Assert.Equal("(f(a, b) + (c * d)[0])", Show(Assert.IsType<AssignmentStatement>(syntax.Statements[0]).Expression));
        Assert.Equal(new[] { "3", "4" }, Assert.IsType<DeclarationStatement>(syntax.Statements[2]).Declarators[0].Dims.Select(t => t.Text));
    }

    [Fact]
    public void Parse_LineContinuation_NotOutsideBrackets()
    {
        var (syntax, diagnostics) = Parse("r = a +\n b");
        Assert.Equal("SG0104", diagnostics[0].Code); // a line end outside brackets ends the statement
        Assert.IsType<BrokenStatement>(syntax.Statements[0]);
    }

    [Fact]
    public void Parse_Minimize_AnyExpressionThenWrt()
    {
        var (syntax, diagnostics) = Parse("minimize sum(w^2) + 1e-3 * sum(v^2) wrt w, v");
        Assert.Empty(diagnostics);
        var m = Assert.IsType<MinimizeStatement>(Assert.Single(syntax.Statements));
        Assert.Equal("(sum((w ^ 2)) + (1e-3 * sum((v ^ 2))))", Show(m.Target));
        Assert.Equal(new[] { "w", "v" }, m.Wrt!.Select(t => t.Text));
    }

    [Fact]
    public void Parse_LineContinuation_ManyBlankLinesInsideBrackets_LinearTime()
    {
        var (syntax, diagnostics) = Parse("r = (a +" + new string('\n', 200_000) + "b)\ns = (c" + new string('\n', 200_000));
        Assert.Equal("SG0103", Assert.Single(diagnostics).Code); // the second '(' is never closed
        Assert.Equal("(a + b)", Show(Assert.IsType<AssignmentStatement>(syntax.Statements[0]).Expression));
    }
}
