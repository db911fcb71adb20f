using System.Text;

namespace SymGraph.Cli.Tests;

/// <summary>
/// Issue 11, "Bad input": every bad input gets one clear error. One test (or a few) per item, named
/// after it: binary and flooding inputs, file-system failures, bench limits, NaN in values files,
/// suggestions, and non-finite values in check.
/// </summary>
public class BadInputTests
{
    // ---- 1. binary files, floods of diagnostics ---------------------------------------------------

    [Fact]
    public void BinaryModel_FiveMegabytesOfRandomBytes_OneNotTextDiagnostic()
    {
        using var dir = new TempDirectory();
        var bytes = new byte[5_000_000];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(dir.File("random.sg"), bytes);
        var r = CliHost.RunIn(dir.Path, "graph", "random.sg");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var line = Assert.Single(Lines(r.Stderr));
        Assert.Matches(@"^random\.sg\(\d+,\d+\): error SG0109: not a text file: ", line);
        Assert.Contains("a model file is UTF-8 text (is this the right file?)", line);
    }

    [Fact]
    public void BinaryModel_NulByte_LocatedAtTheByte()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("nul.sg"), Encoding.UTF8.GetBytes("param w[3]\r\nloss = sum(wé\0)\nminimize loss\n"));
        var r = CliHost.RunIn(dir.Path, "check", "nul.sg");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("nul.sg(2,14): error SG0109: not a text file: a NUL byte here; a model file is UTF-8 text (is this the right file?)\n", r.Stderr);
    }

    [Fact]
    public void BinaryModel_InvalidUtf8_LocatedAtTheByte()
    {
        using var dir = new TempDirectory();
        var bytes = Encoding.UTF8.GetBytes("param w[3]\nloss = sum(w) # caf").Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();
        File.WriteAllBytes(dir.File("latin1.sg"), bytes);
        var r = CliHost.RunIn(dir.Path, "graph", "latin1.sg");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("latin1.sg(2,20): error SG0109: not a text file: byte 0xE9 here is not valid UTF-8; a model file is UTF-8 text (is this the right file?)\n", r.Stderr);
    }

    [Fact]
    public void BinaryValues_OneNotTextDiagnosticInTheValuesFile()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", "param w[2]\nloss = sum(w)\nminimize loss\n");
        File.WriteAllBytes(dir.File("v.json"), new byte[] { (byte)'{', 0, 0, 0, 1, 2, 3 });
        var r = CliHost.RunIn(dir.Path, "eval", "m.sg", "--at", "v.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("v.json(1,2): error SG0109: not a text file: a NUL byte here; a values file is UTF-8 text (is this the right file?)\n", r.Stderr);
    }

    [Fact]
    public void Utf16Model_WithByteOrderMark_StillReads()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("utf16.sg"), "param w[3]\nloss = sum(w^2)\nminimize loss\n", Encoding.Unicode);
        var r = CliHost.RunIn(dir.Path, "graph", "utf16.sg", "--stats", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void ValuesFileAsModel_AFewLocatedErrors()
    {
        using var dir = new TempDirectory();
        // A values file of 300 rows: inside its brackets lines continue, so the rows are one expression
        // and the file gets a few errors (the braces, the quoted name), not one per row.
        var json = "{\n  \"x\": [\n" + string.Join(",\n", Enumerable.Range(0, 300).Select(i => $"    [{i}.5, {i}.25]")) + "\n  ]\n}\n";
        dir.File("values.json", json);
        var r = CliHost.RunIn(dir.Path, "check", "values.json");
        Assert.Equal(1, r.ExitCode);
        var lines = Lines(r.Stderr);
        Assert.InRange(lines.Length, 1, 101);
        Assert.All(lines, l => Assert.Matches(DiagnosticsSnapshotTests.Located, l));
    }

    [Fact]
    public void ManyBrokenLines_AtMost100DiagnosticsThenOneCountLine()
    {
        using var dir = new TempDirectory();
        dir.File("broken.sg", string.Concat(Enumerable.Range(0, 300).Select(i => $"x{i} = = {i}\n")));
        var r = CliHost.RunIn(dir.Path, "check", "broken.sg");
        Assert.Equal(1, r.ExitCode);
        var lines = Lines(r.Stderr);
        Assert.Equal(101, lines.Length);
        Assert.All(lines.Take(100), l => Assert.Matches(DiagnosticsSnapshotTests.Located, l));
        Assert.Equal("broken.sg: 200 more errors not shown", lines[100]);
    }

    [Fact]
    public void MillionLineModel_NoSizeLimit_Loads()
    {
        // One million lines (40 MB): comments around a small model, so the test stays fast while the reader
        // and the diagnostic limits see the whole size.
        using var dir = new TempDirectory();
        var sb = new StringBuilder("param w[3]\n");
        for (int i = 0; i < 1_000_000 - 3; i++) sb.Append("# a comment line of forty characters...\n");
        sb.Append("loss = sum(w^2)\nminimize loss\n");
        dir.File("big.sg", sb.ToString());
        Assert.True(new FileInfo(Path.Combine(dir.Path, "big.sg")).Length > 39_000_000);
        var r = CliHost.RunIn(dir.Path, "graph", "big.sg", "--stats", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    // ---- 3. file-system failures: one message naming the user's path ---------------------------------

    private const string Model = "param w[2]\nloss = sum(w^2)\nminimize loss\n";

    [Fact]
    public void FileSystem_CompileOutputIsAnExistingFile_SaysToGiveAFolder()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        dir.File("out", "not a folder\n");
        var r = CliHost.RunIn(dir.Path, "compile", "m.sg", "-o", "out");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"symgraph: error: cannot write '{Path.Combine("out", "M.g.cs")}': -o names the folder to write M.g.cs into, and 'out' is a file; give a folder (it is created if needed)\n", r.Stderr);
        Assert.Equal("not a folder\n", File.ReadAllText(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void FileSystem_OutputUnderARegularFile_NamesTheFile()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        dir.File("notes.txt", "x\n");
        var r = CliHost.RunIn(dir.Path, "graph", "m.sg", "-o", "notes.txt/sub/g.txt");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("symgraph: error: cannot write 'notes.txt/sub/g.txt': 'notes.txt' is a file, not a folder; choose another output path\n", r.Stderr);
    }

    [Fact]
    public void FileSystem_DirectoryAsModel_SaysItIsAFolder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "models"));
        var r = CliHost.RunIn(dir.Path, "check", "models");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("symgraph: error: cannot read 'models': it is a folder, not a model file\n", r.Stderr);
    }

    [Fact]
    public void FileSystem_DirectoryAsGraphOutput_SaysToGiveAFileName()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        Directory.CreateDirectory(Path.Combine(dir.Path, "out"));
        var r = CliHost.RunIn(dir.Path, "graph", "m.sg", "-o", "out");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("symgraph: error: cannot write 'out': it is a folder; give a file name\n", r.Stderr);
    }

    [Fact]
    public void FileSystem_EmptyPaths_SayTheyAreEmpty()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        var model = CliHost.RunIn(dir.Path, "graph", "");
        Assert.Equal((1, "symgraph: error: the path of a model file is empty\n"), (model.ExitCode, model.Stderr));
        var output = CliHost.RunIn(dir.Path, "graph", "m.sg", "-o", "");
        Assert.Equal((1, "symgraph: error: the output path is empty; give a file name\n"), (output.ExitCode, output.Stderr));
    }

    [Fact]
    public void FileSystem_UnwritableOutputFolder_NamesTheFolderNotTheTemporaryFile()
    {
        // Tests run as root, which may write anywhere on an ordinary file system; sysfs takes no new files
        // from anyone (and procfs none either), so these are real unwritable folders.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel") || !Directory.Exists("/proc")) return;
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        var sys = CliHost.RunIn(dir.Path, "compile", "m.sg", "-o", "/sys/kernel");
        Assert.Equal(1, sys.ExitCode);
        Assert.Equal("symgraph: error: cannot write '/sys/kernel/M.g.cs': permission denied in the folder '/sys/kernel'; choose a folder you can write to\n", sys.Stderr);
        var proc = CliHost.RunIn(dir.Path, "graph", "m.sg", "-o", "/proc/g.txt");
        Assert.Equal(1, proc.ExitCode);
        Assert.DoesNotContain(".symgraph-", proc.Stderr);
        Assert.StartsWith("symgraph: error: cannot write '/proc/g.txt': the folder '/proc' ", proc.Stderr);
    }

    // ---- 4. compile --emit dll creates the output folder --------------------------------------------

    [Fact]
    public void CompileDll_OutputFolderMissing_CreatedAsForCs()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        var r = CliHost.RunIn(dir.Path, "compile", "m.sg", "--emit", "dll", "-o", "new/deeper");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "new", "deeper", "M.dll")));
        Assert.Equal(new[] { "M.dll" }, Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "new", "deeper")).Select(Path.GetFileName));
    }

    // ---- 5. bench: times too short to mean anything -------------------------------------------------

    [Theory]
    [InlineData("--time-ms", "0")]
    [InlineData("--time-ms", "99")]
    [InlineData("--warmup-ms", "1")]
    public void Bench_TooShortTimes_UsageErrorNamingTheMinimum(string option, string value)
    {
        var r = CliHost.Run("bench", CliHost.Model("xor"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith($"symgraph: error: {option}: must be at least 100 (milliseconds), got {value}: ", r.Stderr);
    }

    [Fact]
    public void Bench_Help_StatesTheMinimums()
    {
        var r = CliHost.Run("bench", "--help");
        Assert.Contains("Warm-up time per function, in milliseconds, at least 100", r.Stdout);
        Assert.Contains("Measuring time per function, in milliseconds, at least 100", r.Stdout);
    }

    // ---- 6. NaN and infinities round-trip through eval --json --------------------------------------

    [Fact]
    public void EvalJson_NaNAndInfinityStrings_ReadBackAsValues()
    {
        using var dir = new TempDirectory();
        dir.File("first.sg", "input x[4]\ny = log(x)\nz = exp(x)\noutput y, z\n");
        dir.File("first.json", """{"x": [-1, 0, 1000, 2]}""");
        var first = CliHost.RunIn(dir.Path, "eval", "first.sg", "--at", "first.json", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using var output = System.Text.Json.JsonDocument.Parse(first.Stdout);
        var outputs = output.RootElement.GetProperty("outputs");
        Assert.Equal("""["NaN", "-Infinity", 6.907755278982137, 0.6931471805599453]""", outputs.GetProperty("y").GetRawText());

        // The outputs, as written, are the values of a second model (0 * Infinity is NaN).
        dir.File("second.sg", "input y[4], z[4]\ns = 2 * y + 0 * z\noutput s, z\n");
        dir.File("second.json", "{\"y\": " + outputs.GetProperty("y").GetRawText() + ", \"z\": " + outputs.GetProperty("z").GetRawText() + "}");
        var second = CliHost.RunIn(dir.Path, "eval", "second.sg", "--at", "second.json", "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        using var again = System.Text.Json.JsonDocument.Parse(second.Stdout);
        Assert.Equal(outputs.GetProperty("z").GetRawText(), again.RootElement.GetProperty("outputs").GetProperty("z").GetRawText());
        Assert.Equal("""["NaN", "-Infinity", "NaN", 1.3862943611198906]""", again.RootElement.GetProperty("outputs").GetProperty("s").GetRawText());
    }

    // ---- 7. suggestions and plain messages ------------------------------------------------------------

    [Theory]
    [InlineData("--seed", "abc", "--seed: 'abc' is not an integer")]
    [InlineData("--seed", "99999999999", "--seed: 99999999999 is out of range (the most is 2147483647)")]
    [InlineData("--samples", "x", "--samples: 'x' is not an integer")]  // was an internal error (exit code 3)
    [InlineData("--atol", "x", "--atol: 'x' is not a number")]          // likewise
    public void Options_NotANumber_HumanMessage(string option, string value, string message)
    {
        var r = CliHost.Run("check", CliHost.Model("xor"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"symgraph: error: {message}\nRun 'symgraph check --help' for usage.\n", r.Stderr);
    }

    [Theory]
    [InlineData("compil", "unknown command 'compil'; did you mean 'compile'?")]
    [InlineData("frobnicate", "unknown command 'frobnicate'; the commands are compile, eval, check, graph, bench, train, predict")]
    public void UnknownCommand_OnlyThatError_WithSuggestion(string command, string message)
    {
        var r = CliHost.Run(command, CliHost.Model("xor"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"symgraph: error: {message}\nRun 'symgraph --help' for usage.\n", r.Stderr);
    }

    [Fact]
    public void HessianTooLarge_AtTheMinimizeStatement_SuggestsWrt()
    {
        using var dir = new TempDirectory();
        dir.File("big.sg", "param W[40, 30], b[30], c\nloss = sum((W + b)^2) + c^2\n\nminimize loss   # every param\n");
        var r = CliHost.RunIn(dir.Path, "check", "big.sg", "--hessian");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("big.sg(4,1): error SG0503: the dense Hessian would be 1231×1231; symgraph forms Hessians with respect to at most 1000 values; " +
            "restrict it with 'wrt', as in 'minimize loss wrt b, c'\n", r.Stderr);
    }

    // ---- 8. check at a point where the model is not finite --------------------------------------------

    [Fact]
    public void Check_CostNotFinite_NamesTheValueAndThePoint()
    {
        using var dir = new TempDirectory();
        dir.File("log.sg", "param w[3]\nloss = sum(log(w - 1))\nminimize loss\n"); // w in [-1, 1): log of a negative number
        var r = CliHost.RunIn(dir.Path, "check", "log.sg");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("symgraph: error: check: the cost 'loss' is NaN at a random point (seed 1), so finite differences cannot be compared there; " +
            "choose a point where the model is finite (another --seed, or --at VALUES.json)\n", r.Stderr);
    }

    [Fact]
    public void Check_GradientNotFinite_NamesTheEntry()
    {
        using var dir = new TempDirectory();
        dir.File("sqrt.sg", "param w[3]\nloss = sum(sqrt(w))\nminimize loss\n");
        dir.File("at.json", """{"w": [4, 0, 1]}""");
        var r = CliHost.RunIn(dir.Path, "check", "sqrt.sg", "--at", "at.json", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("symgraph: error: check: the gradient entry dloss/dw[1] is +Infinity at at.json, ", r.Stderr);
    }

    private static string[] Lines(string text) => text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');
}
