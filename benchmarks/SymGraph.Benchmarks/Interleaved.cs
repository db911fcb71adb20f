using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace SymGraph.Benchmarks;

/// <summary>
/// Ratios that survive a noisy shared machine. BenchmarkDotNet measures one benchmark after another,
/// each for several seconds; here the speed of the same hand-written loop moved by 40% between
/// runs (another tenant on the core, or frequency), so a ratio of two rows could be off by as much.
/// This runner takes the same suites (the same [GlobalSetup], [Params] and [Benchmark] methods) and
/// times their variants round-robin in short batches: every round times each variant once, in a
/// rotating order, and the ratio to the baseline (of the method's [BenchmarkCategory], when it has
/// one) is taken within the round. It reports the median
/// per-call time and the median per-round ratio, so both sides of a ratio see the same conditions.
/// Usage: <c>dotnet run -c Release --project benchmarks/SymGraph.Benchmarks -- --interleaved [suite ...]</c>.
/// </summary>
public static class Interleaved
{
    private const double BatchSeconds = 50e-6;   // each timed batch: about 50 µs of calls
    private const double WarmupSeconds = 1.0;    // per variant, past tiered compilation's promotion
    private const int Rounds = 2_000;

    /// <summary>Times the [Benchmark] methods of <paramref name="suite"/>, baseline first, for each [Params] value.</summary>
    public static void Run(Type suite)
    {
        var benchmarks = suite.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .OrderBy(m => IsBaseline(m) ? 0 : 1).ThenBy(m => m.MetadataToken)
            .ToList();
        var parameter = suite.GetFields().FirstOrDefault(f => f.GetCustomAttribute<ParamsAttribute>() is not null);
        var values = parameter?.GetCustomAttribute<ParamsAttribute>()!.Values ?? new object?[] { null };
        foreach (var value in values)
        {
            var instance = Activator.CreateInstance(suite)!;
            parameter?.SetValue(instance, value);
            suite.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
            var calls = benchmarks.Select(m => Caller(instance, m)).ToList();
            calls.Add(Caller(instance, typeof(Interleaved).GetMethod(nameof(Empty), BindingFlags.NonPublic | BindingFlags.Static)!));
            Report(suite.Name + (parameter is null ? "" : $" {parameter.Name}={value}"), benchmarks, Measure(calls));
        }
    }

    private static void Empty() { }

    // A direct call of the benchmark method through one delegate (the same cost for every variant;
    // the empty method's time is subtracted).
    private static Action Caller(object instance, MethodInfo method)
    {
        var call = method.IsStatic ? Expression.Call(method) : Expression.Call(Expression.Constant(instance), method);
        return Expression.Lambda<Action>(call).Compile();
    }

    private static double[][] Measure(List<Action> calls)
    {
        var batch = new int[calls.Count];
        for (int v = 0; v < calls.Count; v++)
        {
            var clock = Stopwatch.StartNew();
            long n = 0;
            while (clock.Elapsed.TotalSeconds < WarmupSeconds) { calls[v](); n++; }
            batch[v] = (int)Math.Max(1, n * BatchSeconds / WarmupSeconds);
        }
        var times = calls.Select(_ => new double[Rounds]).ToArray();
        for (int r = 0; r < Rounds; r++)
        {
            for (int k = 0; k < calls.Count; k++)
            {
                int v = (k + r) % calls.Count;
                var call = calls[v];
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < batch[v]; i++) call();
                times[v][r] = (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency / batch[v];
            }
        }
        return times;
    }

    private static string? Category(MethodInfo m) => m.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.FirstOrDefault();

    private static bool IsBaseline(MethodInfo m) => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline;

    private static void Report(string title, List<MethodInfo> methods, double[][] times)
    {
        // As BenchmarkDotNet's grouping by category: each method against the baseline of its category.
        int[] baseline = methods.Select(m => Math.Max(0, methods.FindIndex(b => IsBaseline(b) && Category(b) == Category(m)))).ToArray();
        var empty = times[^1];
        double emptyMedian = Median(empty);
        Console.WriteLine();
        Console.WriteLine($"{title} ({Rounds} interleaved rounds; call overhead {emptyMedian:F2} ns subtracted)");
        Console.WriteLine($"| {"method",-28} | {"median ns",12} | {"ratio",6} | {"ratio IQR",13} | {"to",-14} |");
        Console.WriteLine($"|{new string('-', 30)}|{new string('-', 14)}|{new string('-', 8)}|{new string('-', 15)}|{new string('-', 16)}|");
        for (int v = 0; v < methods.Count; v++)
        {
            // Per round: (variant − empty) / (baseline − empty), both from the same round.
            int b = baseline[v];
            var ratios = Enumerable.Range(0, Rounds).Select(r => (times[v][r] - empty[r]) / (times[b][r] - empty[r])).ToArray();
            Array.Sort(ratios);
            double q1 = ratios[Rounds / 4], q3 = ratios[3 * Rounds / 4];
            Console.WriteLine($"| {methods[v].Name,-28} | {Median(times[v]) - emptyMedian,12:N2} | {Median(ratios),6:F2} | {q1,5:F2} – {q3,5:F2} | {methods[b].Name,-14} |");
        }
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
