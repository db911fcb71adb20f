using SymGraph.Codegen.Expressions;
using Xunit.Abstractions;

namespace SymGraph.Tests;

public class CompiledFunctionTests
{
    private readonly ITestOutputHelper _output;
    public CompiledFunctionTests(ITestOutputHelper output) => _output = output;

    /// <summary>Rosenbrock in vector form: Σ 100(x[1:] − x[:-1]²)² + (1 − x[:-1])².</summary>
    internal static (Graph g, Node x, Node f) Rosenbrock(int n)
    {
        var g = new Graph();
        var x = g.Parameter("x", n);
        var head = Sym.Slice(x, 0, n - 1);
        var tail = Sym.Slice(x, 1, n);
        var f = Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(1.0 - head));
        return (g, x, f);
    }

    /// <summary>A 784-256-128-10 style MLP (smaller sizes allowed) with ReLU, softmax cross-entropy averaged over the batch.</summary>
    internal static (Graph g, Node[] args, Node loss, Node[] parameters) Mlp(int input, int h1, int h2, int output, DType dtype)
    {
        var g = new Graph();
        var X = g.Input("X", new Shape("batch", input), dtype);
        var Y = g.Input("Y", new Shape("batch", output), dtype);
        var W1 = g.Parameter("W1", new Shape(input, h1), dtype);
        var b1 = g.Parameter("b1", new Shape(h1), dtype);
        var W2 = g.Parameter("W2", new Shape(h1, h2), dtype);
        var b2 = g.Parameter("b2", new Shape(h2), dtype);
        var W3 = g.Parameter("W3", new Shape(h2, output), dtype);
        var b3 = g.Parameter("b3", new Shape(output), dtype);
        var a1 = Sym.Relu(Sym.MatMul(X, W1) + b1);
        var a2 = Sym.Relu(Sym.MatMul(a1, W2) + b2);
        var loss = Sym.Mean(Sym.CrossEntropyLogits(Sym.MatMul(a2, W3) + b3, Y)).Named("loss");
        var parameters = new[] { W1, b1, W2, b2, W3, b3 };
        return (g, new[] { X, Y }.Concat(parameters).ToArray(), loss, parameters);
    }

    private static T[] Fill<T>(Random rng, int n, double scale = 1)
    {
        if (typeof(T) == typeof(double)) return (T[])(object)Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() * 2 - 1)).ToArray();
        return (T[])(object)Enumerable.Range(0, n).Select(_ => (float)(scale * (rng.NextDouble() * 2 - 1))).ToArray();
    }

    [Fact]
    public void RosenbrockGradient_AfterWarmUp_AllocatesNothing()
    {
        var (_, x, f) = Rosenbrock(1000);
        var grad = Autodiff.Grad(f, x);
        var fn = ExpressionCompiler.Compile(new[] { f, grad }, new[] { x });
        var args = new[] { Enumerable.Range(0, 1000).Select(i => 0.5 + 0.01 * i).ToArray() };
        var results = new[] { new double[1], new double[1000] };
        for (int i = 0; i < 100; i++) fn.Invoke(args, results);
        Assert.Equal(0, Allocations.SteadyState(() => fn.Invoke(args, results), 1000));
        TestUtil.AssertClose(Interpreter.Evaluate(grad, new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { 1000 }, args[0]) }).Data, new Tensor(new[] { 1000 }, results[1]));
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void MlpLossAndGradient_AfterWarmUp_AllocatesNothing(DType dtype)
    {
        if (dtype == DType.Float64) Run<double>(); else Run<float>();

        void Run<T>() where T : unmanaged
        {
            var (_, args, loss, parameters) = Mlp(784, 256, 128, 10, dtype);
            var grads = Autodiff.Grad(loss, parameters);
            var fn = ExpressionCompiler.Compile<T>(new[] { loss }.Concat(grads).ToArray(), args);
            var rng = new Random(0);
            var argArrays = args.Select(a => Fill<T>(rng, a.Shape.Select(d => d.IsStatic ? d.Size : 128).Aggregate(1, (p, q) => p * q), 0.1)).ToArray();
            var results = fn.Outputs.Select((_, j) => new T[fn.ResultLength(j, new Dictionary<string, int> { ["batch"] = 128 })]).ToArray();
            for (int i = 0; i < 60; i++) fn.Invoke(argArrays, results);
            Assert.Equal(0, Allocations.SteadyState(() => fn.Invoke(argArrays, results), 20));
        }
    }

    [Fact]
    public void Mlp_Float32_MatchesInterpreterWithinSingleTolerance()
    {
        // float32 tolerance: 1e-4 relative + 1e-5 absolute (MathF, fused multiply-adds, blocked sums).
        var (g, args, loss, parameters) = Mlp(20, 16, 12, 5, DType.Float32);
        var grads = Autodiff.Grad(loss, parameters);
        var outputs = new[] { loss }.Concat(grads).ToArray();
        var rng = new Random(5);
        var values = new Dictionary<string, Tensor>();
        foreach (var a in args)
        {
            var dims = a.Shape.Select(d => d.IsStatic ? d.Size : 7).ToArray();
            values[a.Name!] = new Tensor(dims, TestUtil.Random(rng, dims, -0.5, 0.5).Data, DType.Float32);
        }
        var expected = Interpreter.Evaluate(outputs, Interpreter.ByNode(g, values));
        var actual = ExpressionCompiler.Compile<float>(outputs, args).Evaluate(values);
        for (int j = 0; j < outputs.Length; j++) TestUtil.AssertClose(expected[j], actual[j], 1e-4, 1e-5, outputs[j].Name);
    }

    [Fact]
    public void MillionNodeScalarGraph_CompilesInChunksAndEvaluates()
    {
        // 200,000 steps of y ← sin(y) + x/2: 400,000 forward nodes and 600,000 gradient nodes.
        const int steps = 200_000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var g = new Graph();
        var x = g.Parameter("x");
        var y = x;
        var halfX = 0.5 * x;
        for (int i = 0; i < steps; i++) y = Sym.Sin(y) + halfX;
        var dy = Autodiff.Grad(y, x);
        var fn = ExpressionCompiler.Compile(new[] { y, dy }, new[] { x });
        var compiled = clock.Elapsed;
        Assert.True(fn.Schedule.ComputedNodes >= 1_000_000, $"{fn.Schedule.ComputedNodes} nodes");
        var results = new[] { new double[1], new double[1] };
        fn.Invoke(new[] { new[] { 0.7 } }, results);
        double yv = 0.7, dv = 1.0;
        for (int i = 0; i < steps; i++) { dv = Math.Cos(yv) * dv + 0.5; yv = Math.Sin(yv) + 0.35; }
        Assert.Equal(yv, results[0][0]);
        TestUtil.AssertClose(dv, results[1][0], 1e-12, 1e-12);
        Assert.True(fn.MethodCount > 100);
        _output.WriteLine($"{fn.Schedule.ComputedNodes} nodes in {fn.MethodCount} methods, {fn.Schedule.ScalarSlots} scalar slots; build+compile {compiled.TotalSeconds:F1} s");
    }

    [Fact]
    public void Invoke_WrongArgumentLength_IsAClearError()
    {
        var (_, x, f) = Rosenbrock(4);
        var fn = ExpressionCompiler.Compile(new[] { f }, new[] { x });
        var e = Assert.Throws<ArgumentException>(() => fn.Invoke(new[] { new double[3] }, new[] { new double[1] }));
        Assert.Contains("has 3 elements; expected 4", e.Message);
        Assert.Throws<ArgumentException>(() => fn.Invoke(new[] { new double[4] }, new[] { new double[2] }));
    }

    [Fact]
    public void Invoke_StaticFunction_MissingOrMiscountedArrays_AreClearErrors()
    {
        // Every size is static here: the success path compares lengths inline; the errors still name the array.
        var (_, x, f) = Rosenbrock(4);
        var fn = ExpressionCompiler.Compile(new[] { f }, new[] { x });
        Assert.Empty(fn.Schedule.Symbols);
        Assert.Throws<ArgumentNullException>(() => fn.Invoke(null!, new[] { new double[1] }));
        Assert.Throws<ArgumentNullException>(() => fn.Invoke(new[] { new double[4] }, null!));
        Assert.Contains("argument array 0", Assert.Throws<ArgumentNullException>(() => fn.Invoke(new double[][] { null! }, new[] { new double[1] })).Message);
        Assert.Contains("result array 0", Assert.Throws<ArgumentNullException>(() => fn.Invoke(new[] { new double[4] }, new double[][] { null! })).Message);
        Assert.Contains("Expected 1 arguments, got 2", Assert.Throws<ArgumentException>(() => fn.Invoke(new[] { new double[4], new double[4] }, new[] { new double[1] })).Message);
        Assert.Contains("Expected 1 results, got 0", Assert.Throws<ArgumentException>(() => fn.Invoke(new[] { new double[4] }, Array.Empty<double[]>())).Message);
        var results = new[] { new double[1] };
        fn.Invoke(new[] { new[] { 1.0, 1.0, 1.0, 1.0 } }, results);
        Assert.Equal(0.0, results[0][0]);
    }

    [Fact]
    public void Compile_MissingArgument_IsAClearError()
    {
        var g = new Graph();
        var a = g.Input("a", 2);
        var b = g.Input("b", 2);
        var e = Assert.Throws<ArgumentException>(() => ExpressionCompiler.Compile(new[] { a * b }, new[] { a }));
        Assert.Contains("input 'b' is used but not passed", e.Message);
    }

    [Fact]
    public void SymbolicBatch_SizesChangeBetweenCalls()
    {
        var g = new Graph();
        var X = g.Input("X", "batch", 2);
        var w = g.Parameter("w", 2);
        var y = Sym.Mean(Sym.Tanh(Sym.MatMul(X, w)));
        var dw = Autodiff.Grad(y, w);
        var fn = ExpressionCompiler.Compile(new[] { y, dw }, new[] { X, w });
        foreach (int batch in new[] { 3, 5, 1, 5 })
        {
            var values = new Dictionary<string, Tensor> { ["X"] = TestUtil.Random(new Random(batch), new[] { batch, 2 }), ["w"] = Tensor.Vector(0.3, -0.2) };
            var expected = Interpreter.Evaluate(new[] { y, dw }, Interpreter.ByNode(g, values));
            var actual = fn.Evaluate(values);
            TestUtil.AssertClose(expected[0], actual[0]);
            TestUtil.AssertClose(expected[1], actual[1]);
        }
    }
}
