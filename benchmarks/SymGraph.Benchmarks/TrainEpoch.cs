using System.Diagnostics;
using System.Globalization;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Model;
using SymGraph.Training;

namespace SymGraph.Benchmarks;

/// <summary>
/// The issue's speed comparison: one epoch of digits (examples/data/digits.train.csv, 1,437 rows,
/// standardized), MLP 64-64-10 tanh, batch 32 (44 full batches and one of 29), Nesterov SGD (μ 0.9,
/// lr 0.05), on one thread, float64 and float32, both backends. The peer is
/// benchmarks/pytorch/train_bench.py (same data, model, batches and rule).
/// Usage: <c>dotnet run -c Release --project benchmarks/SymGraph.Benchmarks -- --train-epoch</c>.
/// Prints the median epoch time over 200 epochs after 20 of warm-up and the time per step (and the fastest epoch's,
/// which on a shared machine is the least disturbed).
/// </summary>
public static class TrainEpoch
{
    private const string Model = """
        input x[batch, 64]
        input y[batch, 10]
        param W1[64, 64], b1[64]
        param W2[64, 10], b2[10]
        h    = tanh(x @ W1 + b1)
        z    = h @ W2 + b2
        loss = mean(cross_entropy_logits(z, y))
        minimize loss
        """;

    public static void Run(string root)
    {
        var (x, y, n) = Load(Path.Combine(root, "examples", "data", "digits.train.csv"));
        Console.WriteLine($"digits: {n} rows, batch 32, MLP 64-64-10 tanh, nesterov; median and fastest of 200 epochs after 20 warm-up epochs");
        // "-scalar": the same backend with vectorized loops off (the code before issue 12).
        foreach (var backend in new[] { "expr", "expr-scalar", "cs", "cs-scalar" })
        {
            Measure<double>(backend, x, y, n);
            Measure<float>(backend, x, y, n);
        }
    }

    private static void Measure<T>(string backend, double[] x, double[] y, int n) where T : unmanaged
    {
        var model = ModelCompiler.Compile(Model);
        var cost = model.Cost!;
        var parameters = model.Parameters.ToArray();
        var data = model.Inputs.ToArray();
        if (typeof(T) == typeof(float))
        {
            var map = ElementTypes.Convert(new[] { cost }, DType.Float32);
            cost = map[cost];
            parameters = parameters.Select(p => map[p]).ToArray();
            data = data.Select(d => map[d]).ToArray();
        }
        var rule = UpdateRule.Build(cost, parameters, data, Optimizer.Nesterov(0.9));
        TrainingStep<T> step;
        if (backend.StartsWith("expr", StringComparison.Ordinal))
        {
            var f = ExpressionCompiler.Compile<T>(rule.Outputs, rule.Arguments, new ExpressionCompilerOptions { VectorBits = backend == "expr" ? null : 0 });
            step = new TrainingStep<T>(rule, f.Invoke);
        }
        else
        {
            var function = new CSharpFunction("Step", rule.Arguments, rule.Outputs.Select((o, j) => CSharpOutput.Of(o, "r" + j.ToString(CultureInfo.InvariantCulture))));
            var compiled = CSharpCompiler.Compile(CSharpEmitter.Emit(new[] { function }, new CSharpEmitterOptions { ClassName = "DigitsStep", Vectorize = backend == "cs" }));
            var entry = compiled.EntryPoint<T>("Step");
            step = new TrainingStep<T>(rule, entry.Invoke);
        }
        var rng = new Random(0);
        for (int i = 0; i < 4; i++)
        {
            var p = rule.Parameters[i];
            int count = (int)p.Shape.ElementCount;
            double a = p.Shape.Rank == 2 ? Math.Sqrt(6.0 / (p.Shape[0].Size + p.Shape[1].Size)) : 0;
            step.SetParameter(i, Cast<T>(Enumerable.Range(0, count).Select(_ => a * (2 * rng.NextDouble() - 1)).ToArray()));
        }
        const int batch = 32;
        var full = new[] { new T[batch * 64], new T[batch * 10] };
        var last = new[] { new T[(n % batch) * 64], new T[(n % batch) * 10] };
        var order = Enumerable.Range(0, n).ToArray();
        var times = new List<double>();
        int steps = (n + batch - 1) / batch;
        long allocated = 0;
        for (int epoch = 0; epoch < 220; epoch++)
        {
            for (int i = n - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            var clock = new Stopwatch();
            long before = GC.GetAllocatedBytesForCurrentThread();
            clock.Start();
            for (int s = 0; s < steps; s++)
            {
                int start = s * batch, count = Math.Min(batch, n - start);
                var arrays = count == batch ? full : last;
                Gather(x, order, start, count, 64, arrays[0]);
                Gather(y, order, start, count, 10, arrays[1]);
                step.Run(arrays, 0.05);
            }
            clock.Stop();
            if (epoch >= 20)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        times.Sort();
        double median = times[times.Count / 2], best = times[0];
        Console.WriteLine($"symgraph {backend,-11} {(typeof(T) == typeof(double) ? "f64" : "f32")}  epoch median {median,7:0.000} ms  {median * 1000 / steps,7:0.0} us/step  (fastest epoch {best * 1000 / steps,6:0.0} us/step)  loss {step.Loss:0.0000}  {allocated / 200 / steps} bytes/step");
    }

    private static T[] Cast<T>(double[] values) => typeof(T) == typeof(double) ? (T[])(object)values : (T[])(object)values.Select(v => (float)v).ToArray();

    private static void Gather<T>(double[] source, int[] order, int start, int count, int width, T[] target)
    {
        if (target is double[] d)
        {
            for (int i = 0; i < count; i++) Array.Copy(source, order[start + i] * width, d, i * width, width);
            return;
        }
        var f = (float[])(object)target;
        for (int i = 0; i < count; i++)
            for (int j = 0; j < width; j++) f[i * width + j] = (float)source[order[start + i] * width + j];
    }

    /// <summary>The training file, features standardized (population deviation, 1 for constant pixels), targets one-hot.</summary>
    private static (double[] X, double[] Y, int N) Load(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int n = rows.Length;
        var x = new double[n * 64];
        var y = new double[n * 10];
        for (int j = 0; j < 64; j++)
        {
            double mean = rows.Average(r => r[j]);
            double sd = Math.Sqrt(rows.Average(r => (r[j] - mean) * (r[j] - mean)));
            if (sd == 0) sd = 1;
            for (int i = 0; i < n; i++) x[i * 64 + j] = (rows[i][j] - mean) / sd;
        }
        for (int i = 0; i < n; i++) y[i * 10 + (int)rows[i][64]] = 1;
        return (x, y, n);
    }
}
