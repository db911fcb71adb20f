using System.Text.Json;

namespace SymGraph.Cli.Tests;

/// <summary>
/// Issue 11, "Numbers", through the command line: the stable forms at logits of ±1e4, log σ(−800),
/// constant powers at 0 and logsumexp of +∞ give the same values in every backend, and `check`
/// passes on them (it evaluates with the interpreter, which applies the same stable forms).
/// </summary>
public class EdgeCaseCliTests
{
    private static CliResult Run(string model, string values, params string[] args) => CliHost.RunModel(model, values, args);

    private static JsonElement EvalJson(string model, string values, string backend)
    {
        var r = Run(model, values, "eval", "m.sg", "--at", "m.json", "--grad", "--json", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => throw new FormatException(s) }
        : e.GetDouble();

    private const string CrossEntropyWrittenOut = "param z[3]\ninput y[3]\nloss = -sum(y * log(softmax(z)))\nminimize loss\n";
    private const string LargeLogits = "{ \"z\": [10000, -10000, 0], \"y\": [0, 1, 0] }";

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void StableForms_CrossEntropyAtLogits1e4_SameValueAndGradientInEveryBackend(string backend)
    {
        var root = EvalJson(CrossEntropyWrittenOut, LargeLogits, backend);
        Assert.Equal(20000.0, Number(root.GetProperty("outputs").GetProperty("loss")), 9);
        var grad = root.GetProperty("gradient").GetProperty("z").EnumerateArray().Select(Number).ToArray();
        Assert.Equal(new[] { 1.0, -1.0, 0.0 }, grad.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void StableForms_CrossEntropyAtLogits1e4_CheckPasses()
    {
        var r = Run(CrossEntropyWrittenOut, LargeLogits, "check", "m.sg", "--at", "m.json");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void StableForms_LogSigmoidAtMinus800_IsMinus800InEveryBackend(string backend)
    {
        var root = EvalJson("param x\nloss = log(sigmoid(x))\nminimize loss\n", "{ \"x\": -800 }", backend);
        Assert.Equal(-800.0, Number(root.GetProperty("outputs").GetProperty("loss")));
        Assert.Equal(1.0, Number(root.GetProperty("gradient").GetProperty("x")));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void PowAtZero_ConstantExponent_GradientIsExactInEveryBackend(string backend)
    {
        // d/dx (x^0 + x^1 + x^3) at 0 = 0 + 1 + 0; the x^0 term gave 0·0⁻¹ = NaN before.
        var root = EvalJson("param x\nloss = x^0 + x^1 + x^3\nminimize loss\n", "{ \"x\": 0 }", backend);
        Assert.Equal(1.0, Number(root.GetProperty("outputs").GetProperty("loss")));
        Assert.Equal(1.0, Number(root.GetProperty("gradient").GetProperty("x")));
    }

    [Fact]
    public void PowAtZero_CheckWithHessianPasses()
    {
        var r = Run("param x\nloss = x^0 + x^1 + x^3\nminimize loss\n", "{ \"x\": 0 }", "check", "m.sg", "--at", "m.json", "--hessian");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void LogSumExp_OfPlusInfinity_IsInfinityInEveryBackend(string backend)
    {
        var r = Run("input v[4]\nlse = logsumexp(v)\np = softmax(v)\noutput lse, p\n", "{ \"v\": [\"Infinity\", 1, 2, 3] }",
            "eval", "m.sg", "--at", "m.json", "--json", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        var outputs = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("outputs");
        Assert.Equal(double.PositiveInfinity, Number(outputs.GetProperty("lse")));
        Assert.Equal(new[] { 1.0, 0, 0, 0 }, outputs.GetProperty("p").EnumerateArray().Select(Number).ToArray());
    }
}
