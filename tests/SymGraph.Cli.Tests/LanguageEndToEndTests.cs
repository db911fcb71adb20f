namespace SymGraph.Cli.Tests;

/// <summary>Language features through the commands, on small models whose numbers are known by hand.</summary>
public class LanguageEndToEndTests
{
    private static CliResult Run(string model, string values, params string[] args) => CliHost.RunModel(model, values, args);

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

    [Fact]
    public void SubscriptsOnAnyAxis_SpanningLines_EvalGrad()
    {
        // cost = Σ W[:, 1:]² + 10·W[1, 0] = (4 + 9 + 25 + 36) + 40; ∂/∂W = [[0, 2·2, 2·3], [10, 2·5, 2·6]]
        const string model = "param W[2, 3]\nminimize (sum(W[:, 1:]^2)\n          + W[1, 0] * 10)\n";
        var r = Run(model, "{ \"W\": [[1, 2, 3], [4, 5, 6]] }", "eval", "m.sg", "--at", "m.json", "--grad");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            """
            cost = 114
            gradient:
              d/dW [2,3] = [[0, 4, 6], [10, 10, 12]]

            """, r.Stdout);
    }

    [Fact]
    public void StackedMatMulReshapeTranspose_Check_DerivativesAgree()
    {
        const string model = """
            input X[batch, 4]
            param A[2, 3, 4], W[3, 4], V[2, 3, 2]
            h = tanh(A @ transpose(W, [1, 0])        # [2,3,4] @ [4,3]
                     @ V)                            # @ [2,3,2], one product per stack entry
            loss = sum(reshape(h, [-1, 4])[:, 1:]^2) + mean(X @ W[0]) + A[1, 2, 3]
            minimize loss
            output h
            """;
        using var dir = new TempDirectory();
        dir.File("m.sg", model);
        var r = CliHost.RunIn(dir.Path, "check", "m.sg", "--seed", "3", "--hessian");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.EndsWith("ok\n", r.Stdout);
    }
}
