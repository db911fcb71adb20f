using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SymGraph.Benchmarks;

/// <summary>
/// Runs the suites side by side: SymGraph against hand-written C# in the same process and run, so
/// ratios are comparable on a noisy shared machine. Usage:
/// <c>dotnet run -c Release --project benchmarks/SymGraph.Benchmarks -- --filter '*'</c>
/// (set SYMGRAPH_BENCH_SHORT=1 for a quick look).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // SYMGRAPH_BENCH_SHORT=1 trades precision for time (a quick look, not for the README).
        var job = Environment.GetEnvironmentVariable("SYMGRAPH_BENCH_SHORT") == "1" ? Job.ShortRun : Job.Default;
        var config = DefaultConfig.Instance
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
