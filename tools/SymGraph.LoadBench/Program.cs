using System.Diagnostics;
using SymGraph.Model;
using SymGraph.Tests;

// Front-end memory and time on generated files, phase by phase (peak resident memory: run under /usr/bin/time -v).
//   dotnet run -c Release --project tools/SymGraph.LoadBench -- damaged /tmp/damaged.sg [MB=20] [seed=1]
//   dotnet run -c Release --project tools/SymGraph.LoadBench -- chain /tmp/chain.sg [lines=1000000]
//   dotnet run -c Release --project tools/SymGraph.LoadBench -- load FILE [lex|parse|graph|compile|stream]

switch (args.Length > 0 ? args[0] : "help")
{
    case "damaged":
    {
        int mb = args.Length > 2 ? int.Parse(args[2]) : 20;
        int seed = args.Length > 3 ? int.Parse(args[3]) : 1;
        File.WriteAllText(args[1], ModelMutations.DamagedLines(new Random(seed), ModelMutations.Example("mlp"), mb * 1_000_000, "()[]+-*/$#=,:\n"));
        break;
    }
    case "chain":
        File.WriteAllText(args[1], ModelMutations.Chain(args.Length > 2 ? int.Parse(args[2]) : 1_000_000));
        break;
    case "load":
    {
        string phase = args.Length > 2 ? args[2] : "compile";
        var clock = Stopwatch.StartNew();
        // "stream": compile from a reader over the file, never holding its text whole
        string text = phase == "stream" ? "" : File.ReadAllText(args[1]);
        long read = clock.ElapsedMilliseconds;
        string result = FrontEnd.Run(text, args[1], phase);
        long total = clock.ElapsedMilliseconds;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine($"{phase}: {result}; read {read} ms, {phase} {total - read} ms; allocated {GC.GetTotalAllocatedBytes() / 1e6:F0} MB, " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB, heap now {GC.GetTotalMemory(false) / 1e6:F0} MB, gen2 GCs {GC.CollectionCount(2)}");
        break;
    }
    default:
        Console.WriteLine("damaged OUT [MB] [seed] | chain OUT [lines] | load FILE [lex|parse|graph|compile|stream]");
        break;
}
