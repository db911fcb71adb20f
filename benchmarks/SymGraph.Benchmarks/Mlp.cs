using System.Numerics;
using BenchmarkDotNet.Attributes;
using SymGraph.Codegen.Expressions;
using SymGraph.Runtime;

namespace SymGraph.Benchmarks;

/// <summary>W2: MLP 784-256-128-10, ReLU hidden layers, softmax cross-entropy averaged over a minibatch of 128.</summary>
public static class MlpGraph
{
    public const int Batch = 128, In = 784, H1 = 256, H2 = 128, Out = 10;

    public static (Node[] args, Node loss, Node[] parameters) Build(DType dtype)
    {
        var g = new Graph();
        var X = g.Input("X", new Shape("batch", In), dtype);
        var Y = g.Input("Y", new Shape("batch", Out), dtype);
        var W1 = g.Parameter("W1", new Shape(In, H1), dtype);
        var b1 = g.Parameter("b1", new Shape(H1), dtype);
        var W2 = g.Parameter("W2", new Shape(H1, H2), dtype);
        var b2 = g.Parameter("b2", new Shape(H2), dtype);
        var W3 = g.Parameter("W3", new Shape(H2, Out), dtype);
        var b3 = g.Parameter("b3", new Shape(Out), dtype);
        var a1 = Sym.Relu(Sym.MatMul(X, W1) + b1);
        var a2 = Sym.Relu(Sym.MatMul(a1, W2) + b2);
        var loss = Sym.Mean(Sym.CrossEntropyLogits(Sym.MatMul(a2, W3) + b3, Y)).Named("loss");
        var parameters = new[] { W1, b1, W2, b2, W3, b3 };
        return (new[] { X, Y }.Concat(parameters).ToArray(), loss, parameters);
    }

    /// <summary>Fixed random data (seed 0): X uniform, one-hot Y, He-scaled weights, zero biases.</summary>
    public static T[][] Data<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(0);
        T[] Uniform(int n, double scale) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(scale * (2 * rng.NextDouble() - 1))).ToArray();
        var y = new T[Batch * Out];
        for (int i = 0; i < Batch; i++) y[i * Out + rng.Next(Out)] = T.One;
        return new[]
        {
            Uniform(Batch * In, 1), y,
            Uniform(In * H1, Math.Sqrt(6.0 / In)), new T[H1],
            Uniform(H1 * H2, Math.Sqrt(6.0 / H1)), new T[H2],
            Uniform(H2 * Out, Math.Sqrt(6.0 / H2)), new T[Out],
        };
    }

    /// <summary>Floating-point operations of one loss + gradient evaluation (the matrix products dominate).</summary>
    public const double FlopsLossAndGradient = 2.0 * Batch * (In * H1 + H1 * H2 + H2 * Out) * 3 - 2.0 * Batch * In * H1;
}

/// <summary>A careful hand-written MLP loss and back-propagation on the same kernels SymGraph calls.</summary>
public sealed class HandMlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = MlpGraph.Batch, In = MlpGraph.In, H1 = MlpGraph.H1, H2 = MlpGraph.H2, Out = MlpGraph.Out;
    private readonly T[] _z1 = new T[B * H1], _z2 = new T[B * H2], _z3 = new T[B * Out];
    private readonly T[] _d3 = new T[B * Out], _d2 = new T[B * H2], _d1 = new T[B * H1];
    public readonly T[] dW1 = new T[In * H1], db1 = new T[H1], dW2 = new T[H1 * H2], db2 = new T[H2], dW3 = new T[H2 * Out], db3 = new T[Out];

    private static void Affine(T[] x, T[] w, T[] b, T[] z, int m, int k, int n, bool relu)
    {
        Kernels.MatMul(x, w, z, m, k, n, false, false);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T v = z[i * n + j] + b[j];
                z[i * n + j] = relu && !(v > T.Zero) ? T.Zero : v;
            }
    }

    public T Loss(T[][] d)
    {
        Affine(d[0], d[2], d[3], _z1, B, In, H1, true);
        Affine(_z1, d[4], d[5], _z2, B, H1, H2, true);
        Affine(_z2, d[6], d[7], _z3, B, H2, Out, false);
        T total = T.Zero;
        for (int i = 0; i < B; i++)
        {
            T max = T.NegativeInfinity;
            for (int k = 0; k < Out; k++) max = T.Max(max, _z3[i * Out + k]);
            T sum = T.Zero;
            for (int k = 0; k < Out; k++) sum += T.Exp(_z3[i * Out + k] - max);
            T lse = max + T.Log(sum);
            for (int k = 0; k < Out; k++)
            {
                T p = T.Exp(_z3[i * Out + k] - lse);
                total += d[1][i * Out + k] * (lse - _z3[i * Out + k]);
                _d3[i * Out + k] = (p - d[1][i * Out + k]) / T.CreateTruncating(B);
            }
        }
        return total / T.CreateTruncating(B);
    }

    public T LossAndGradient(T[][] d)
    {
        T loss = Loss(d);
        Backward(_z2, d[6], _d3, dW3, db3, _d2, B, H2, Out);
        Backward(_z1, d[4], _d2, dW2, db2, _d1, B, H1, H2);
        Backward(d[0], d[2], _d1, dW1, db1, null, B, In, H1);
        return loss;
    }

    // dW = aᵀ·δ, db = Σ_rows δ, δ_prev = (δ·Wᵀ) ⊙ (a > 0).
    private static void Backward(T[] a, T[] w, T[] delta, T[] dw, T[] db, T[]? prev, int m, int k, int n)
    {
        Kernels.MatMul(a, delta, dw, k, m, n, true, false);
        Array.Clear(db);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) db[j] += delta[i * n + j];
        if (prev is null) return;
        Kernels.MatMul(delta, w, prev, m, n, k, false, true);
        for (int i = 0; i < prev.Length; i++)
            if (!(a[i] > T.Zero)) prev[i] = T.Zero;
    }
}

[MemoryDiagnoser]
public class MlpBenchmarks
{
    [Params(DType.Float32, DType.Float64)]
    public DType Type;

    private Action _handLoss = null!, _handLossGrad = null!, _symLoss = null!, _symLossGrad = null!, _symLossGradGemm256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (Type == DType.Float32) Setup<float>(); else Setup<double>();
    }

    private void Setup<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = MlpGraph.Data<T>();
        var hand = new HandMlp<T>();
        var (args, loss, parameters) = MlpGraph.Build(Type);
        var lossFn = ExpressionCompiler.Compile<T>(new[] { loss }, args);
        var gradFn = ExpressionCompiler.Compile<T>(new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray(), args);
        var lossOut = new[] { new T[1] };
        var gradOut = gradFn.Outputs.Select(o => new T[o.Shape.IsScalar ? 1 : o.Shape.ElementCount]).ToArray();
        _handLoss = () => hand.Loss(data);
        _handLossGrad = () => hand.LossAndGradient(data);
        _symLoss = () => lossFn.Invoke(data, lossOut);
        _symLossGrad = () => gradFn.Invoke(data, gradOut);
        // The same call with the GEMM microkernel forced to Vector256 (the kernel before Vector512 ones).
        _symLossGradGemm256 = () =>
        {
            using (SymGraph.Runtime.Internal.GemmWidth.Force(256)) gradFn.Invoke(data, gradOut);
        };
    }

    [Benchmark(Baseline = true)] public void HandLossAndGradient() => _handLossGrad();
    [Benchmark] public void HandLoss() => _handLoss();
    [Benchmark] public void SymGraphLossAndGradient() => _symLossGrad();
    [Benchmark] public void SymGraphLoss() => _symLoss();
    [Benchmark] public void SymGraphLossAndGradientGemm256() => _symLossGradGemm256();
}
