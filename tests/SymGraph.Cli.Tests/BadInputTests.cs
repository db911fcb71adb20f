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
    public void ValuesFileAsModel_AtMost100DiagnosticsThenOneCountLine()
    {
        using var dir = new TempDirectory();
        // A values file of 300 rows, each a broken statement for the model language.
        var json = "{\n  \"x\": [\n" + string.Join(",\n", Enumerable.Range(0, 300).Select(i => $"    [{i}.5, {i}.25]")) + "\n  ]\n}\n";
        dir.File("values.json", json);
        var r = CliHost.RunIn(dir.Path, "check", "values.json");
        Assert.Equal(1, r.ExitCode);
        var lines = Lines(r.Stderr);
        Assert.Equal(101, lines.Length);
        Assert.All(lines.Take(100), l => Assert.Matches(DiagnosticsSnapshotTests.Located, l));
        Assert.Matches(@"^values\.json: \d+ more errors not shown$", lines[100]);
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

    private static string[] Lines(string text) => text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');
}
