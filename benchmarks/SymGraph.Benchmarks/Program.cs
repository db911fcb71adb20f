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
/// (set SYMGRAPH_BENCH_SHORT=1 for a quick look), or <c>-- --interleaved</c> for ratios timed
/// round-robin (<see cref="Interleaved"/>), or <c>-- --train-epoch</c> for the digits training epoch
/// (<see cref="TrainEpoch"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--train-epoch")
        {
            // The digits epoch of docs/training.md, against benchmarks/pytorch/train_bench.py.
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "SymGraph.sln"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
            TrainEpoch.Run(root);
            return;
        }
        if (args.Length > 0 && args[0] == "--interleaved")
        {
            // Round-robin ratios (see Interleaved): the suites named by the other arguments (any suite whose
            // name contains one), or W1 and W3. W2 (MlpBenchmarks) and the Hessian suites run when named.
            var suites = new[] { typeof(RosenbrockBenchmarks), typeof(RosenbrockHessianBenchmarks), typeof(XorBenchmarks), typeof(DifferentiableBenchmarks) };
            var named = suites.Concat(new[] { typeof(MlpBenchmarks), typeof(RosenbrockSparseHessianBenchmarks), typeof(IndexedGradientBenchmarks), typeof(MlpHessianBenchmarks) });
            foreach (var suite in (args.Length == 1 ? suites : named).Where(t => args.Length == 1 || args.Skip(1).Any(a => t.Name.Contains(a, StringComparison.OrdinalIgnoreCase))))
                Interleaved.Run(suite);
            return;
        }
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
