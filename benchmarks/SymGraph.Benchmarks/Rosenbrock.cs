using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Benchmarks.Generated;

namespace SymGraph.Benchmarks;

/// <summary>Hand-written Rosenbrock: value, gradient and dense Hessian loops.</summary>
public static class HandRosenbrock
{
    public static double Value(double[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
        }
        return f;
    }

    public static double Gradient(double[] x, double[] g)
    {
        double f = 0;
        Array.Clear(g);
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    public static void Hessian(double[] x, double[] h)
    {
        int n = x.Length;
        Array.Clear(h);
        for (int i = 0; i < n - 1; i++)
        {
            h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[i * n + i + 1] += -400 * x[i];
            h[(i + 1) * n + i] += -400 * x[i];
            h[(i + 1) * n + i + 1] += 200;
        }
    }
}

/// <summary>W1: value and gradient, SymGraph (compiled delegates) against the hand-written loops.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)] // f against the hand-written f, gradients against the hand-written gradient
public class RosenbrockBenchmarks
{
    [Params(2, 10, 100, 1000)]
    public int N;

    private double[] _x = Array.Empty<double>();
    private double[] _g = Array.Empty<double>();
    private double[][] _args = Array.Empty<double[]>();
    private double[][] _value = Array.Empty<double[]>(), _grad = Array.Empty<double[]>();
    private CompiledFunction<double> _fVector = null!, _gVector = null!, _fScalar = null!, _gScalar = null!;
    private ArrayEntryPoint<double> _fRoslyn = null!, _gRoslyn = null!;
    private Func<double[], double> _fRoslynTyped = null!;
    private Func<double[], double[], double> _gRoslynTyped = null!;
    // The same functions with scalar loops (vectorization off): the code before vectorized loops.
    private CompiledFunction<double> _fVectorScalarLoops = null!, _gVectorScalarLoops = null!;
    private Func<double[], double> _fRoslynTypedScalarLoops = null!;
    private Func<double[], double[], double> _gRoslynTypedScalarLoops = null!;
    // The IL functions through their typed entry points (CompiledFunction.AsDelegate).
    private Func<double[], double> _fTyped = null!;
    private Func<double[], double[], double> _gTyped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Workloads.RosenbrockPoint(N);
        _g = new double[N];
        _args = new[] { _x };
        _value = new[] { new double[1] };
        _grad = new[] { new double[1], _g }; // every variant reads and writes the same arrays (placement affects timing)
        var (_, x, f) = Workloads.RosenbrockVector(N);
        _fVector = ExpressionCompiler.Compile(new[] { f }, new[] { x });
        _gVector = ExpressionCompiler.Compile(new[] { f, Autodiff.Grad(f, x) }, new[] { x });
        var (_, xs, scalars, fs) = Workloads.RosenbrockScalar(N);
        _fScalar = ExpressionCompiler.Compile(new[] { fs }, new[] { xs });
        _gScalar = ExpressionCompiler.Compile(new[] { fs, Sym.Stack(Autodiff.Grad(fs, scalars)) }, new[] { xs });
        // The C# backend: the generated source of Generated/ (the vector form, as a model file writes it) compiled in memory by Roslyn.
        var cls = CSharpCompiler.Compile(Workloads.GeneratedSource($"Rosenbrock{N}"));
        _fRoslyn = cls.EntryPoint<double>("Value");
        _gRoslyn = cls.EntryPoint<double>("Gradient");
        // The generated methods themselves, Value(x) and Gradient(x, dx), as code calling the generated file does.
        _fRoslynTyped = cls.Method<Func<double[], double>>("Value");
        _gRoslynTyped = cls.Method<Func<double[], double[], double>>("Gradient");
        _fTyped = _fVector.AsDelegate<Func<double[], double>>();
        _gTyped = _gVector.AsDelegate<Func<double[], double[], double>>();
        var scalarLoops = new ExpressionCompilerOptions { VectorBits = 0 };
        _fVectorScalarLoops = ExpressionCompiler.Compile(new[] { f }, new[] { x }, scalarLoops);
        _gVectorScalarLoops = ExpressionCompiler.Compile(new[] { f, Autodiff.Grad(f, x) }, new[] { x }, scalarLoops);
        var scalarCls = CSharpCompiler.Compile(CSharpEmitter.EmitDerivatives(f, new[] { x }, new CSharpEmitterOptions { ClassName = $"RosenbrockScalarLoops{N}", Vectorize = false }));
        _fRoslynTypedScalarLoops = scalarCls.Method<Func<double[], double>>("Value");
        _gRoslynTypedScalarLoops = scalarCls.Method<Func<double[], double[], double>>("Gradient");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("gradient")] public double HandGradient() => HandRosenbrock.Gradient(_x, _g);
    [Benchmark(Baseline = true), BenchmarkCategory("value")] public double HandValue() => HandRosenbrock.Value(_x);
    [Benchmark, BenchmarkCategory("value")] public double SymGraphValueVector() { _fVector.Invoke(_args, _value); return _value[0][0]; }
    [Benchmark, BenchmarkCategory("gradient")] public double SymGraphGradientVector() { _gVector.Invoke(_args, _grad); return _grad[0][0]; }
    [Benchmark, BenchmarkCategory("value")] public double SymGraphValueScalar() { _fScalar.Invoke(_args, _value); return _value[0][0]; }
    [Benchmark, BenchmarkCategory("gradient")] public double SymGraphGradientScalar() { _gScalar.Invoke(_args, _grad); return _grad[0][0]; }
    [Benchmark, BenchmarkCategory("value")] public double RoslynValueVector() { _fRoslyn(_args, _value); return _value[0][0]; }
    [Benchmark, BenchmarkCategory("gradient")] public double RoslynGradientVector() { _gRoslyn(_args, _grad); return _grad[0][0]; }
    [Benchmark, BenchmarkCategory("value")] public double RoslynValueTyped() => _fRoslynTyped(_x);
    [Benchmark, BenchmarkCategory("gradient")] public double RoslynGradientTyped() => _gRoslynTyped(_x, _g);
    [Benchmark, BenchmarkCategory("value")] public double SymGraphValueTyped() => _fTyped(_x);
    [Benchmark, BenchmarkCategory("gradient")] public double SymGraphGradientTyped() => _gTyped(_x, _g);
    [Benchmark, BenchmarkCategory("value")] public double SymGraphValueVectorScalarLoops() { _fVectorScalarLoops.Invoke(_args, _value); return _value[0][0]; }
    [Benchmark, BenchmarkCategory("gradient")] public double SymGraphGradientVectorScalarLoops() { _gVectorScalarLoops.Invoke(_args, _grad); return _grad[0][0]; }
    [Benchmark, BenchmarkCategory("value")] public double RoslynValueTypedScalarLoops() => _fRoslynTypedScalarLoops(_x);
    [Benchmark, BenchmarkCategory("gradient")] public double RoslynGradientTypedScalarLoops() => _gRoslynTypedScalarLoops(_x, _g);

    // The same generated code compiled into this project (Generated/, see Workloads.GeneratedSources) and called statically.
    [Benchmark, BenchmarkCategory("value")]
    public double GeneratedValue() => N switch
    {
        2 => Rosenbrock2.Value(_x),
        10 => Rosenbrock10.Value(_x),
        100 => Rosenbrock100.Value(_x),
        _ => Rosenbrock1000.Value(_x),
    };

    [Benchmark, BenchmarkCategory("gradient")]
    public double GeneratedGradient() => N switch
    {
        2 => Rosenbrock2.Gradient(_x, _g),
        10 => Rosenbrock10.Gradient(_x, _g),
        100 => Rosenbrock100.Gradient(_x, _g),
        _ => Rosenbrock1000.Gradient(_x, _g),
    };
}

/// <summary>W1: the dense Hessian for n ≤ 100.</summary>
[MemoryDiagnoser]
public class RosenbrockHessianBenchmarks
{
    [Params(2, 10, 100)]
    public int N;

    private double[] _x = Array.Empty<double>(), _h = Array.Empty<double>();
    private double[][] _args = Array.Empty<double[]>(), _out = Array.Empty<double[]>();
    private CompiledFunction<double> _hScalar = null!, _hVector = null!, _hFromSparse = null!;
    private ArrayEntryPoint<double> _hRoslyn = null!;
    private Action<double[], double[]> _hRoslynTyped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Workloads.RosenbrockPoint(N);
        _h = new double[N * N];
        _args = new[] { _x };
        _out = new[] { _h };
        var (_, xs, scalars, fs) = Workloads.RosenbrockScalar(N);
        var blocks = Autodiff.Hessian(fs, scalars);
        var entries = new List<Node>();
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) entries.Add(blocks[i, j]);
        _hScalar = ExpressionCompiler.Compile(new[] { Sym.Reshape(Sym.Stack(entries.ToArray()), new Shape(N, N)) }, new[] { xs });
        var (_, x, f) = Workloads.RosenbrockVector(N);
        _hVector = ExpressionCompiler.Compile(new[] { Autodiff.Hessian(f, x) }, new[] { x });
        // The dense matrix from the sparse Hessian's colour products: clear, then store the nonzeros.
        _hFromSparse = ExpressionCompiler.Compile(new[] { SparseHessian.Build(f, new[] { x }).Dense }, new[] { x });
        // The C# backend on the scalar-node graph: the packed n×n Hessian, as `symgraph compile --hessian` writes it.
        var cls = CSharpCompiler.Compile(Workloads.GeneratedSource($"RosenbrockHessian{N}"));
        _hRoslyn = cls.EntryPoint<double>("Hessian");
        _hRoslynTyped = cls.Method<Action<double[], double[]>>("Hessian");
    }

    [Benchmark(Baseline = true)] public void HandHessian() => HandRosenbrock.Hessian(_x, _h);
    [Benchmark] public void SymGraphHessianScalar() => _hScalar.Invoke(_args, _out);
    [Benchmark] public void SymGraphHessianVector() => _hVector.Invoke(_args, _out);
    [Benchmark] public void SymGraphHessianVectorFromSparse() => _hFromSparse.Invoke(_args, _out);
    [Benchmark] public void RoslynHessianScalar() => _hRoslyn(_args, _out);
    [Benchmark] public void RoslynHessianTyped() => _hRoslynTyped(_x, _h);

    [Benchmark]
    public void GeneratedHessian()
    {
        switch (N)
        {
            case 2: RosenbrockHessian2.Hessian(_x, _h); break;
            case 10: RosenbrockHessian10.Hessian(_x, _h); break;
            default: RosenbrockHessian100.Hessian(_x, _h); break;
        }
    }
}

/// <summary>Compile time: Rosenbrock n = 1000, from graph to a callable gradient delegate.</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    [Benchmark]
    public CompiledFunction<double> CompileRosenbrockGradientVector()
    {
        var (_, x, f) = Workloads.RosenbrockVector(1000);
        return ExpressionCompiler.Compile(new[] { f, Autodiff.Grad(f, x) }, new[] { x });
    }

    [Benchmark]
    public CompiledFunction<double> CompileRosenbrockGradientScalar()
    {
        var (_, x, xs, f) = Workloads.RosenbrockScalar(1000);
        return ExpressionCompiler.Compile(new[] { f, Sym.Stack(Autodiff.Grad(f, xs)) }, new[] { x });
    }
}
