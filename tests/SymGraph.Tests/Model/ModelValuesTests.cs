using SymGraph.Model;
using static SymGraph.Tests.ModelTestUtil;

namespace SymGraph.Tests;

public class ModelValuesTests
{
    private const string Source = "input x[batch, 3], t\nparam w[3], b\nr = sum(x @ w + b) * t";

    private static ModelValues AssertValueDiagnostics(string annotatedJson, params string[] expected)
    {
        var (json, spans) = Annotated(annotatedJson);
        Assert.Equal(expected.Length, spans.Count);
        var values = ModelValues.Read(json, "values.json", CompileClean(Source));
        Assert.True(values.Diagnostics.Count == expected.Length, string.Join("\n", values.Diagnostics));
        for (int i = 0; i < expected.Length; i++)
        {
            var d = values.Diagnostics[i];
            Assert.Equal(expected[i], $"{d.Code}: {d.Message}");
            Assert.Equal("values.json", d.Location.File);
            Assert.Equal(spans[i], (d.Location.Line, d.Location.Column, d.Length));
        }
        return values;
    }

    [Fact]
    public void Read_Valid_TensorsSizesAndEvaluation()
    {
        var model = CompileClean(Source);
        var values = ModelValues.Read("""
            {
              "x": [[1, 2, 3], [4, 5, 6]],
              "t": 2,
              "w": [1, 0, -1e0],
              "b": 0.5
            }
            """, "values.json", model);
        Assert.Empty(values.Diagnostics);
        Assert.Equal(2, values.Sizes["batch"]);
        Assert.Equal(new[] { 2, 3 }, values.ByName["x"].Dims);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, values.ByName["x"].Data);
        Assert.Empty(values.ByName["t"].Dims);
        Assert.Same(values.ByName["w"], values.ByNode[model.Find("w")!]);
        // x @ w = [-2, -2]; + b = [-1.5, -1.5]; sum = -3; * t = -6
        Assert.Equal(-6.0, Interpreter.Evaluate(model.Find("r")!, values.ByNode).ToScalar());
    }

    [Fact]
    public void Read_EmptyLeadingAxis_Allowed()
    {
        var values = ModelValues.Read("""{"x": [], "t": 1, "w": [1,2,3], "b": 0}""", "v.json", CompileClean("input x[n], t\nparam w[3], b"));
        Assert.Empty(values.Diagnostics);
        Assert.Equal(0, values.Sizes["n"]);
    }

    [Fact]
    public void EmptyBatch_EmptyArray_IsNoRowsOfASymbolicOrZeroLeadingAxis()
    {
        // Was SG0408 "'X': expected shape [batch,3], got [0]": JSON has no other way to write no rows of 3.
        var model = CompileClean("""
            input X[batch, 3], y[batch], T[n, 2, 2]
            param W[0, 3], w[3]
            loss = mean((X @ w - y)^2) + sum(W) + sum(T) + 0.5 * sum(w^2)
            minimize loss
            """);
        var values = ModelValues.Read("""{"X": [], "y": [], "T": [], "W": [], "w": [1, 2, 3]}""", "v.json", model);
        Assert.True(values.Diagnostics.Count == 0, string.Join("\n", values.Diagnostics));
        Assert.Equal(0, values.Sizes["batch"]);
        Assert.Equal(0, values.Sizes["n"]);
        Assert.Equal(new[] { 0, 3 }, values.ByName["X"].Dims);
        Assert.Equal(new[] { 0 }, values.ByName["y"].Dims);
        Assert.Equal(new[] { 0, 2, 2 }, values.ByName["T"].Dims);
        Assert.Equal(new[] { 0, 3 }, values.ByName["W"].Dims);
        // The mean of no rows is 0/0; the gradient is the penalty's alone (the data terms sum over no rows).
        var cost = model.Minimize!.Node;
        Assert.True(double.IsNaN(Interpreter.Evaluate(cost, values.ByNode).ToScalar()));
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, Interpreter.Evaluate(Autodiff.Grad(cost, model.Find("w")!), values.ByNode).Data);
        Assert.Equal(new[] { 0, 3 }, Interpreter.Evaluate(Autodiff.Grad(cost, model.Find("W")!), values.ByNode).Dims);
    }

    [Fact]
    public void EmptyBatch_EmptyArray_OtherShapesStillMismatch()
    {
        var model = CompileClean("input A[3, 2], B[batch, n], C[batch, 2]\nparam w");
        var values = ModelValues.Read("""{"A": [], "B": [], "C": [[]], "w": 1}""", "v.json", model);
        Assert.Equal(new[]
        {
            "SG0408: 'A': expected shape [3,2], got [0]",         // a static leading size other than 0
            "SG0408: 'B': expected shape [batch,n], got [0]",     // the rows' size is not known
            "SG0408: 'C': expected shape [batch,2], got [1,0]",   // one empty row is not no rows
        }, values.Diagnostics.Select(d => $"{d.Code}: {d.Message}"));
    }

    [Fact]
    public void Read_Problems_EachReportedAtTheValue()
    {
        AssertValueDiagnostics("""
            ⟦{⟧
              "x": [[1, 2, 3], [4, 5, 6]],
              "t": ⟦"two"⟧,
              ⟦"W"⟧: [1, 2, 3],
              "b": ⟦[1]⟧,
              ⟦"x"⟧: 1
            }
            """,
            "SG0403: no value for param 'w' [3]",
            "SG0406: 't': expected a number or a nested array of numbers, found a string",
            "SG0404: the model has no input or parameter named 'W'; did you mean 'w'?",
            "SG0408: 'b': expected shape [], got [1]",
            "SG0405: 'x' is already given (on line 2)");
    }

    [Fact]
    public void UnknownName_ObjectOrArrayValue_ReportedOnce()
    {
        // eval --json output given as a values file: "outputs" was SG0404 and SG0406 ("found an object").
        AssertValueDiagnostics("""
            {
              "x": [[1, 2, 3]], "t": 1, "w": [1, 2, 3], "b": 0,
              ⟦"outputs"⟧: {"loss": 0.5, "p": [1, "NaN"]},
              ⟦"gradient"⟧: {"w": [[true]]},
              ⟦"W"⟧: ["one", null],
              ⟦"outputs"⟧: 2
            }
            """,
            "SG0404: the model has no input or parameter named 'outputs'",
            "SG0404: the model has no input or parameter named 'gradient'",
            "SG0404: the model has no input or parameter named 'W'; did you mean 'w'?",
            "SG0405: 'outputs' is already given (on line 3)");
    }

    [Fact]
    public void Read_RaggedArrays_Reported()
    {
        AssertValueDiagnostics("""
            {
              "x": [[1, 2, 3], [4, 5⟦]⟧],
              "t": [[1], ⟦2⟧],
              "w": [1, 2, 3], "b": 0
            }
            """,
            "SG0407: 'x': ragged array: an array at depth 2 has 2 elements where an earlier one has 3",
            "SG0407: 't': ragged array: numbers at depth 1 and at depth 2");
    }

    [Fact]
    public void Read_SizeConflict_NamesBothValues()
    {
        var values = ModelValues.Read("""{"x": [[1,2,3]], "y": [[1,2,3],[4,5,6]]}""", "v.json", CompileClean("input x[batch, 3], y[batch, 3]"));
        var d = Assert.Single(values.Diagnostics);
        Assert.Equal("v.json(1,23): error SG0409: 'y': size 'batch' is 2 here but 1 in 'x'", d.ToString());
    }

    [Fact]
    public void Read_ShapeMismatch_StaticSize()
    {
        var values = ModelValues.Read("""{"w": [1, 2], "b": 0, "x": [[1,2,3]], "t": 0}""", "v.json", CompileClean(Source));
        Assert.Equal("SG0408: 'w': expected shape [3], got [2]", $"{values.Diagnostics[0].Code}: {values.Diagnostics[0].Message}");
    }

    [Theory]
    [InlineData("{\"x\": [1, 2,]}", "SG0401: invalid JSON: expected a number or an array", 1)]
    [InlineData("{\"x\" 1}", "SG0401: invalid JSON: expected ':', found a number", 1)]
    [InlineData("{\"x\": 1", "SG0401: invalid JSON: expected ',' or '}', found end of file", 1)]
    [InlineData("{\"x\": 1} 2", "SG0401: invalid JSON: expected end of file, found a number", 1)]
    [InlineData("{\"x\": nope}", "SG0401: invalid JSON: unexpected word 'nope'", 1)]
    [InlineData("{\"x\": \"abc", "SG0401: invalid JSON: unterminated string", 1)]
    [InlineData("[1, 2]", "SG0402: a values file is a JSON object mapping input and parameter names to numbers or nested arrays", 1)]
    [InlineData("", "SG0402: a values file is a JSON object mapping input and parameter names to numbers or nested arrays", 1)]
    public void Read_MalformedJson_OneDiagnostic(string json, string expectedStart, int count)
    {
        var values = ModelValues.Read(json, "v.json", CompileClean("input x"));
        Assert.Equal(count, values.Diagnostics.Count);
        Assert.StartsWith(expectedStart, $"{values.Diagnostics[0].Code}: {values.Diagnostics[0].Message}");
    }

    [Fact]
    public void Read_FuzzedValues_NeverThrow()
    {
        var model = CompileClean(Source);
        const string Valid = """{"x": [[1, 2, 3], [4, 5, 6]], "t": 2, "w": [1, 0, -1e0], "b": {"nested": [true, null]}}""";
        const string Odd = "{}[],:\"-.e0123456789 \n\\utfn";
        var rng = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            var sb = new System.Text.StringBuilder(Valid);
            for (int e = rng.Next(1, 4); e > 0 && sb.Length > 1; e--)
            {
                int at = rng.Next(sb.Length);
                if (rng.Next(2) == 0) sb.Remove(at, 1);
                else sb.Insert(at, Odd[rng.Next(Odd.Length)]);
            }
            var values = ModelValues.Read(sb.ToString(), "v.json", model);
            Assert.All(values.Diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1));
        }
    }

    [Fact]
    public void Read_NaNAndInfinityStrings_AreTheNumbersEvalJsonWrites()
    {
        var model = CompileClean(Source);
        var values = ModelValues.Read("""{"x": [["NaN", "Infinity", "-Infinity"]], "t": "NaN", "w": [1, 2, 3], "b": "-Infinity"}""", "values.json", model);
        Assert.True(values.Diagnostics.Count == 0, string.Join("\n", values.Diagnostics));
        Assert.Equal(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }, values.ByName["x"].Data);
        Assert.True(double.IsNaN(values.ByName["t"].Data[0]));
        Assert.Equal(double.NegativeInfinity, values.ByName["b"].Data[0]);
    }

    [Fact]
    public void NaNSpellings_OtherSpellings_StillNotNumeric_NameTheAcceptedOnes()
    {
        const string Accepted = "(NaN and the infinities are written \"NaN\", \"Infinity\" and \"-Infinity\", exactly so spelled)";
        AssertValueDiagnostics("""{"x": [[1, ⟦"nan"⟧, 2]], "t": ⟦"inf"⟧, "w": [⟦"-INF"⟧, 2, 3], "b": ⟦"two"⟧}""",
            $"SG0406: 'x': \"nan\" is not a number; did you mean \"NaN\"? {Accepted}",
            $"SG0406: 't': \"inf\" is not a number; did you mean \"Infinity\"? {Accepted}",
            $"SG0406: 'w': \"-INF\" is not a number; did you mean \"-Infinity\"? {Accepted}",
            "SG0406: 'b': expected a number or a nested array of numbers, found a string");
    }

    [Fact]
    public void NumberOutOfRange_1e400_IsValidJsonBeyondFloat64_SaysInfinity()
    {
        // Was SG0401 "invalid JSON: invalid number '1e400'", which stopped reading the file.
        var values = AssertValueDiagnostics("""{"x": [[1, ⟦1e400⟧, 2, -1e999]], "t": ⟦-1E+309⟧, "w": [1e-400, 1.7976931348623157e308, 3], "b": 0}""",
            "SG0410: 'x': '1e400' is out of range for float64 (write \"Infinity\" for an infinite value)",
            "SG0410: 't': '-1E+309' is out of range for float64 (write \"-Infinity\" for an infinite value)");
        Assert.Equal(new[] { 0.0, double.MaxValue, 3.0 }, values.ByName["w"].Data); // underflow to 0 is not an error
    }
}
