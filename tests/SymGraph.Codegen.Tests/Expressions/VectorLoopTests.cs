using SymGraph.Codegen.Expressions;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;
using Xunit.Abstractions;

namespace SymGraph.Tests;

/// <summary>
/// Vectorized loops (Lowering/Vectorizer): at every vector width this machine accelerates, and
/// scalar (0), every element-wise op and sum agrees with the interpreter at the lengths where the
/// vector loop and the scalar tail meet (0, 1, W − 1, W, W + 1, …), with NaN, ±∞ and ±0 among the
/// inputs; and the vector functions' errors in ulps over dense sweeps stay within the stated bounds.
/// On an AVX2-only machine the same tests run 256 and 128; here they run 512, 256 and 128.
/// </summary>
public class VectorLoopTests
{
    private readonly ITestOutputHelper _output;

    public VectorLoopTests(ITestOutputHelper output) => _output = output;

    /// <summary>Every width the Expression backend can use here: the accelerated ones and 0 (scalar loops).</summary>
    public static IEnumerable<object[]> Widths() => VectorWidths.Accelerated.Append(0).Select(w => new object[] { w });

    private static readonly (string Name, Func<Node, Node, Node> Op)[] Ops =
    {
        ("exp", (x, _) => Sym.Exp(x)), ("log", (x, _) => Sym.Log(Sym.Abs(x))), ("tanh", (x, _) => Sym.Tanh(x)),
        ("sigmoid", (x, _) => Sym.Sigmoid(x)), ("softplus", (x, _) => Sym.Softplus(x)), ("sqrt", (x, _) => Sym.Sqrt(x)),
        ("sin", (x, _) => Sym.Sin(x)), ("cos", (x, _) => Sym.Cos(x)), ("abs", (x, _) => Sym.Abs(x)), ("relu", (x, _) => Sym.Relu(x)),
        ("sign", (x, _) => Sym.Sign(x)), ("square", (x, _) => Sym.Square(x)), ("neg", (x, _) => -x), ("maximum", Sym.Maximum),
        ("minimum", Sym.Minimum), ("div", (x, y) => x / y), ("less", Sym.Less), ("where", (x, y) => Sym.Where(Sym.GreaterEqual(x, y), x, y * 2.0)),
        ("poly", (x, y) => 100.0 * Sym.Square(y - Sym.Square(x)) + Sym.Square(1.0 - x)),
    };

    private static double[] Values(Random rng, int n, bool special)
    {
        var specials = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-300, 800.0, -800.0, 25.0, -25.0, 1e-9 };
        return Enumerable.Range(0, n).Select(i => special && i % 3 == 0 ? specials[(i / 3) % specials.Length] : 4 * rng.NextDouble() - 2).ToArray();
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryOp_EveryLength_MatchesInterpreter(int bits)
    {
        int w = bits == 0 ? 1 : bits / 64;
        var lengths = new[] { 0, 1, w - 1, w, w + 1, 2 * w - 1, 2 * w + 3, 37, 1000 }.Where(n => n >= 0).Distinct().ToArray();
        double worstSum = 0; // the largest |vector sum − scalar sum| / (u·Σ|terms|) seen
        foreach (var (name, op) in Ops)
        {
            var g = new Graph();
            var x = g.Parameter("x", new Shape("n"));
            var y = g.Parameter("y", new Shape("n"));
            var z = op(x, y);
            var outputs = new[] { z, Sym.Sum(z) };
            var f = ExpressionCompiler.Compile(outputs, new[] { x, y }, new ExpressionCompilerOptions { VectorBits = bits });
            foreach (int n in lengths)
                foreach (bool special in new[] { false, true })
                {
                    var rng = new Random(n * 31 + name.Length);
                    var values = new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { n }, Values(rng, n, special)), [y] = new Tensor(new[] { n }, Values(rng, n, special)) };
                    var expected = Interpreter.Evaluate(outputs, values);
                    var actual = f.Evaluate(new Dictionary<string, Tensor> { ["x"] = values[x], ["y"] = values[y] });
                    string what = $"{name} at {bits} bits, n = {n}{(special ? ", with NaN/±∞/±0" : "")}";
                    // Elements: the vector functions are within a few ulps (see Transcendentals_UlpsWithinBounds).
                    TestUtil.AssertClose(expected[0], actual[0], rtol: 1e-14, atol: 1e-300, what: what);
                    // The sum: lanes, then the tail; within n ulps of the scalar order's sum of magnitudes.
                    double magnitude = expected[0].Data.Sum(Math.Abs);
                    if (magnitude > 0 && double.IsFinite(magnitude) && double.IsFinite(actual[1].Data[0]))
                        worstSum = Math.Max(worstSum, Math.Abs(expected[1].Data[0] - actual[1].Data[0]) / (1.1102230246251565e-16 * magnitude));
                    TestUtil.AssertClose(expected[1].Data[0], actual[1].Data[0], rtol: 0, atol: Math.Max(1, n) * 2.3e-16 * magnitude, what: what + ", sum");
                }
        }
        _output.WriteLine($"{bits} bits: the largest difference of a sum from the scalar loop's was {worstSum:F2} u·Σ|terms| (u = 2⁻⁵³).");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Nest_BroadcastReads_InnermostLoopInVectors_MatchesInterpreter(int bits)
    {
        // tanh(X + b)·c: b read along rows, c ([m, 1]) along columns; the inner loop runs in vectors, the counter with it.
        int w = bits == 0 ? 1 : bits / 64;
        var g = new Graph();
        var X = g.Parameter("X", new Shape("m", "n"));
        var b = g.Parameter("b", new Shape("n"));
        var c = g.Parameter("c", new Shape("m", 1));
        var z = Sym.Tanh(X + b) * c;
        var outputs = new[] { z, Sym.Sum(z) };
        var f = ExpressionCompiler.Compile(outputs, new[] { X, b, c }, new ExpressionCompilerOptions { VectorBits = bits });
        if (bits > 0)
        {
            var lowered = Lowerer.Lower(f.Schedule, 1000);
            Assert.Contains(lowered.Parts.SelectMany(p => p.Body).OfType<Loop>(), outer => outer.Body.OfType<Loop>().Any(inner => inner.Vector is not null && inner.AdvancesCounter));
        }
        foreach (int n in new[] { 0, 1, w - 1, w, w + 1, 2 * w + 3, 37 }.Where(n => n >= 0).Distinct())
        {
            const int m = 3;
            var rng = new Random(n);
            var values = new Dictionary<Node, Tensor>
            {
                [X] = new Tensor(new[] { m, n }, Values(rng, m * n, special: true)),
                [b] = new Tensor(new[] { n }, Values(rng, n, special: false)),
                [c] = new Tensor(new[] { m, 1 }, Values(rng, m, special: false)),
            };
            var expected = Interpreter.Evaluate(outputs, values);
            var actual = f.Evaluate(new Dictionary<string, Tensor> { ["X"] = values[X], ["b"] = values[b], ["c"] = values[c] });
            TestUtil.AssertClose(expected[0], actual[0], rtol: 1e-14, atol: 1e-300, what: $"nest at {bits} bits, n = {n}");
            double magnitude = expected[0].Data.Where(double.IsFinite).Sum(Math.Abs);
            TestUtil.AssertClose(expected[1].Data[0], actual[1].Data[0], rtol: 0, atol: Math.Max(1, m * n) * 2.3e-16 * magnitude, what: $"nest sum at {bits} bits, n = {n}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Float32_EveryOp_MatchesInterpreter(int bits)
    {
        int n = bits == 0 ? 21 : 2 * (bits / 32) + 5;
        foreach (var (name, op) in Ops)
        {
            var g = new Graph();
            var x = g.Parameter("x", new Shape(n), DType.Float32);
            var y = g.Parameter("y", new Shape(n), DType.Float32);
            var z = op(x, y);
            var outputs = new[] { z, Sym.Sum(z) };
            var f = ExpressionCompiler.Compile<float>(outputs, new[] { x, y }, new ExpressionCompilerOptions { VectorBits = bits });
            var rng = new Random(n + name.Length);
            var xs = Values(rng, n, special: true).Select(v => (float)v).ToArray();
            var ys = Values(rng, n, special: false).Select(v => (float)v).ToArray();
            var values = new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { n }, xs.Select(v => (double)v).ToArray()), [y] = new Tensor(new[] { n }, ys.Select(v => (double)v).ToArray()) };
            var expected = Interpreter.Evaluate(outputs, values);
            var results = new[] { new float[n], new float[1] };
            f.Invoke(new[] { xs, ys }, results);
            for (int k = 0; k < n; k++)
                TestUtil.AssertClose(expected[0].Data[k], results[0][k], rtol: 1e-6, atol: 1e-30, what: $"{name} f32 at {bits} bits [{k}]");
        }
    }

    [Fact]
    public void Lowering_VectorizesFlatLoops_AndNotTheOnesWithoutVectorForms()
    {
        Loop? Lowered(Func<Node, Node> op)
        {
            var g = new Graph();
            var x = g.Parameter("x", new Shape("n"));
            var lowered = Lowerer.Lower(Schedule.Create(new[] { Sym.Sum(op(x)) }, new[] { x }), 1000);
            return lowered.Parts.SelectMany(p => p.Body).OfType<Loop>().Single();
        }
        var tanh = Lowered(x => Sym.Tanh(x) * x);
        Assert.NotNull(tanh!.Vector);
        Assert.Single(tanh.Vector!.Sums);
        Assert.Equal(VarKind.Vector, tanh.Vector.Sums[0].Lanes.Kind);
        Assert.Null(Lowered(x => Sym.Tan(x) * x)!.Vector);   // no vector tan
        Assert.Null(Lowered(x => Sym.Pow(x, x) + x)!.Vector); // no vector pow
    }

    [Fact]
    public void UnacceleratedWidth_IsOneClearError()
    {
        var g = new Graph();
        var x = g.Parameter("x", new Shape(4));
        var e = Assert.Throws<ArgumentException>(() => ExpressionCompiler.Compile(new[] { Sym.Sum(x) }, new[] { x }, new ExpressionCompilerOptions { VectorBits = 96 }));
        Assert.Contains("VectorBits = 96", e.Message);
    }

    // ---- accuracy of the vector functions ---------------------------------------------------------

    private static long Ulps(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual) ? 0 : long.MaxValue;
        static long Ordered(double v) { long b = BitConverter.DoubleToInt64Bits(v); return b < 0 ? long.MinValue - b : b; }
        return Math.Abs(Ordered(expected) - Ordered(actual));
    }

    private static long Ulps(float expected, float actual)
    {
        if (float.IsNaN(expected) || float.IsNaN(actual)) return float.IsNaN(expected) && float.IsNaN(actual) ? 0 : long.MaxValue;
        static long Ordered(float v) { int b = BitConverter.SingleToInt32Bits(v); return b < 0 ? int.MinValue - (long)b : b; }
        return Math.Abs(Ordered(expected) - Ordered(actual));
    }

    /// <summary>
    /// The functions, their sweep, their reference in double (null: the scalar loop's formula, for
    /// the named formulas System.Math has no function for), and the bound (ulps) stated in docs/simd.md for f64 and f32.
    /// </summary>
    private static readonly (string Name, Func<Node, Node> Op, Func<double, double>? Reference, double From, double To, bool Logarithmic, long F64, long F32)[] Functions =
    {
        ("exp", Sym.Exp, Math.Exp, -745, 709, false, 2, 2),
        ("log", Sym.Log, Math.Log, 1e-300, 1e300, true, 2, 2),
        ("tanh", Sym.Tanh, Math.Tanh, -25, 25, false, 6, 6),
        ("tanh near 0", Sym.Tanh, Math.Tanh, 1e-12, 1, true, 6, 6),
        ("sigmoid", Sym.Sigmoid, null, -40, 40, false, 4, 4),
        ("softplus", Sym.Softplus, null, -30, 30, false, 5, 4),
        ("sin", Sym.Sin, Math.Sin, -100, 100, false, 2, 2),
        ("cos", Sym.Cos, Math.Cos, -100, 100, false, 2, 2),
        ("sqrt", Sym.Sqrt, Math.Sqrt, 0, 1e6, false, 0, 0),
    };

    // The scalar loop's values (VectorBits = 0): the op's formula with System.Math (f32: in double, rounded).
    private static T[] Scalar<T>(Func<Node, Node> op, T[] xs, DType dtype) where T : unmanaged
    {
        var g = new Graph();
        var x = g.Parameter("x", new Shape(xs.Length), dtype);
        var f = ExpressionCompiler.Compile<T>(new[] { op(x) }, new[] { x }, new ExpressionCompilerOptions { VectorBits = 0 });
        var result = new T[xs.Length];
        f.Invoke(new[] { xs }, new[] { result });
        return result;
    }

    [Fact]
    public void Transcendentals_UlpsWithinBounds()
    {
        const int N = 1 << 18;
        int bits = VectorWidths.Widest;
        if (bits == 0) return; // no vectors: the scalar loops call System.Math
        var failures = new List<string>();
        _output.WriteLine($"| function | range | f64 max ulps | f32 max ulps | (widest vectors: {bits} bits, {N:N0} points) |");
        foreach (var (name, op, reference, from, to, log, f64Bound, f32Bound) in Functions)
        {
            var xs = Enumerable.Range(0, N).Select(i => log ? from * Math.Pow(to / from, i / (N - 1.0)) : from + (to - from) * i / (N - 1.0)).ToArray();
            long worst64 = 0, worst32 = 0;
            {
                var g = new Graph();
                var x = g.Parameter("x", new Shape(N));
                var f = ExpressionCompiler.Compile(new[] { op(x) }, new[] { x }, new ExpressionCompilerOptions { VectorBits = bits });
                var result = new double[N];
                f.Invoke(new[] { xs }, new[] { result });
                var expected = reference is null ? Scalar<double>(op, xs, DType.Float64) : xs.Select(reference).ToArray();
                for (int i = 0; i < N; i++) worst64 = Math.Max(worst64, Ulps(expected[i], result[i]));
            }
            {
                var g = new Graph();
                var x = g.Parameter("x", new Shape(N), DType.Float32);
                var f = ExpressionCompiler.Compile<float>(new[] { op(x) }, new[] { x }, new ExpressionCompilerOptions { VectorBits = bits });
                var xf = xs.Select(v => (float)v).ToArray();
                var result = new float[N];
                f.Invoke(new[] { xf }, new[] { result });
                var expected = reference is null ? Scalar<float>(op, xf, DType.Float32) : xf.Select(v => (float)reference(v)).ToArray();
                for (int i = 0; i < N; i++) worst32 = Math.Max(worst32, Ulps(expected[i], result[i]));
            }
            _output.WriteLine($"| {name} | [{from:G3}, {to:G3}]{(log ? " log-spaced" : "")} | {worst64} | {worst32} |");
            if (worst64 > f64Bound) failures.Add($"{name} f64: {worst64} ulps > {f64Bound}");
            if (worst32 > f32Bound) failures.Add($"{name} f32: {worst32} ulps > {f32Bound}");
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }
}
