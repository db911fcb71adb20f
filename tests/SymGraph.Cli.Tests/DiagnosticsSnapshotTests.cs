using System.Text;
using System.Text.RegularExpressions;

namespace SymGraph.Cli.Tests;

/// <summary>
/// What a user sees for broken models: the diagnostics <c>symgraph check</c> prints, each with file, line
/// and column, reviewed as one snapshot (snapshots/Cli/…verified.txt).
/// </summary>
public class DiagnosticsSnapshotTests
{
    /// <summary>MSBuild's canonical form, which editors and CI logs pick up.</summary>
    internal static readonly Regex Located = new(@"^(?<file>[^()]+)\((?<line>\d+),(?<column>\d+)\): (error|warning) SG\d{4}: \S.*$");

    private static readonly (string File, string Text)[] Broken =
    {
        ("unknown_name.sg", """
            param w[3]
            loss = sum(w * v)
            minimize loss
            """),
        ("shape_mismatch.sg", """
            input  x[batch, 784]
            param  W1[784, 256]
            param  W2[256, 10]
            z    = x @ W2
            loss = sum(z)
            minimize loss
            """),
        ("bad_token.sg", """
            param w[3]
            loss = sum(w) $ 2
            minimize loss
            """),
        ("missing_paren.sg", """
            param w[3]
            loss = sum(exp(w)
            minimize loss
            """),
        ("redefinition.sg", """
            param w[3]
            h = w * 2
            h = w + 1
            loss = sum(h)
            minimize loss
            """),
        ("dimension_conflict.sg", """
            input x[batch, 3]
            param W[3, 4]
            param W[4, 3]
            loss = sum(x @ W)
            minimize loss
            """),
        ("several_errors.sg", """
            input x[batch, 3]
            param W[3, 4], b[5]
            z = x @ W + b
            y = relux(z)
            loss = sum(y
            minimize loss
            """),
        ("no_minimize.sg", """
            param w[3]
            s = sum(w)
            output s
            """),
    };

    [Fact]
    public void BrokenModels_Check_LocatedDiagnosticsSnapshot()
    {
        using var dir = new TempDirectory();
        var report = new StringBuilder();
        foreach (var (file, text) in Broken)
        {
            dir.File(file, text + "\n");
            var r = CliHost.RunIn(dir.Path, "check", file);
            Assert.True(r.ExitCode == 1, $"{file}: {r}");
            Assert.Equal("", r.Stdout);
            var lines = r.Stderr.TrimEnd('\n').Split('\n');
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var m = Located.Match(line);
                Assert.True(m.Success, $"{file}: not a located diagnostic: {line}");
                Assert.Equal(file, m.Groups["file"].Value);
                int lineNumber = int.Parse(m.Groups["line"].Value);
                Assert.InRange(lineNumber, 1, text.Split('\n').Length);
            }
            report.Append("== ").Append(file).Append(" ==\n");
            var numbered = text.Split('\n').Select((l, i) => $"{i + 1,2} | {l}");
            report.Append(string.Join("\n", numbered)).Append('\n');
            report.Append("-- symgraph check ").Append(file).Append(" (exit code ").Append(r.ExitCode).Append(") --\n");
            report.Append(r.Stderr).Append('\n');
        }
        Snapshot.Verify(report.ToString(), area: "Cli", extension: "txt");
    }

    [Fact]
    public void BrokenValues_Eval_LocatedDiagnosticsInTheValuesFile()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", "input x[batch, 2]\nparam w[2]\nloss = sum(x @ w)\nminimize loss\n");
        dir.File("v.json", "{\n  \"x\": [[1, 2], [3]],\n  \"q\": 1\n}\n");
        var r = CliHost.RunIn(dir.Path, "eval", "m.sg", "--at", "v.json");
        Assert.Equal(1, r.ExitCode);
        var lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches(Located, l));
        Assert.All(lines, l => Assert.StartsWith("v.json(", l));
        Assert.Contains(lines, l => l.Contains("SG0407")); // ragged
        Assert.Contains(lines, l => l.Contains("SG0404")); // unknown name
        Assert.Contains(lines, l => l.Contains("SG0403")); // w missing
    }
}
