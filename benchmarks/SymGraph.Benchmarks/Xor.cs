using BenchmarkDotNet.Attributes;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.Expressions;

namespace SymGraph.Benchmarks;

/// <summary>W3: XOR network 2-8-1, tanh hidden, sigmoid output, squared error, one sample: the gradient.</summary>
[MemoryDiagnoser]
public class XorBenchmarks
{
    private readonly double[] _x = { 1, 0 }, _t = { 1 };
    private readonly double[] _W1 = new double[16], _b1 = new double[8], _w2 = new double[8], _b2 = { 0.1 };
    private readonly double[] _dW1 = new double[16], _db1 = new double[8], _dw2 = new double[8], _db2 = new double[1];
    private readonly double[] _h = new double[8];
    private double[][] _args = null!, _out = null!;
    private CompiledFunction<double> _grad = null!;
    private ArrayEntryPoint<double> _roslyn = null!;
    private XorGradient _roslynTyped = null!;

    /// <summary>The generated <c>Gradient</c> method's signature: inputs and parameters, then the parameters' gradients.</summary>
    public delegate double XorGradient(double[] x, double t, double[] W1, double[] b1, double[] w2, double b2,
        double[] dW1, double[] db1, double[] dw2, out double db2);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        for (int i = 0; i < 16; i++) _W1[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < 8; i++) { _b1[i] = rng.NextDouble() - 0.5; _w2[i] = rng.NextDouble() - 0.5; }
        var (loss, inputs, parameters) = Workloads.Xor();
        var args = inputs.Concat(parameters).ToArray();
        _grad = ExpressionCompiler.Compile(new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray(), args);
        var cls = CSharpCompiler.Compile(Workloads.GeneratedSource("Xor"));
        _roslyn = cls.EntryPoint<double>("Gradient");
        _roslynTyped = cls.Method<XorGradient>("Gradient");
        _args = new[] { _x, _t, _W1, _b1, _w2, _b2 };
        _out = new[] { new double[1], _dW1, _db1, _dw2, _db2 }; // the arrays the hand-written gradient writes
    }

    [Benchmark(Baseline = true)]
    public double HandGradient()
    {
        double z = _b2[0];
        for (int j = 0; j < 8; j++)
        {
            _h[j] = Math.Tanh(_W1[2 * j] * _x[0] + _W1[2 * j + 1] * _x[1] + _b1[j]);
            z += _w2[j] * _h[j];
        }
        double y = 1 / (1 + Math.Exp(-z)), e = y - _t[0];
        double dz = e * y * (1 - y);
        _db2[0] = dz;
        for (int j = 0; j < 8; j++)
        {
            _dw2[j] = dz * _h[j];
            double dh = dz * _w2[j] * (1 - _h[j] * _h[j]);
            _db1[j] = dh;
            _dW1[2 * j] = dh * _x[0];
            _dW1[2 * j + 1] = dh * _x[1];
        }
        return 0.5 * e * e;
    }

    [Benchmark]
    public double SymGraphGradient()
    {
        _grad.Invoke(_args, _out);
        return _out[0][0];
    }

    [Benchmark]
    public double RoslynGradient()
    {
        _roslyn(_args, _out);
        return _out[0][0];
    }

    [Benchmark]
    public double GeneratedGradient()
    {
        double loss = Generated.Xor.Gradient(_x, _t[0], _W1, _b1, _w2, _b2[0], _dW1, _db1, _dw2, out var db2);
        _db2[0] = db2;
        return loss;
    }

    [Benchmark]
    public double RoslynGradientTyped()
    {
        double loss = _roslynTyped(_x, _t[0], _W1, _b1, _w2, _b2[0], _dW1, _db1, _dw2, out var db2);
        _db2[0] = db2;
        return loss;
    }
}
