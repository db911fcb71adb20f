namespace SymGraph.Cli.Tests;

/// <summary>Output files are written atomically: a failure leaves an existing file as it was and no stray files behind.</summary>
public class AtomicOutputTests
{
    private const string Broken = "param w[3]\nloss = sum(w @ w @ q)\nminimize loss\n";

    [Theory]
    [InlineData("cs", "Model.g.cs")]
    [InlineData("dll", "Model.dll")]
    public void Compile_ModelWithErrors_ExistingOutputUntouched(string emit, string output)
    {
        using var dir = new TempDirectory();
        dir.File("model.sg", Broken);
        var existing = dir.File(output, "previous output, must survive\n");
        var before = File.GetLastWriteTimeUtc(existing);

        var r = CliHost.RunIn(dir.Path, "compile", "model.sg", "-o", ".", "--emit", emit, "--class", "Model");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error SG0201", r.Stderr);
        Assert.Equal("previous output, must survive\n", File.ReadAllText(existing));
        Assert.Equal(before, File.GetLastWriteTimeUtc(existing));
        Assert.Equal(new[] { "model.sg", output }.OrderBy(f => f), Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).OrderBy(f => f));
    }

    [Fact]
    public void Compile_ToMissingDirectory_FailureCreatesNothing()
    {
        using var dir = new TempDirectory();
        dir.File("model.sg", Broken);
        var r = CliHost.RunIn(dir.Path, "compile", "model.sg", "-o", "out/deeper");
        Assert.Equal(1, r.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void Compile_Success_ReplacesExistingFileWhole()
    {
        using var dir = new TempDirectory();
        dir.File("model.sg", "param w[3]\nloss = sum(w^2)\nminimize loss\n");
        var existing = dir.File("Model.g.cs", "old");
        var r = CliHost.RunIn(dir.Path, "compile", "model.sg");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("public static class Model", File.ReadAllText(existing));
        Assert.Equal(new[] { "Model.g.cs", "model.sg" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Graph_SvgWithoutGraphviz_ExistingOutputUntouchedClearMessage()
    {
        using var dir = new TempDirectory();
        var existing = dir.File("graph.svg", "<svg>old</svg>");
        var environment = new CliEnvironment { WorkingDirectory = CliHost.Root, DotExecutable = Path.Combine(dir.Path, "no-such-dot") };
        var r = CliHost.Run(environment, "graph", CliHost.Model("xor"), "--grad", "--format", "svg", "-o", existing);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Graphviz's 'dot' program was not found", r.Stderr);
        Assert.Contains("--format dot", r.Stderr);
        Assert.Equal("<svg>old</svg>", File.ReadAllText(existing));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Graph_OutputIsADirectory_ExitCodeOne()
    {
        using var dir = new TempDirectory();
        var r = CliHost.Run("graph", CliHost.Model("xor"), "-o", dir.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"symgraph: error: cannot write '{dir.Path}'", r.Stderr);
    }
}
