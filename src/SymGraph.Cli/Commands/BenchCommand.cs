using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph bench MODEL.sg [--at VALUES.json] [--backend interp|expr|cs] [--hessian] [--json]</c>: times
/// the value, gradient (and Hessian) calls of each backend after warm-up, and reports the median
/// nanoseconds per call and the bytes allocated per call.
/// </summary>
/// <remarks>
/// Calls are timed in batches (sized so that one batch takes about a twentieth of <c>--time-ms</c>); the
/// median is over batches, per call. Allocation is <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// over all timed calls, divided by their number. For careful comparisons use BenchmarkDotNet
/// (<c>benchmarks/</c>); this is the quick look.
/// </remarks>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var at = CommonOptions.At(required: false);
        var seed = CommonOptions.Seed();
        var backend = CommonOptions.Backend(null, "Time only this backend (default: interp, expr and cs).");
        var hessian = CommonOptions.Hessian("Also time the dense Hessian.");
        var json = CommonOptions.Json("{BACKEND: {\"value\": {\"median_ns\": x, \"alloc_bytes\": n}, \"gradient\": {…}, \"hessian\": {…}}}");
        var warmup = CommonOptions.Integer(new Option<int>("--warmup-ms")
        {
            Description = $"Warm-up time per function, in milliseconds, at least {MinWarmupMs} (lets tiered JIT settle).",
            DefaultValueFactory = _ => 250,
            HelpName = "MS",
        }, v => AtLeast("--warmup-ms", v, MinWarmupMs, "a shorter warm-up times code the JIT has not optimized yet"));
        var time = CommonOptions.Integer(new Option<int>("--time-ms")
        {
            Description = $"Measuring time per function, in milliseconds, at least {MinTimeMs} (at least 5 batches are timed).",
            DefaultValueFactory = _ => 1000,
            HelpName = "MS",
        }, v => AtLeast("--time-ms", v, MinTimeMs, "shorter runs time too few calls for a stable median"));
        var command = new Command("bench", "Time compiled value, gradient and Hessian calls per backend: median nanoseconds and bytes allocated per call.")
        {
            model, at, seed, backend, hessian, json, warmup, time,
        };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(at), parse.GetValue(seed), parse.GetValue(backend),
            Dense(CommonOptions.HessianFormOf(parse, hessian)), parse.GetValue(json), parse.GetValue(warmup), parse.GetValue(time)));
        return command;
    }

    /// <summary>
    /// The shortest warm-up: tiered compilation starts counting calls for optimization only after 100 ms
    /// without new tier-0 methods, so a shorter warm-up measures unoptimized code.
    /// </summary>
    internal const int MinWarmupMs = 100;

    /// <summary>The shortest measuring time: 5 batches of at least 5 ms each, well above the timer's resolution and scheduler noise.</summary>
    internal const int MinTimeMs = 100;

    private static string? AtLeast(string option, int value, int minimum, string why) =>
        value < minimum ? $"{option}: must be at least {minimum} (milliseconds), got {value}: {why}" : null;

    /// <summary>One measurement: the median time of a call and what it allocates.</summary>
    internal readonly record struct Timing(double MedianNanoseconds, long AllocatedBytes);

    private static int Run(CliContext context, string modelPath, string? valuesPath, int seed, string? backendName, bool hessian, bool json, int warmupMs, int timeMs)
    {
        var model = LoadedModel.Load(context, modelPath);
        var point = valuesPath is null ? Point.Random(model, seed) : Point.Read(context, valuesPath, model);
        var specs = new List<FunctionSpec>();
        if (model.Cost is not null) specs.Add(new FunctionSpec("value", new[] { model.Cost }));
        else if (model.Outputs.Count > 0) specs.Add(new FunctionSpec("value", model.Outputs.Select(o => o.Node).Distinct().ToArray()));
        if (model.Cost is not null && model.Wrt.Count > 0)
            specs.Add(new FunctionSpec("gradient", new[] { model.Cost }.Concat(model.Gradients(context, "bench")).ToArray()));
        if (hessian) specs.Add(new FunctionSpec("hessian", model.HessianBlocks(context, "bench --hessian")));
        if (specs.Count == 0) throw CliException.Invalid($"{modelPath}: nothing to time: the model computes no value");

        var backends = backendName is null ? Backend.Names : new[] { backendName };
        var results = new List<(string Backend, double SetupMs, List<(string Function, Timing Timing)> Timings)>();
        foreach (var name in backends)
        {
            var clock = Stopwatch.StartNew();
            var prepared = Backend.Create(name).Prepare(specs, model.Arguments);
            var calls = prepared.Select(p => { Evaluator.Run(p, point); return p.Bind(point); }).ToArray();
            double setupMs = clock.Elapsed.TotalMilliseconds;
            var timings = specs.Select((s, i) => (s.Name, Measure(calls[i], warmupMs, timeMs))).ToList();
            results.Add((name, setupMs, timings));
        }

        if (json)
        {
            Json.Write(context.Out, w =>
            {
                w.StartObject();
                foreach (var (backend, _, timings) in results)
                {
                    w.Name(backend);
                    w.StartObject();
                    foreach (var (function, timing) in timings)
                    {
                        w.Name(function);
                        w.StartObject();
                        w.Member("median_ns", Math.Round(timing.MedianNanoseconds, 1));
                        w.Member("alloc_bytes", timing.AllocatedBytes);
                        w.EndObject();
                    }
                    w.EndObject();
                }
                w.EndObject();
            });
            return ExitCodes.Success;
        }
        context.Out.WriteLine($"{model.File} {point.Description}: median time per call after warm-up, bytes allocated per call");
        var table = new ResultTable("backend", "function", "median ns/call>", "bytes/call>", "setup ms>");
        foreach (var (backend, setupMs, timings) in results)
        {
            for (int i = 0; i < timings.Count; i++)
            {
                var (function, timing) = timings[i];
                table.Add(null, backend, function, TextFormat.Integer((long)Math.Round(timing.MedianNanoseconds)),
                    TextFormat.Integer(timing.AllocatedBytes), i == 0 ? TextFormat.Integer((long)Math.Round(setupMs)) : "");
            }
        }
        table.Write(context);
        return ExitCodes.Success;
    }

    /// <summary>Warms <paramref name="call"/> up, then times batches of calls; returns the median per call and the bytes allocated per call.</summary>
    internal static Timing Measure(Action call, int warmupMs, int timeMs)
    {
        const int MinBatches = 5, MaxBatches = 1000;
        var clock = Stopwatch.StartNew();
        int warmCalls = 0;
        do
        {
            call();
            warmCalls++;
        }
        while (clock.Elapsed.TotalMilliseconds < warmupMs || warmCalls < 2);
        double perCallMs = Math.Max(1e-6, clock.Elapsed.TotalMilliseconds / warmCalls);
        int batch = (int)Math.Clamp(timeMs / 20.0 / perCallMs, 1, 1_000_000);

        var samples = new double[MaxBatches]; // allocated before counting allocation
        int count = 0;
        long calls = 0;
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(timeMs / 1000.0 * Stopwatch.Frequency);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (count < MinBatches || (count < MaxBatches && Stopwatch.GetTimestamp() < deadline))
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) call();
            long t1 = Stopwatch.GetTimestamp();
            samples[count++] = (t1 - t0) * 1e9 / Stopwatch.Frequency / batch;
            calls += batch;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(samples, 0, count);
        double median = count % 2 == 1 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2;
        return new Timing(median, (long)Math.Round((double)allocated / calls));
    }

    // The sparse Hessian is evaluated by eval and check; bench has the dense one only so far.
    private static bool Dense(HessianForm form) => form == HessianForm.Sparse
        ? throw CliException.Usage("bench --hessian sparse: not available yet; use --hessian (dense), or eval --hessian sparse")
        : form == HessianForm.Dense;
}
