using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Simplify;

namespace SymGraph.Benchmarks;

/// <summary>Hand-written sparse Rosenbrock Hessian: the 3n − 2 CSR values of the tridiagonal matrix, row by row.</summary>
public static class HandRosenbrockCsr
{
    /// <summary>The pattern (row pointers, column indices) the values are for.</summary>
    public static (int[] RowPointers, int[] Columns) Pattern(int n)
    {
        var rows = new int[n + 1];
        var cols = new int[3 * n - 2];
        int e = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0) cols[e++] = i - 1;
            cols[e++] = i;
            if (i < n - 1) cols[e++] = i + 1;
            rows[i + 1] = e;
        }
        return (rows, cols);
    }

    public static void Values(double[] x, double[] values)
    {
        int n = x.Length, e = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0) values[e++] = -400 * x[i - 1];
            double d = i > 0 ? 200 : 0;
            if (i < n - 1) d += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            values[e++] = d;
            if (i < n - 1) values[e++] = -400 * x[i];
        }
    }
}

/// <summary>
/// W1 in vector form, sparse Hessian (CSR values) at n = 1,000 and 10,000: HessianSparse compiled by both
/// backends against the hand-written loop writing the 3n − 2 values. The setup prints the compile phases.
/// </summary>
public class RosenbrockSparseHessianBenchmarks
{
    [Params(1000, 10000)]
    public int N;

    private double[] _x = Array.Empty<double>(), _values = Array.Empty<double>();
    private double[][] _args = Array.Empty<double[]>(), _out = Array.Empty<double[]>();
    private CompiledFunction<double> _expression = null!;
    private Action<double[], double[]> _roslyn = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Workloads.RosenbrockPoint(N);
        _values = new double[3 * N - 2];
        _args = new[] { _x };
        _out = new[] { _values };
        var clock = Stopwatch.StartNew();
        var (_, x, f) = Workloads.RosenbrockVector(N);
        var function = CSharpFunction.HessianSparse(f, new[] { x });
        var build = clock.Elapsed;
        var simplified = function.WithOutputs(nodes => Simplifier.Simplify(nodes));
        var simplify = clock.Elapsed - build;
        clock.Restart();
        _expression = ExpressionCompiler.Compile(new[] { simplified.Outputs[0].Elements[0] }, simplified.Arguments);
        var expression = clock.Elapsed;
        clock.Restart();
        var source = CSharpEmitter.Emit(new[] { simplified }, new CSharpEmitterOptions { ClassName = $"RosenbrockSparse{N}", Simplify = false });
        var emit = clock.Elapsed;
        clock.Restart();
        var cls = CSharpCompiler.Compile(source);
        var roslyn = clock.Elapsed;
        _roslyn = cls.Method<Action<double[], double[]>>("HessianSparse");
        var (rows, cols) = HandRosenbrockCsr.Pattern(N);
        if (!rows.SequenceEqual(function.Tables[0].Values) || !cols.SequenceEqual(function.Tables[1].Values))
            throw new InvalidOperationException("The generated pattern is not the tridiagonal one.");
        Console.WriteLine($"// n = {N}: {function.Summary}");
        Console.WriteLine($"// compile phases: pattern, colouring and products {build.TotalMilliseconds:F0} ms; simplify {simplify.TotalMilliseconds:F0} ms; " +
            $"Expression backend (schedule, lowering, LambdaExpression.Compile) {expression.TotalMilliseconds:F0} ms; C# emit {emit.TotalMilliseconds:F0} ms " +
            $"({source.Text.Length / 1024} KB); Roslyn {roslyn.TotalMilliseconds:F0} ms");
        // Same values as the hand-written loop.
        var hand = new double[_values.Length];
        HandRosenbrockCsr.Values(_x, hand);
        _roslyn(_x, _values);
        Check(hand, _values, "C#");
        _expression.Invoke(_args, _out);
        Check(hand, _values, "Expression");
    }

    private static void Check(double[] expected, double[] actual, string what)
    {
        for (int e = 0; e < expected.Length; e++)
            if (Math.Abs(expected[e] - actual[e]) > 1e-9 * Math.Max(1, Math.Abs(expected[e])))
                throw new InvalidOperationException($"{what}: value {e} is {actual[e]}, expected {expected[e]}.");
    }

    [Benchmark(Baseline = true)] public void HandCsr() => HandRosenbrockCsr.Values(_x, _values);
    [Benchmark] public void SymGraphSparseExpression() => _expression.Invoke(_args, _out);
    [Benchmark] public void SymGraphSparseRoslyn() => _roslyn(_x, _values);
}

/// <summary>
/// The gradient of Rosenbrock written element by element with Sym.Index (n scalar terms): it grows
/// linearly once an index's adjoint is a one-element piece of a scatter instead of a full-length pad.
/// </summary>
public class IndexedGradientBenchmarks
{
    [Params(1000, 2000, 4000)]
    public int N;

    private double[] _x = Array.Empty<double>(), _g = Array.Empty<double>();
    private double[][] _args = Array.Empty<double[]>(), _out = Array.Empty<double[]>();
    private CompiledFunction<double> _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Workloads.RosenbrockPoint(N);
        _g = new double[N];
        _args = new[] { _x };
        _out = new[] { new double[1], _g };
        var clock = Stopwatch.StartNew();
        var g = new Graph();
        var x = g.Parameter("x", N);
        Node f = g.Constant(0.0);
        for (int i = 0; i < N - 1; i++)
        {
            var (a, b) = (Sym.Index(x, i), Sym.Index(x, i + 1));
            f = f + 100.0 * Sym.Square(b - a * a) + Sym.Square(1.0 - a);
        }
        var grad = Autodiff.Grad(f, x);
        var differentiate = clock.Elapsed;
        clock.Restart();
        _gradient = ExpressionCompiler.Compile(new[] { f, grad }, new[] { x });
        Console.WriteLine($"// n = {N}: build and differentiate {differentiate.TotalMilliseconds:F0} ms ({g.Nodes.Count} nodes), compile {clock.Elapsed.TotalMilliseconds:F0} ms");
        var hand = new double[N];
        HandRosenbrock.Gradient(_x, hand);
        _gradient.Invoke(_args, _out);
        for (int i = 0; i < N; i++)
            if (Math.Abs(hand[i] - _g[i]) > 1e-9 * Math.Max(1, Math.Abs(hand[i]))) throw new InvalidOperationException($"gradient {i}: {_g[i]}, expected {hand[i]}");
    }

    [Benchmark(Baseline = true)] public double HandGradient() => HandRosenbrock.Gradient(_x, _g);
    [Benchmark] public void SymGraphIndexedGradient() => _gradient.Invoke(_args, _out);
}

/// <summary>
/// W4: the MLP 4-8-3 (tanh, softmax cross-entropy, batch 16), its 67×67 dense Hessian over W1, b1, W2, b2
/// (the flat layout) against its own compiled value function, in both backends.
/// </summary>
public class MlpHessianBenchmarks
{
    private double[][] _args = Array.Empty<double[]>(), _value = Array.Empty<double[]>(), _hessian = Array.Empty<double[]>();
    private CompiledFunction<double> _valueExpression = null!, _hessianExpression = null!;
    private ArrayEntryPoint<double> _valueRoslyn = null!, _hessianRoslyn = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Graph();
        var x = g.Input("X", 16, 4);
        var y = g.Input("Y", 16, 3);
        var w1 = g.Parameter("W1", 4, 8);
        var b1 = g.Parameter("b1", 8);
        var w2 = g.Parameter("W2", 8, 3);
        var b2 = g.Parameter("b2", 3);
        var loss = Sym.Mean(Sym.CrossEntropyLogits(Sym.MatMul(Sym.Tanh(Sym.MatMul(x, w1) + b1), w2) + b2, y)).Named("loss");
        var wrt = new[] { w1, b1, w2, b2 };
        var arguments = new[] { x, y, w1, b1, w2, b2 };
        var clock = Stopwatch.StartNew();
        var hessian = Simplifier.Simplify(new[] { HessianLayout.Dense(loss, wrt) })[0];
        var value = Simplifier.Simplify(new[] { loss })[0];
        var build = clock.Elapsed;
        clock.Restart();
        _valueExpression = ExpressionCompiler.Compile(new[] { value }, arguments);
        _hessianExpression = ExpressionCompiler.Compile(new[] { hessian }, arguments);
        var expression = clock.Elapsed;
        clock.Restart();
        var functions = new[]
        {
            new CSharpFunction("Value", arguments, new[] { CSharpOutput.Of(value, "value") }),
            new CSharpFunction("Hessian", arguments, new[] { CSharpOutput.Of(hessian, "hessian") }),
        };
        var cls = CSharpCompiler.Compile(CSharpEmitter.Emit(functions, new CSharpEmitterOptions { ClassName = "MlpHessian", Simplify = false }));
        Console.WriteLine($"// W4: Hessian built and simplified in {build.TotalMilliseconds:F0} ms; Expression backend {expression.TotalMilliseconds:F0} ms; C# and Roslyn {clock.Elapsed.TotalMilliseconds:F0} ms");
        _valueRoslyn = cls.EntryPoint<double>("Value");
        _hessianRoslyn = cls.EntryPoint<double>("Hessian");
        var rng = new Random(7);
        _args = arguments.Select(a => Enumerable.Range(0, a.Shape.ElementCount).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        for (int r = 0; r < 16; r++) // one-hot targets
        {
            Array.Clear(_args[1], r * 3, 3);
            _args[1][r * 3 + r % 3] = 1;
        }
        _value = new[] { new double[1] };
        _hessian = new[] { new double[67 * 67] };
        var check = new[] { new double[67 * 67] };
        _hessianExpression.Invoke(_args, check);
        _hessianRoslyn(_args, _hessian);
        for (int k = 0; k < check[0].Length; k++)
            if (Math.Abs(check[0][k] - _hessian[0][k]) > 1e-9) throw new InvalidOperationException($"The backends disagree at {k}.");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("expr")] public void ValueExpression() => _valueExpression.Invoke(_args, _value);
    [Benchmark, BenchmarkCategory("expr")] public void HessianExpression() => _hessianExpression.Invoke(_args, _hessian);
    [Benchmark(Baseline = true), BenchmarkCategory("cs")] public void ValueRoslyn() => _valueRoslyn(_args, _value);
    [Benchmark, BenchmarkCategory("cs")] public void HessianRoslyn() => _hessianRoslyn(_args, _hessian);
}
