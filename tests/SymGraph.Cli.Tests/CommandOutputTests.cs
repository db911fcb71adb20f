using System.Text.Json;

namespace SymGraph.Cli.Tests;

/// <summary>The exact shape of each command's results on a small model whose numbers are known by hand.</summary>
public class CommandOutputTests
{
    // f(a, B) = a² · sum(B) + sum(B²): ∂f/∂a = 2a·sum(B), ∂f/∂B = a² + 2B;
    // ∂²f/∂a² = 2 sum(B), ∂²f/∂a∂B = 2a, ∂²f/∂B² = 2I.
    private const string Model = "param a\nparam B[2, 2]\nf = a^2 * sum(B) + sum(B^2)\nminimize f\n";
    private const string Values = "{ \"a\": 3, \"B\": [[1, 2], [3, 4]] }";

    private static CliResult Run(params string[] args)
    {
        using var dir = new TempDirectory();
        dir.File("f.sg", Model);
        dir.File("f.json", Values);
        return CliHost.RunIn(dir.Path, args);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void Eval_Json_OutputsGradientAndHessianFlattenedInDeclarationOrder(string backend)
    {
        var r = Run("eval", "f.sg", "--at", "f.json", "--grad", "--hessian", "--json", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal(new[] { "outputs", "gradient", "hessian" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(9 * 10 + 30, root.GetProperty("outputs").GetProperty("f").GetDouble(), 12);
        Assert.Equal(60, root.GetProperty("gradient").GetProperty("a").GetDouble(), 12);
        Assert.Equal("[[11,13],[15,17]]", Compact(root.GetProperty("gradient").GetProperty("B")));
        Assert.Equal("[\"a\",\"B\"]", Compact(root.GetProperty("hessian").GetProperty("wrt")));
        Assert.Equal(
            "[[20,6,6,6,6],[6,2,0,0,0],[6,0,2,0,0],[6,0,0,2,0],[6,0,0,0,2]]",
            Compact(root.GetProperty("hessian").GetProperty("matrix")));
    }

    [Fact]
    public void Eval_Text_OneLinePerValue()
    {
        var r = Run("eval", "f.sg", "--at", "f.json", "--grad", "--hessian");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            """
            f = 120
            gradient:
              d/da = 60
              d/dB [2,2] = [[11, 13], [15, 17]]
            hessian (5×5, rows and columns: a, B, row-major):
              20  6  6  6  6
               6  2  0  0  0
               6  0  2  0  0
               6  0  0  2  0
               6  0  0  0  2

            """, r.Stdout);
    }

    [Fact]
    public void Check_Json_ShapeOfTheReport()
    {
        var r = Run("check", "f.sg", "--at", "f.json", "--hessian", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        foreach (var part in new[] { "gradient", "hessian" })
        {
            var p = root.GetProperty(part);
            Assert.True(p.GetProperty("max_abs_error").GetDouble() < 1e-6);
            Assert.True(p.GetProperty("max_rel_error").GetDouble() < 1e-6);
            Assert.Matches(@"^(df/d)?[aB](\[\d,\d\])?( wrt [aB](\[\d,\d\])?)?$", p.GetProperty("worst").GetString());
        }
        Assert.Equal(5, root.GetProperty("gradient").GetProperty("entries").GetInt32());
        Assert.Equal(25, root.GetProperty("hessian").GetProperty("entries").GetInt32());
    }

    [Fact]
    public void Graph_Text_IsTheListingOfTheSimplifiedGraph()
    {
        var r = Run("graph", "f.sg");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("%0:f64[] = param a\n", r.Stdout);
        Assert.Contains("# f", r.Stdout);
        Assert.EndsWith("\n", r.Stdout);
        Assert.Matches(@"return %\d+\n$", r.Stdout);
    }

    [Fact]
    public void Graph_NoSimplify_AsBuiltHasAtLeastAsManyNodes()
    {
        var simplified = Run("graph", "f.sg", "--grad", "--hessian", "--stats", "--json");
        var built = Run("graph", "f.sg", "--grad", "--hessian", "--stats", "--json", "--no-simplify");
        using var s = JsonDocument.Parse(simplified.Stdout);
        using var b = JsonDocument.Parse(built.Stdout);
        foreach (var stage in new[] { "forward", "gradient", "hessian" })
            Assert.True(s.RootElement.GetProperty(stage).GetInt32() <= b.RootElement.GetProperty(stage).GetInt32(), stage);
        Assert.True(s.RootElement.GetProperty("hessian").GetInt32() > 0);
    }

    [Fact]
    public void Graph_StatsText_Table()
    {
        var r = Run("graph", "f.sg", "--stats");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^graph\s+nodes\s+as built$", lines[0]);
        Assert.Matches(@"^forward\s+\d+\s+\d+$", lines[1]);
        Assert.Matches(@"^gradient\s+\d+\s+\d+$", lines[2]);
        Assert.Matches(@"^hessian\s+-\s+-$", lines[3]);
    }

    [Fact]
    public void Graph_DotToFile_WritesDotAndNothingOnStdout()
    {
        using var dir = new TempDirectory();
        dir.File("f.sg", Model);
        var r = CliHost.RunIn(dir.Path, "graph", "f.sg", "--grad", "--format", "dot", "-o", "f.dot");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Stdout);
        var dot = File.ReadAllText(Path.Combine(dir.Path, "f.dot"));
        Assert.StartsWith("digraph symgraph {", dot);
        Assert.Contains("label=\"f.sg\"", dot);
        Assert.Contains("df/dB", dot);
    }

    [Fact]
    public void Graph_Svg_PipesDotThroughTheGraphvizExecutable()
    {
        if (OperatingSystem.IsWindows()) return; // the stand-in below is a shell script
        using var dir = new TempDirectory();
        // A stand-in for Graphviz that checks its argument and echoes what it was given inside <svg>.
        var fake = dir.File("fake-dot", "#!/bin/sh\n[ \"$1\" = \"-Tsvg\" ] || exit 3\nprintf '<svg>'\ncat\nprintf '</svg>\\n'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        dir.File("f.sg", Model);
        var r = CliHost.Run(new CliEnvironment { WorkingDirectory = dir.Path, DotExecutable = fake }, "graph", "f.sg", "--format", "svg");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("<svg>digraph symgraph {", r.Stdout);
        Assert.EndsWith("}\n</svg>\n", r.Stdout);
    }

    [Fact]
    public void Graph_SvgWithRealGraphviz_WhenInstalled()
    {
        var dot = new[] { "/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot" }.FirstOrDefault(File.Exists);
        if (dot is null) return; // Graphviz is optional; the fake-dot test covers the plumbing
        using var dir = new TempDirectory();
        dir.File("f.sg", Model);
        var r = CliHost.Run(new CliEnvironment { WorkingDirectory = dir.Path, DotExecutable = dot }, "graph", "f.sg", "--grad", "--format", "svg");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("<svg", r.Stdout);
    }

    [Fact]
    public void Terminal_CheckTable_DrawnWithSpectreInColour()
    {
        using var dir = new TempDirectory();
        dir.File("f.sg", Model);
        var r = CliHost.Run(new CliEnvironment { WorkingDirectory = dir.Path, IsTerminal = true, TerminalWidth = 120 }, "check", "f.sg");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("╭", r.Stdout);          // a rounded table border
        Assert.Contains("\u001b[", r.Stdout);    // ANSI colour
        Assert.Contains("gradient", r.Stdout);
    }

    [Fact]
    public void Compile_DefaultClassNameFromFileName()
    {
        Assert.Equal("LogisticRegression", CompileCommand.ClassNameFor("examples/logistic_regression.sg"));
        Assert.Equal("Mlp", CompileCommand.ClassNameFor("mlp.sg"));
        Assert.Equal("Model2layer", CompileCommand.ClassNameFor("2layer.sg"));
        Assert.Equal("Model", CompileCommand.ClassNameFor("___.sg"));
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}
