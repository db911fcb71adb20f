using SymGraph.Model;
using static SymGraph.Tests.ModelTestUtil;

namespace SymGraph.Tests;

public class ModelDiagnosticTests
{
    // ---- the six required cases, each alone -----------------------------------------------------

    [Fact]
    public void UnknownName_ReportedWithSuggestion()
    {
        AssertDiagnostics("""
            param W1[2, 2]
            r = ⟦W3⟧ * 2
            """,
            "SG0201: undefined name 'W3'; did you mean 'W1'?");
    }

    [Fact]
    public void UnknownName_NothingClose_NoSuggestion()
    {
        AssertDiagnostics("param W1[2, 2]\nr = ⟦weights⟧", "SG0201: undefined name 'weights'");
    }

    [Fact]
    public void ShapeMismatch_ReportedAtOperator_InMsBuildForm()
    {
        var model = AssertDiagnostics("""
            input x[128, 784]
            param W[256, 10]
            z = x ⟦@⟧ W
            """,
            "SG0301: matmul: cannot multiply [128,784] by [256,10]");
        Assert.Equal("model.sg(3,7): error SG0301: matmul: cannot multiply [128,784] by [256,10]", model.Diagnostics[0].ToString());
    }

    [Fact]
    public void ShapeMismatch_InCallAndBroadcast_ReportedAtTheirExpressions()
    {
        AssertDiagnostics("""
            input x[batch, 10], y[batch, 5]
            a = x ⟦+⟧ y
            b = ⟦cross_entropy_logits⟧(x, y)
            c = ⟦sum⟧(x, axis: 2)
            d = x[⟦0⟧]
            """,
            "SG0301: add: cannot broadcast [batch,10] with [batch,5]",
            "SG0301: cross_entropy_logits: shapes [batch,10] and [batch,5] differ",
            "SG0301: sum: axis 2 is out of range for shape [batch,10]",
            "SG0301: index: axis 0 of 'x' [batch,10] must have a static size");
    }

    [Fact]
    public void BadToken_UnexpectedCharacter_ReportedOnce()
    {
        AssertDiagnostics("r = 1 ⟦$⟧ 2", "SG0101: unexpected character '$'");
    }

    [Fact]
    public void BadToken_UnexpectedTokenAndMissingOperand()
    {
        AssertDiagnostics("""
            r = 1 ⟦)⟧
            s = ⟦*⟧ 2
            ⟦+⟧ 3
            t ⟦3⟧
            input ⟦1⟧
            """,
            "SG0103: expected an operator or end of line, found ')'",
            "SG0104: expected an expression, found '*'",
            "SG0107: expected 'input', 'param', an assignment, 'minimize' or 'output', found '+'",
            "SG0103: expected '=', found number '3'",
            "SG0103: expected a name, found number '1'");
    }

    [Fact]
    public void MissingCloseParen_ReportedAtLineEnd_NamesTheOpenParen()
    {
        AssertDiagnostics("""
            input x[2, 3]
            param W1[3, 4], b1[4]
            h = relu(x @ W1 + b1⟦⟧
            z = (h + 1⟦⟧
            """,
            "SG0103: expected ')' to close the '(' at column 9, found end of line",
            "SG0103: expected ')' to close the '(' at column 5, found end of file");
    }

    [Fact]
    public void LineContinuation_UnclosedBracketAcrossLines_ReportedAtTheBracket_NoCascade()
    {
        AssertDiagnostics("""
            input x[2, 3]
            h = relu⟦(⟧x +
                     2
            z = h * 2
            s = sum⟦(⟧z,
                    axis: 0
            t = s
            m = mean⟦(⟧x,
                     axis: 0
            """,
            "SG0103: '(' is not closed: expected ')' before end of line on line 3",
            "SG0103: '(' is not closed: expected ')' before end of line on line 6",
            "SG0103: '(' is not closed: expected ')' before end of file on line 9");
    }

    [Fact]
    public void Redefinition_OfAssignmentAndDeclaration()
    {
        AssertDiagnostics("""
            input x[3]
            h = x
            ⟦h⟧ = x * 2
            param ⟦x⟧[3]
            ⟦x⟧ = h
            """,
            "SG0203: 'h' is already defined (on line 2)",
            "SG0203: 'x' is already defined (on line 1)",
            "SG0203: 'x' is already defined (on line 1)");
    }

    [Fact]
    public void DimensionConflict_DeclarationRepeatedWithOtherDims()
    {
        AssertDiagnostics("""
            param W1[784, 256]
            param b1[256], ⟦W1⟧[784, 128]
            input x[batch, 3]
            input ⟦x⟧[n, 3]
            """,
            "SG0204: 'W1' is declared as [784,256] on line 1 but as [784,128] here",
            "SG0204: 'x' is declared as [batch,3] on line 3 but as [n,3] here");
    }

    [Fact]
    public void SeveralErrorsInOneFile_AllReported_NoCascades()
    {
        var model = AssertDiagnostics("""
            # every kind of mistake at once
            input  x[batch, 784]
            param  W1[784, 256], b1[256]
            param  ⟦W1⟧[784, 100]
            param  W2[256, 10]

            h    = relu(x @ W1 + b1⟦⟧
            z    = h @ ⟦W3⟧
            bad  = z *⟦⟧
            ⟦z⟧    = x ⟦@⟧ W2
            loss = mean(z) ⟦$⟧
            minimize loss
            """,
            "SG0204: 'W1' is declared as [784,256] on line 3 but as [784,100] here",
            "SG0103: expected ')' to close the '(' at column 12, found end of line",
            "SG0201: undefined name 'W3'; did you mean 'W1'?",
            "SG0104: expected an expression, found end of line",
            "SG0203: 'z' is already defined (on line 8)",
            "SG0301: matmul: cannot multiply [batch,784] by [256,10]",
            "SG0101: unexpected character '$'");
        Assert.True(model.HasErrors);
    }

    // ---- minimize, wrt, output ------------------------------------------------------------------

    [Fact]
    public void Minimize_UndefinedTarget_WithSuggestion()
    {
        AssertDiagnostics("param w\nloss = w^2\nminimize ⟦los⟧", "SG0201: undefined name 'los'; did you mean 'loss'?");
    }

    [Fact]
    public void Minimize_Expression_NonScalarOrUndefinedName()
    {
        AssertDiagnostics("param w[3]\nminimize w ⟦*⟧ 2", "SG0302: minimize: the expression must be a scalar, but its shape is [3] (reduce it with sum or mean)");
        AssertDiagnostics("param w[3]\nminimize sum(⟦v⟧) wrt w", "SG0201: undefined name 'v'");
        AssertDiagnostics("param w[3]\nminimize sum(w) ⟦w⟧", "SG0103: expected an operator, 'wrt' or end of line, found name 'w'");
    }

    [Fact]
    public void Minimize_NonScalarTarget()
    {
        AssertDiagnostics("param w[3]\nh = w * 2\nminimize ⟦h⟧",
            "SG0302: minimize: 'h' must be a scalar, but its shape is [3] (reduce it with sum or mean)");
    }

    [Fact]
    public void Minimize_Twice_WrtProblems_DuplicateOutput()
    {
        var model = AssertDiagnostics("""
            input x
            param w
            h = w * x
            loss = h^2
            minimize loss wrt w, ⟦h⟧, ⟦w⟧, ⟦ww⟧
            ⟦minimize⟧ loss
            output h, ⟦h⟧
            """,
            "SG0215: wrt: 'h' is not an input or a parameter",
            "SG0216: wrt: 'w' is listed more than once",
            "SG0201: undefined name 'ww'; did you mean 'w'?",
            "SG0214: a model has one 'minimize'; the first is on line 5",
            "SG0218: 'h' is already an output");
        Assert.Equal(DiagnosticSeverity.Warning, model.Diagnostics[^1].Severity);
        Assert.Equal("model.sg(7,11): warning SG0218: 'h' is already an output", model.Diagnostics[^1].ToString());
    }

    [Fact]
    public void Minimize_NoParameters_WarnsButSucceeds()
    {
        var model = AssertDiagnostics("input x\nloss = x^2\n⟦minimize⟧ loss",
            "SG0217: minimize: the model declares no 'param', so there is nothing to differentiate (declare one, or add 'wrt')");
        Assert.False(model.HasErrors);
        Assert.Empty(model.Wrt);
    }

    [Fact]
    public void UsedBeforeDefinition_NamesTheLine()
    {
        AssertDiagnostics("input x\nz = ⟦h⟧ + x\nh = x\nr = ⟦r⟧ + 1",
            "SG0202: 'h' is used before it is defined (on line 3)",
            "SG0201: undefined name 'r'");
    }

    // ---- syntax ---------------------------------------------------------------------------------

    [Fact]
    public void ChainedComparison_Rejected()
    {
        AssertDiagnostics("input a, b, c\nr = a < b ⟦<⟧ c", "SG0106: comparisons do not chain: add parentheses around one side of '<'");
    }

    [Fact]
    public void InvalidNumbersAndDimensions()
    {
        AssertDiagnostics("""
            r = ⟦1e⟧
            param w[⟦2.5⟧]
            param v[⟦99999999999⟧]
            param u[3, ⟦]⟧
            """,
            "SG0102: invalid number '1e'",
            "SG0108: invalid dimension '2.5': a dimension is a non-negative integer below 2^31 or a size name",
            "SG0108: invalid dimension '99999999999': a dimension is a non-negative integer below 2^31 or a size name",
            "SG0103: expected a dimension (an integer or a size name), found ']'");
    }

    [Fact]
    public void HugeStaticShape_DeclarationOverIntMaxElements_ReportedOnceAtTheName()
    {
        // Was an internal error later (OverflowException drawing a random point, FoldConstants in compile).
        var model = AssertDiagnostics("""
            param ⟦W⟧[100000, 100000], b[3]
            input ⟦X⟧[batch, 65536, 32768]
            loss = sum(W^2) + sum(X) + sum(b)
            minimize loss
            """,
            "SG0304: 'W' [100000,100000] has 10,000,000,000 elements; a value has at most 2,147,483,647 (2^31 - 1)",
            "SG0304: 'X' [batch,65536,32768] has 2,147,483,648·batch elements; a value has at most 2,147,483,647 (2^31 - 1)");
        Assert.Null(model.Find("W"));
        Assert.Equal(new[] { "b" }, model.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void HugeStaticShape_AtIntMaxElements_Accepted()
    {
        var model = CompileClean("param W[2147483647], V[46341, 46340]\nminimize sum(W) + sum(V)");
        Assert.Equal(2, model.Parameters.Count);
    }

    [Fact]
    public void HugeStaticShape_ResultOfAnOperationOverIntMaxElements_ReportedAtTheOperation()
    {
        AssertDiagnostics("""
            param a[100000, 1], b[1, 100000]
            c = a ⟦@⟧ b
            d = a ⟦+⟧ b
            e = reshape(c, [-1])
            minimize sum(e) + sum(d)
            """,
            "SG0304: this value [100000,100000] has 10,000,000,000 elements; a value has at most 2,147,483,647 (2^31 - 1)",
            "SG0304: this value [100000,100000] has 10,000,000,000 elements; a value has at most 2,147,483,647 (2^31 - 1)");
    }

    [Fact]
    public void HugeStaticShape_FailedParamDeclaration_NoCascadingNoParamWarning()
    {
        // The only param failed: "declares no 'param'" (SG0217) would report it a second time.
        AssertDiagnostics("param W[⟦2147483648⟧]\nminimize sum(W^2)",
            "SG0108: invalid dimension '2147483648': a dimension is a non-negative integer below 2^31 or a size name");
        AssertDiagnostics("param ⟦W⟧[65536, 65536]\nminimize sum(W^2)",
            "SG0304: 'W' [65536,65536] has 4,294,967,296 elements; a value has at most 2,147,483,647 (2^31 - 1)");
    }

    [Fact]
    public void BrokenDeclaration_NamesStillDefined_NoCascade()
    {
        AssertDiagnostics("param w[3, ⟦$⟧]\nr = w * 2", "SG0101: unexpected character '$'");
    }

    // ---- calls ----------------------------------------------------------------------------------

    [Fact]
    public void Calls_ArgumentProblems()
    {
        AssertDiagnostics("""
            input x[2, 3], y[2, 3]
            a = ⟦rellu⟧(x)
            b = relu(x, ⟦y⟧)
            c = sum(x, ⟦axes⟧: 1)
            d = softmax(x, axis: 1, ⟦axis⟧: 0)
            e = sum(axis: 0, ⟦x⟧)
            f = ⟦where(x, y)⟧
            g = sum(x, axis: ⟦y⟧)
            h = reshape(x, ⟦6⟧)
            i = exp(⟦[2, 3]⟧)
            j = ⟦x⟧(y)
            k = ⟦relu⟧ + 1
            l = x[⟦y⟧]
            m = x[⟦0.5⟧:]
            n = ⟦frobnicate⟧(⟦q⟧)
            """,
            "SG0205: unknown function 'rellu'; did you mean 'relu'?",
            "SG0206: relu: takes at most 1 argument, got 2",
            "SG0207: sum: has no parameter named 'axes'; did you mean 'axis'?",
            "SG0208: softmax: 'axis' is given more than once",
            "SG0209: sum: a positional argument cannot follow a named one",
            "SG0210: where: missing argument 'b'",
            "SG0211: sum: 'axis' must be an integer literal such as 1 or -1",
            "SG0212: reshape: 'shape' must be a list of dimensions such as [batch, 10]",
            "SG0213: a dimension list is not a value (lists are only for shapes, as in reshape(x, [2, 5]))",
            "SG0219: 'x' is a value, not a function",
            "SG0220: 'relu' is a function; call it, as in relu(x)",
            "SG0211: an index must be an integer literal such as 1 or -1",
            "SG0211: a slice bound must be an integer literal such as 1 or -1",
            "SG0205: unknown function 'frobnicate'",
            "SG0201: undefined name 'q'");
    }

    [Fact]
    public void Reshape_ElementCountsDiffer_ShapeMismatch()
    {
        AssertDiagnostics("input x[2, 3]\nr = ⟦reshape⟧(x, [4, 2])", "SG0301: reshape: cannot reshape [2,3] to [4,2] (element counts differ)");
    }

    [Fact]
    public void Index_OutOfRange_ShapeMismatch()
    {
        AssertDiagnostics("input v[3]\nr = v[⟦3⟧]", "SG0301: index: 3 is out of range for axis 0 of 'v' [3]");
    }

    [Fact]
    public void Subscripts_TooManyOutOfRangeSymbolicAxis_NameTheExpressionAndAxis()
    {
        AssertDiagnostics("""
            input X[3, 4], B[batch, 4], s
            a = X[0, 1, ⟦2⟧]
            b = X[:, ⟦-5⟧]
            c = (X * 2)[⟦3⟧, 0]
            d = B[⟦0⟧, 1:]
            e = B[1⟦:⟧]
            f = B[:, 1:3]
            g = s[⟦0⟧]
            h = X[⟦i⟧, 0:⟦n⟧]
            """,
            "SG0301: subscript: 'X' [3,4] has 2 axes, but 3 subscripts are given",
            "SG0301: index: -5 is out of range for axis 1 of 'X' [3,4]",
            "SG0301: index: 3 is out of range for axis 0 of the value [3,4]",
            "SG0301: index: axis 0 of 'B' [batch,4] must have a static size",
            "SG0301: slice: axis 0 of 'B' [batch,4] must have a static size",
            "SG0301: subscript: 's' [] has 0 axes, but 1 subscript is given",
            "SG0211: an index must be an integer literal such as 1 or -1",
            "SG0211: a slice bound must be an integer literal such as 1 or -1");
    }

    [Fact]
    public void MatMul_StackedOperands_UnsupportedShapesExplained()
    {
        AssertDiagnostics("""
            input A[2, 3, 4], B[3, 4, 5], W[4, 5], X[batch, 3, 4], Y[batch, 4], Z[65, 1, 1], U[2, 3, 5]
            a = A ⟦@⟧ B
            b = X ⟦@⟧ W
            c = A ⟦@⟧ U
            d = Z ⟦@⟧ Z
            e = Y @ W
            f = X[⟦0⟧] @ W
            """,
            "SG0301: matmul: cannot multiply [2,3,4] by [3,4,5]: the stack axes (all but the last two) must be equal; they are not broadcast",
            "SG0301: matmul: cannot multiply [batch,3,4] by [4,5]: the axes [batch,3] would have to be flattened into one, which needs static sizes (or one size name and the rest 1)",
            "SG0301: matmul: cannot multiply [2,3,4] by [2,3,5]",
            "SG0301: matmul: cannot multiply [65,1,1] by [65,1,1]: a stack of 65 matrix products is not supported (1 to 64); reshape to a matrix product instead",
            "SG0301: index: axis 0 of 'X' [batch,3,4] must have a static size");
    }

    [Fact]
    public void ReshapeInferred_TransposeAxes_Misuse()
    {
        AssertDiagnostics("""
            input X[3, 5], B[batch, 4]
            a = ⟦reshape⟧(X, [-1, 4])
            b = reshape(X, [-1, ⟦-1⟧])
            c = reshape(X, [⟦-3⟧, 5])
            d = ⟦reshape⟧(B, [-1, 2])
            e = ⟦reshape⟧(B, [n, -1])
            f = ⟦transpose⟧(X, [0, 1, 2])
            g = ⟦transpose⟧(X, [0])
            h = ⟦transpose⟧(X, [1, -1])
            i = transpose(X, ⟦1⟧)
            j = transpose(X, ⟦[a, 0]⟧)
            k = ⟦reshape⟧(X, [-1, 0])
            """,
            "SG0301: reshape: cannot infer the -1 in [-1,4] for [3,5]: its 15 elements are not a multiple of 4",
            "SG0221: reshape: only one dimension can be -1 (inferred from the others)",
            "SG0221: reshape: -3 is not a dimension: a dimension is a size, a size name, or -1 (inferred from the others)",
            "SG0301: reshape: cannot infer the -1 in [-1,2] for [batch,4]: it would be 2*batch, and a dimension is a size or one size name",
            "SG0301: reshape: cannot infer the -1 in [n,-1] for [batch,4]: 'n' is not among its sizes",
            "SG0301: transpose: [0,1,2] is not an order of the axes of [3,5]: it must list each of axes 0 to 1 once",
            "SG0301: transpose: [0] is not an order of the axes of [3,5]: it must list each of axes 0 to 1 once",
            "SG0301: transpose: [1,-1] is not an order of the axes of [3,5]: it must list each of axes 0 to 1 once",
            "SG0222: transpose: 'axes' must be a list of axes such as [1, 0]",
            "SG0222: transpose: 'axes' must be a list of axes such as [1, 0]",
            "SG0301: reshape: cannot infer the -1 in [-1,0] for [3,5]: its 15 elements are not a multiple of 0");
    }

    // ---- nesting --------------------------------------------------------------------------------

    [Fact]
    public void NestedTooDeeply_ReportedOnceAtTheOffendingBracket()
    {
        int depth = ModelCompiler.MaxNesting;
        var ok = CompileClean("input x\nr = " + new string('(', depth) + "x" + new string(')', depth));
        Assert.NotNull(ok.Find("r"));

        string text = "input x\nr = " + new string('(', depth + 1) + "x" + new string(')', depth + 1) + "\ns = y";
        var model = Compile(text);
        Assert.Equal(2, model.Diagnostics.Count);
        var d = model.Diagnostics[0];
        Assert.Equal(DiagnosticCode.NestedTooDeeply, d.Code);
        Assert.Equal("expression nested too deeply (more than 256 levels of parentheses, brackets and calls)", d.Message);
        Assert.Equal((2, 5 + depth), (d.Location.Line, d.Location.Column));
        Assert.Equal("SG0201", model.Diagnostics[1].Code); // the next line is still checked
    }

    [Fact]
    public void BadInput_ManyBrokenLines_KeepsTheFirst100ByPositionAndCountsTheRest()
    {
        // 1,000 broken lines, and an undefined name on the first (a binder error, reported after every parser error).
        var text = "r = undefined_name\n" + string.Concat(Enumerable.Repeat("a = 1 +\n", 999));
        var model = ModelTestUtil.Compile(text);
        Assert.Equal(ModelCompiler.MaxDiagnostics, model.Diagnostics.Count);
        Assert.Equal(1000 - ModelCompiler.MaxDiagnostics, model.OmittedErrors);
        Assert.Equal(0, model.OmittedWarnings);
        Assert.True(model.HasErrors);
        Assert.Equal("SG0201", model.Diagnostics[0].Code);
        Assert.Equal(Enumerable.Range(1, 100), model.Diagnostics.Select(d => d.Location.Line));
    }

    [Fact]
    public void Suggestions_Tahn_SuggestsTanhNotTan()
    {
        // One edit from both: a swap (tanh) keeps the length, a deletion (tan) does not.
        AssertDiagnostics("input x\nr = ⟦tahn⟧(x)", "SG0205: unknown function 'tahn'; did you mean 'tanh'?");
        AssertDiagnostics("input x\nr = ⟦sigmiod⟧(x)", "SG0205: unknown function 'sigmiod'; did you mean 'sigmoid'?");
    }

    [Fact]
    public void Suggestions_MisspeltWrtKeyword_SuggestsWrt()
    {
        AssertDiagnostics("param a, b\nloss = a * b\nminimize loss ⟦wtr⟧ a", "SG0103: expected an operator, 'wrt' or end of line, found name 'wtr'; did you mean 'wrt'?");
    }

    [Fact]
    public void Suggestions_MisspeltWrtName_SuggestsTheParameter()
    {
        AssertDiagnostics("param weights[2], bias\nloss = sum(weights) * bias\nminimize loss wrt ⟦weight⟧", "SG0201: undefined name 'weight'; did you mean 'weights'?");
    }

    [Theory]
    [InlineData("evaluate", "eval")]           // an extension: edit distance 4
    [InlineData("comp", "compile")]            // an abbreviation
    [InlineData("--hess", "--hessian")]        // not '--help', two edits away
    [InlineData("--sed", "--seed")]            // no prefix either way: edit distance
    [InlineData("ccs", "cs")]
    [InlineData("ev", null)]                   // too short to abbreviate anything
    [InlineData("frobnicate", null)]
    public void Suggestions_CommandLineWords_PrefixOrExtensionThenEditDistance(string typed, string? expected)
    {
        string[] words = { "compile", "eval", "check", "graph", "bench", "--seed", "--help", "--hessian", "interp", "expr", "cs" };
        Assert.Equal(expected, Suggestions.ClosestOrPrefix(typed, words));
    }
}
