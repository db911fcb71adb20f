namespace SymGraph.Cli.Tests;

/// <summary>Help, version, and the exit codes: 0 success, 1 invalid input or failed check, 2 usage error; messages on standard error.</summary>
public class UsageTests
{
    [Theory]
    [InlineData("compile")]
    [InlineData("eval")]
    [InlineData("check")]
    [InlineData("graph")]
    [InlineData("bench")]
    [InlineData("train")]
    [InlineData("predict")]
    public void Help_EveryCommand_UsageOnStdoutExitZero(string command)
    {
        var r = CliHost.Run(command, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Stdout);
        Assert.Contains($"symgraph {command} <MODEL> [options]", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Help_Root_ListsCommandsAndExitCodes()
    {
        var r = CliHost.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "compile", "eval", "check", "graph", "bench", "train", "predict" }) Assert.Contains(command, r.Stdout);
        Assert.Contains("Exit codes: 0 success; 1 invalid input", r.Stdout);
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var r = CliHost.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Cli.Version + "\n", r.Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", Cli.Version);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("eval examples/xor.sg")]                                     // --at is required
    [InlineData("eval examples/xor.sg --at examples/xor.values.json --backend fortran")]
    [InlineData("check examples/xor.sg --seed many")]
    [InlineData("check examples/xor.sg --samples 0")]
    [InlineData("graph examples/xor.sg --json")]                           // --json goes with --stats
    [InlineData("graph examples/xor.sg --stats --format dot")]
    [InlineData("graph examples/xor.sg --format png")]
    [InlineData("compile examples/xor.sg --emit exe")]
    [InlineData("compile examples/xor.sg --class not-a-name")]
    [InlineData("compile examples/xor.sg --namespace A.class.B")]
    [InlineData("compile")]
    [InlineData("bench examples/xor.sg --time-ms -1")]
    [InlineData("eval examples/xor.sg --at examples/xor.values.json --bogus")]
    public void UsageError_ExitCodeTwoMessageOnStderr(string commandLine)
    {
        var r = CliHost.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("symgraph: error: ", r.Stderr);
    }

    [Fact]
    public void MissingModelFile_ExitCodeOneClearMessage()
    {
        var r = CliHost.Run("check", "examples/nope.sg");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("symgraph: error: cannot read 'examples/nope.sg': no such file\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void MissingValuesFile_ExitCodeOne()
    {
        var r = CliHost.Run("eval", "examples/xor.sg", "--at", "missing.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot read 'missing.json'", r.Stderr);
    }

    [Fact]
    public void Check_FailingDerivatives_ExitCodeOne()
    {
        // relu at exactly 0 has a one-sided derivative (relu'(0) = 0 by convention): differences see 1/2.
        using var dir = new TempDirectory();
        dir.File("kink.sg", "param w[2]\nloss = sum(relu(w))\nminimize loss\n");
        dir.File("kink.json", "{ \"w\": [0, 1] }");
        var r = CliHost.RunIn(dir.Path, "check", "kink.sg", "--at", "kink.json", "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("\"ok\": false", r.Stdout);
        Assert.Contains("\"worst\": \"w[0]\"", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Hessian_TooLarge_LocatedErrorExitCodeOne()
    {
        var r = CliHost.Run("eval", CliHost.Model("mlp"), "--at", CliHost.Values("mlp"), "--hessian");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"^examples/mlp\.sg\(\d+,\d+\): error SG0503: the dense Hessian would be 235146×235146", r.Stderr);
    }

    [Fact]
    public void Hessian_SymbolicShape_WithoutValuesToBindIt_LocatedErrorExitCodeOne()
    {
        using var dir = new TempDirectory();
        dir.File("sym.sg", "input x[n]\nloss = sum(x^2)\nminimize loss wrt x\n");
        var r = CliHost.RunIn(dir.Path, "graph", "sym.sg", "--hessian");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("sym.sg(1,7): error SG0502: a Hessian needs values of static shape; 'x' has shape [n]\n", r.Stderr);
        // check has a point (random, n = 3), which binds the size.
        var check = CliHost.RunIn(dir.Path, "check", "sym.sg", "--hessian");
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
