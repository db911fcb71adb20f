using System.Diagnostics;
using System.Text.RegularExpressions;
using SymGraph.Model;

namespace SymGraph.Cli.Tests;

/// <summary>
/// Tens of megabytes of error-dense text: the front end streams tokens and binds statement by statement,
/// so its memory does not grow with the file (it kept 86 bytes a token and the whole syntax tree: 20 MB
/// of damaged models took 700 MB to 1.3 GB).
/// </summary>
public class HugeModelMemoryTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public HugeModelMemoryTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    /// <summary>
    /// 20 MB of copies of the MLP model, one character of every line damaged (510,000 errors), through
    /// <c>symgraph graph FILE --stats</c> with the managed heap capped at 500 MB: the run must finish
    /// with 100 located diagnostics and the count of the rest.
    /// </summary>
    /// <remarks>
    /// How memory is measured, honestly and fast: the command runs in a child process started with
    /// <c>DOTNET_GCHeapHardLimit</c> = 500 MB, so the runtime itself enforces the bound. The GC collects
    /// as often as it must to stay under the limit, so the run succeeds exactly when everything live at
    /// once (plus fragmentation) fits in 500 MB; if the front end needed more, the command would fail
    /// with an <see cref="OutOfMemoryException"/> (exit code 3): the previous front end does, at about
    /// 520 MB resident. The front end allocates no native memory, so the managed heap is what grows
    /// with the file. The alternatives measure something else: the bytes allocated (on the thread, as
    /// <see cref="FuzzTests"/> does) count the garbage too, about 1.2 GB here for tokens and syntax
    /// that die a statement later, so they bound the peak far too loosely; process-wide counters and
    /// the working set of this process are disturbed by the test classes xUnit runs in parallel and by
    /// when the GC happens to run. A child process is also the user's situation: one file, one process.
    /// Measured outside the suite (/usr/bin/time, tools/SymGraph.LoadBench): about 100 MB resident, 2.2 s.
    /// </remarks>
    [Fact]
    public async Task Graph_20MBOfDamagedModels_RunsWithTheHeapCappedAt500MB()
    {
        using var dir = new TempDirectory();
        var text = SymGraph.Tests.ModelMutations.DamagedLines(new Random(20261203), SymGraph.Tests.ModelMutations.Example("mlp"), 20_000_000, "()[]+-*/$#=,:\n");
        File.WriteAllText(dir.File("damaged.sg"), text);
        text = "";

        var start = new ProcessStartInfo(DotnetHost(), new[] { Path.Combine(AppContext.BaseDirectory, "SymGraph.Cli.dll"), "graph", "damaged.sg", "--stats" })
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x1DCD6500"; // 500,000,000 bytes
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var readOut = process.StandardOutput.ReadToEndAsync();
        var readErr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2))) await process.WaitForExitAsync(timeout.Token);
        string stdout = await readOut, stderr = await readErr;
        _output.WriteLine($"exit code {process.ExitCode} in {clock.ElapsedMilliseconds} ms");

        string where = $"exit code {process.ExitCode}\n{stderr.Substring(0, Math.Min(stderr.Length, 3000))}";
        Assert.True(process.ExitCode == 1, where);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(ModelCompiler.MaxDiagnostics + 1, lines.Length);
        for (int k = 0; k < ModelCompiler.MaxDiagnostics; k++)
            Assert.True(DiagnosticsSnapshotTests.Located.IsMatch(lines[k]), $"{where}\n--- line ---\n{lines[k]}");
        Assert.Matches(new Regex(@"^damaged\.sg: [\d,]+ more errors not shown$"), lines[^1]);
    }

    /// <summary>The <c>dotnet</c> executable running the tests (the SDK names it in DOTNET_HOST_PATH).</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
