using System.Diagnostics;
using System.Globalization;

// The scale benchmark: one workload of one size per process (so peak memory is that run's), each phase
// timed, with the process's peak resident memory reset before the phase where Linux allows it.
//   dotnet run -c Release --project benchmarks/SymGraph.Scale -- chain 1000000 [phases]
//   dotnet run -c Release --project benchmarks/SymGraph.Scale -- wide 100000 build,grad,simplify
//   benchmarks/SymGraph.Scale/run.sh              (the table in docs/scale.md: every size, each in its own process)
// Columns: phase, wall seconds, CPU seconds of the process (the honest figure on a shared machine), seconds the
// garbage collector paused the program, allocated MB, peak resident MB during the phase (since the process started when the
// peak cannot be reset), live managed MB after the phase, nodes in the graph, bytes of peak per node.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2 || args[0] is not ("chain" or "wide"))
{
    Console.Error.WriteLine("usage: (chain|wide) STEPS [phase,phase,…]   phases: build," + string.Join(",", Phases.All.Select(p => p.Name)));
    return 2;
}
int steps = int.Parse(args[1], CultureInfo.InvariantCulture);
var wanted = args.Length > 2 ? args[2].Split(',') : null;

Workload? work = null;
var phases = new List<(string Name, Func<string?> Run)>
{
    ("build", () =>
    {
        work = args[0] == "chain" ? Workload.Chain(steps) : Workload.WideSum(steps);
        return $"{work.Graph.Nodes.Count:N0} nodes";
    }),
};
foreach (var (name, run) in Phases.All) phases.Add((name, () => run(work!)));

Console.WriteLine($"{args[0]} {steps:N0} steps  ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine($"{"phase",-10}{"s",8}{"cpu s",8}{"gc s",7}{"alloc MB",10}{"peak MB",9}{"live MB",9}{"nodes",12}{"B/node",8}  note");
double total = 0, totalCpu = 0;
var process = Process.GetCurrentProcess();
foreach (var (name, run) in phases)
{
    if (wanted is not null && name != "build" && !wanted.Contains(name)) continue;
    GC.Collect();
    bool reset = Memory.ResetPeak();
    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    process.Refresh();
    var cpu0 = process.TotalProcessorTime;
    var pause0 = GC.GetTotalPauseDuration();
    var clock = Stopwatch.StartNew();
    string? note = run();
    double seconds = clock.Elapsed.TotalSeconds;
    double pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
    process.Refresh();
    double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
    total += seconds;
    totalCpu += cpu;
    long peak = Memory.PeakResident();
    long alloc = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    long live = GC.GetTotalMemory(forceFullCollection: true);
    int nodes = work!.Graph.Nodes.Count;
    Console.WriteLine($"{name,-10}{seconds,8:F2}{cpu,8:F2}{pause,7:F2}{alloc / 1e6,10:F0}{peak / 1e6,9:F0}{(reset ? "" : "*"),0}{live / 1e6,9:F0}{nodes,12:N0}{(double)peak / nodes,8:F0}  {note}");
}
Console.WriteLine($"{"total",-10}{total,8:F2}{totalCpu,8:F2}          peak resident of the process {Memory.ProcessPeak / 1e6:F0} MB");
return 0;

/// <summary>Peak resident memory from /proc (VmHWM), resettable through clear_refs on Linux.</summary>
internal static class Memory
{
    public static long ProcessPeak { get; private set; }

    public static bool ResetPeak()
    {
        ProcessPeak = Math.Max(ProcessPeak, PeakResident());
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception) { return false; }
    }

    public static long PeakResident()
    {
        long peak;
        try
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception)
        {
            peak = Process.GetCurrentProcess().PeakWorkingSet64;
        }
        ProcessPeak = Math.Max(ProcessPeak, peak);
        return peak;
    }
}
