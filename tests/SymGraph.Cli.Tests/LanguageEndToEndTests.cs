namespace SymGraph.Cli.Tests;

/// <summary>Language features through the commands, on small models whose numbers are known by hand.</summary>
public class LanguageEndToEndTests
{
    private static CliResult Run(string model, string values, params string[] args)
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", model);
        dir.File("m.json", values);
        return CliHost.RunIn(dir.Path, args);
    }

    // cost = a² · sum(B) + sum(B²): ∂/∂a = 2a·sum(B), ∂/∂B = a² + 2B.
    private const string MinimizeExpression = "param a\nparam B[2, 2]\nminimize a^2 * sum(B) + sum(B^2)\n";
    private const string MinimizeValues = "{ \"a\": 3, \"B\": [[1, 2], [3, 4]] }";

    [Fact]
    public void MinimizeExpression_EvalGrad_PrintsCostAndGradient()
    {
        var r = Run(MinimizeExpression, MinimizeValues, "eval", "m.sg", "--at", "m.json", "--grad");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            """
            cost = 120
            gradient:
              d/da = 60
              d/dB [2,2] = [[11, 13], [15, 17]]

            """, r.Stdout);
    }

    [Theory]
    [InlineData("expr")]
    [InlineData("cs")]
    public void MinimizeExpression_EvalGradCompiled_SameNumbers(string backend)
    {
        var r = Run(MinimizeExpression, MinimizeValues, "eval", "m.sg", "--at", "m.json", "--grad", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("cost = 120\ngradient:\n  d/da = 60\n  d/dB [2,2] = [[11, 13], [15, 17]]\n", r.Stdout);
    }

    [Fact]
    public void MinimizeExpression_CheckAndCompile_Succeed()
    {
        var check = Run(MinimizeExpression, MinimizeValues, "check", "m.sg", "--at", "m.json", "--hessian");
        Assert.True(check.ExitCode == 0, check.ToString());

        using var dir = new TempDirectory();
        dir.File("m.sg", MinimizeExpression);
        var compile = CliHost.RunIn(dir.Path, "compile", "m.sg", "-o", "out");
        Assert.True(compile.ExitCode == 0, compile.ToString());
        Assert.Equal("wrote out/M.g.cs (SymGraph.Generated.M: Value, Gradient)\n", compile.Stdout.Replace('\\', '/'));
        Assert.Contains("/// <returns>cost, f64 scalar.</returns>", File.ReadAllText(Path.Combine(dir.Path, "out", "M.g.cs")));
    }
}
