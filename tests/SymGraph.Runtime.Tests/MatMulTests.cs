using System.Numerics;
using System.Runtime.Intrinsics;
using SymGraph.Runtime.Internal;

namespace SymGraph.Runtime.Tests;

/// <summary>
/// Matrix products against a naive triple loop in double precision.
/// Tolerance: |c − c_ref| ≤ tol·(Σ_p |A(i,p)·B(p,j)| + |C₀(i,j)|) with tol = 1e-12 for float64 and
/// tol = (k + 4)·2⁻²⁴ for float32 (the worst-case rounding bound of a k-term float dot product).
/// </summary>
public sealed class MatMulTests
{
    public enum Variant
    {
        AB,
        ABt,
        AtB,
    }

    private static readonly int[] EdgeSizes = [1, 7, 8, 9, 15, 16, 17, 33];

    /// <summary>Shapes that cross the block sizes (KC = 256, MC = 72/144, NC = 1024/2048) or are lopsided.</summary>
    private static readonly (int M, int K, int N)[] LargeShapes =
    [
        (127, 300, 65),
        (145, 257, 33),
        (73, 513, 17),
        (6, 1000, 16),
        (200, 37, 129),
        (7, 3, 2049),
        (5, 2, 1025),
        (128, 784, 256),
        (13, 127, 1),
        (1, 127, 13),
        (300, 1, 300),
        (400, 300, 20),
    ];

    private const double SentinelValue = 12345.0;
    private const int Pad = 5;

    private static (bool TransA, bool TransB) Flags(Variant v) => v switch
    {
        Variant.AB => (false, false),
        Variant.ABt => (false, true),
        Variant.AtB => (true, false),
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>C = op(A)·op(B) (+ C₀) in double, and the per-element error scale Σ|a·b| + |C₀|.</summary>
    internal static (double[] C, double[] Scale) Naive(bool transA, bool transB, double[] a, double[] b, double[]? c0, int m, int k, int n)
    {
        var c = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c0 is null ? 0 : c0[(i * n) + j];
                double abs = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[(p * m) + i] : a[(i * k) + p];
                    double y = transB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }

                c[(i * n) + j] = sum;
                scale[(i * n) + j] = abs;
            }
        }

        return (c, scale);
    }

    private static double Tol<T>(int k) => TestUtil.IsDouble<T>() ? 1e-12 : (k + 4) * Math.Pow(2, -24);

    /// <summary>One product through the internal entry point (so a path can be forced), checked against the naive loop.</summary>
    private static void CheckProduct<T>(Variant v, int m, int k, int n, bool accumulate, GemmPath path, int seed, bool parallel = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        (bool ta, bool tb) = Flags(v);

        // Operands are longer than needed: the kernel must use only the leading elements.
        T[] a = TestUtil.Random<T>(rng, (m * k) + Pad);
        T[] b = TestUtil.Random<T>(rng, (k * n) + Pad);
        T[] c = TestUtil.Random<T>(rng, (m * n) + Pad);
        for (int i = m * n; i < c.Length; i++)
        {
            c[i] = T.CreateChecked(SentinelValue);
        }

        double[] c0 = TestUtil.ToDouble<T>(c.AsSpan(0, m * n));
        MatMulCore<T>.Run(ta, tb, a, b, c, m, k, n, accumulate, parallel, path);

        (double[] expected, double[] scale) = Naive(ta, tb, TestUtil.ToDouble<T>(a), TestUtil.ToDouble<T>(b), accumulate ? c0 : null, m, k, n);
        string context = $"{typeof(T).Name} {v} m={m} k={k} n={n} acc={accumulate} path={path} seed={seed}";
        TestUtil.AssertClose<T>(c, expected, scale, Tol<T>(k), context);
        for (int i = m * n; i < c.Length; i++)
        {
            Assert.True(double.CreateChecked(c[i]) == SentinelValue, $"{context}: wrote past the end of C at {i}");
        }
    }

    private static void Check(string type, Variant v, int m, int k, int n, bool accumulate, GemmPath path, int seed, bool parallel = false)
    {
        if (path == GemmPath.Blocked && !Vector256.IsHardwareAccelerated)
        {
            return; // the blocked engine needs Vector256; the Auto and Simple rows still run
        }

        if (type == "f64")
        {
            CheckProduct<double>(v, m, k, n, accumulate, path, seed, parallel);
        }
        else
        {
            CheckProduct<float>(v, m, k, n, accumulate, path, seed, parallel);
        }
    }

    /// <summary>Type × variant × path (by name: GemmPath is internal) × accumulate.</summary>
    public static TheoryData<string, Variant, string, bool> AllModes()
    {
        var data = new TheoryData<string, Variant, string, bool>();
        foreach (string type in new[] { "f64", "f32" })
        {
            foreach (Variant v in Enum.GetValues<Variant>())
            {
                foreach (GemmPath path in Enum.GetValues<GemmPath>())
                {
                    data.Add(type, v, path.ToString(), false);
                    data.Add(type, v, path.ToString(), true);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void MatMul_EdgeSizes_MatchNaive(string type, Variant v, string pathName, bool accumulate)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        int seed = 1;
        foreach (int m in EdgeSizes)
        {
            foreach (int k in EdgeSizes)
            {
                foreach (int n in EdgeSizes)
                {
                    Check(type, v, m, k, n, accumulate, path, seed++);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void MatMul_EmptyDims_ClearOrKeepC(string type, Variant v, string pathName, bool accumulate)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        int seed = 100;
        foreach ((int m, int k, int n) in new[] { (0, 5, 7), (5, 0, 7), (5, 7, 0), (0, 0, 0), (9, 0, 17), (0, 3, 0) })
        {
            Check(type, v, m, k, n, accumulate, path, seed++);
        }
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void MatMul_RandomSizes_MatchNaive(string type, Variant v, string pathName, bool accumulate)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        var sizes = new Random(4242);
        for (int t = 0; t < 25; t++)
        {
            int m = sizes.Next(1, 80), k = sizes.Next(1, 300), n = sizes.Next(1, 80);
            Check(type, v, m, k, n, accumulate, path, 1000 + t);
        }
    }

    /// <summary>Type × variant × every microkernel width this machine accelerates (512 on AVX-512, 256 everywhere with AVX2).</summary>
    public static TheoryData<string, Variant, int> Widths()
    {
        var data = new TheoryData<string, Variant, int>();
        foreach (string type in new[] { "f64", "f32" })
        {
            foreach (Variant v in Enum.GetValues<Variant>())
            {
                foreach (int bits in new[] { 512, 256 }.Where(b => b == 256 || Vector512.IsHardwareAccelerated))
                {
                    data.Add(type, v, bits);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatMul_EveryMicrokernelWidth_MatchesNaive(string type, Variant v, int bits)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return; // no blocked engine
        }

        using var width = GemmWidth.Force(bits);
        Assert.Equal(bits, GemmWidth.Bits);
        int seed = 5000;
        // Edges of the tile (MR = 6, NR = 2 vectors: 8 or 16 f64, 16 or 32 f32) and of the k block (256).
        foreach ((int m, int k, int n) in new[] { (1, 1, 1), (6, 3, 16), (7, 257, 33), (13, 40, 31), (12, 512, 64), (5, 9, 15), (37, 300, 70), (128, 784, 40) })
        {
            Check(type, v, m, k, n, accumulate: false, GemmPath.Blocked, seed++);
            Check(type, v, m, k, n, accumulate: true, GemmPath.Blocked, seed++);
        }
    }

    public static TheoryData<string, Variant, int, int, int> LargeCases()
    {
        var data = new TheoryData<string, Variant, int, int, int>();
        foreach (string type in new[] { "f64", "f32" })
        {
            foreach (Variant v in Enum.GetValues<Variant>())
            {
                foreach ((int m, int k, int n) in LargeShapes)
                {
                    data.Add(type, v, m, k, n);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void MatMul_LargeShapes_MatchNaive(string type, Variant v, int m, int k, int n)
    {
        Check(type, v, m, k, n, accumulate: false, GemmPath.Auto, seed: m + k + n);
        Check(type, v, m, k, n, accumulate: true, GemmPath.Auto, seed: m + k + n + 1);
    }

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void MatMul_Parallel_MatchesNaive(string type, Variant v, int m, int k, int n)
    {
        Check(type, v, m, k, n, accumulate: true, GemmPath.Auto, seed: 7, parallel: true);
    }

    /// <summary>Each output element is computed by one thread in the same order, so the split changes nothing.</summary>
    [Theory]
    [InlineData(128, 784, 256)]
    [InlineData(600, 400, 10)]
    [InlineData(12, 500, 400)]
    public void MatMul_Parallel_IsBitwiseEqualToSerial(int m, int k, int n)
    {
        var rng = new Random(11);
        double[] a = TestUtil.Random<double>(rng, m * k), b = TestUtil.Random<double>(rng, k * n);
        var serial = new double[m * n];
        var parallel = new double[m * n];
        MatMul.Multiply(a, b, serial, m, k, n);
        Assert.True(2L * m * k * n >= MatMul.ParallelMinFlops, "the shape must be large enough to be split");
        MatMul.Multiply(a, b, parallel, m, k, n, parallel: true);
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void MatMul_PublicOverloads_MatchNaive()
    {
        var rng = new Random(5);
        const int m = 37, k = 45, n = 29;
        double[] a = TestUtil.Random<double>(rng, m * k), b = TestUtil.Random<double>(rng, k * n);
        double[] at = Transpose(a, m, k), bt = Transpose(b, k, n);
        (double[] expected, double[] scale) = Naive(false, false, a, b, null, m, k, n);

        var c = new double[m * n];
        MatMul.Multiply(a, b, c, m, k, n);
        TestUtil.AssertClose<double>(c, expected, scale, 1e-12, "Multiply");
        MatMul.MultiplyTransposeB(a, bt, c, m, k, n);
        TestUtil.AssertClose<double>(c, expected, scale, 1e-12, "MultiplyTransposeB");
        MatMul.MultiplyTransposeA(at, b, c, m, k, n);
        TestUtil.AssertClose<double>(c, expected, scale, 1e-12, "MultiplyTransposeA");

        float[] af = Array.ConvertAll(a, x => (float)x), bf = Array.ConvertAll(b, x => (float)x);
        float[] atf = Array.ConvertAll(at, x => (float)x), btf = Array.ConvertAll(bt, x => (float)x);
        (double[] ef, double[] sf) = Naive(false, false, TestUtil.ToDouble<float>(af), TestUtil.ToDouble<float>(bf), null, m, k, n);
        var cf = new float[m * n];
        double tol = (k + 4) * Math.Pow(2, -24);
        MatMul.Multiply(af, bf, cf, m, k, n);
        TestUtil.AssertClose<float>(cf, ef, sf, tol, "Multiply f32");
        MatMul.MultiplyTransposeB(af, btf, cf, m, k, n);
        TestUtil.AssertClose<float>(cf, ef, sf, tol, "MultiplyTransposeB f32");
        MatMul.MultiplyTransposeA(atf, bf, cf, m, k, n);
        TestUtil.AssertClose<float>(cf, ef, sf, tol, "MultiplyTransposeA f32");
    }

    [Fact]
    public void MatMul_ExactSmallProduct()
    {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        double[] a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12];
        var c = new double[4];
        MatMul.Multiply(a, b, c, 2, 3, 2);
        Assert.Equal([58.0, 64, 139, 154], c);
        MatMul.Multiply(a, b, c, 2, 3, 2, accumulate: true);
        Assert.Equal([116.0, 128, 278, 308], c);
    }

    [Fact]
    public void MatMul_ConcurrentCallers_UseSeparateScratch()
    {
        const int m = 70, k = 300, n = 90;
        var rng = new Random(9);
        double[] a = TestUtil.Random<double>(rng, m * k), b = TestUtil.Random<double>(rng, k * n);
        var expected = new double[m * n];
        MatMul.Multiply(a, b, expected, m, k, n);
        Parallel.For(0, 16, _ =>
        {
            var c = new double[m * n];
            for (int rep = 0; rep < 5; rep++)
            {
                MatMul.Multiply(a, b, c, m, k, n);
                Assert.Equal(expected, c);
            }
        });
    }

    [Fact]
    public void MatMul_ScratchGrowsAndShrinks_StaysCorrect()
    {
        // Large, then small, then larger again on the same thread: the reused scratch must not leak state.
        foreach ((int m, int k, int n) in new[] { (150, 600, 300), (9, 17, 33), (160, 700, 2100), (8, 8, 8) })
        {
            Check("f32", Variant.AB, m, k, n, accumulate: false, GemmPath.Blocked, seed: m);
            Check("f64", Variant.ABt, m, k, n, accumulate: true, GemmPath.Blocked, seed: n);
        }
    }

    [Fact]
    public void MatMul_InvalidArguments_Throw()
    {
        var a = new double[6];
        var b = new double[6];
        var c = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(a, b, c, -1, 3, 2));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(a, b, c, 2, 4, 2));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(a, b, c, 2, 3, 3));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(a, b, a.AsSpan(0, 4), 2, 3, 2));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(a, b, b.AsSpan(2), 2, 3, 2));
        Assert.Throws<ArgumentException>(() => MatMul.MultiplyVector(a, b, a.AsSpan(1), 2, 3));
    }

    [Theory]
    [InlineData("f64")]
    [InlineData("f32")]
    public void MatVec_AllVariants_MatchNaive(string type)
    {
        if (type == "f64")
        {
            CheckMatVec<double>();
        }
        else
        {
            CheckMatVec<float>();
        }
    }

    private static void CheckMatVec<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(21);
        foreach (int m in new[] { 0, 1, 7, 8, 9, 33, 127 })
        {
            foreach (int n in new[] { 0, 1, 7, 8, 9, 17, 129 })
            {
                T[] a = TestUtil.Random<T>(rng, m * n);
                T[] x = TestUtil.Random<T>(rng, n), xt = TestUtil.Random<T>(rng, m);
                foreach (bool acc in new[] { false, true })
                {
                    string ctx = $"{typeof(T).Name} m={m} n={n} acc={acc}";

                    // y = A·x is the product [m,n]·[n,1]; y = Aᵀ·x is [n,m]ᵀ... i.e. Aᵀ·X with X = [m,1].
                    T[] y = TestUtil.Random<T>(rng, m);
                    double[] y0 = TestUtil.ToDouble<T>(y);
                    if (typeof(T) == typeof(double))
                    {
                        MatMul.MultiplyVector((double[])(object)a, (double[])(object)x, (double[])(object)y, m, n, acc);
                    }
                    else
                    {
                        MatMul.MultiplyVector((float[])(object)a, (float[])(object)x, (float[])(object)y, m, n, acc);
                    }

                    (double[] e, double[] s) = Naive(false, false, TestUtil.ToDouble<T>(a), TestUtil.ToDouble<T>(x), acc ? y0 : null, m, n, 1);
                    TestUtil.AssertClose<T>(y, e, s, Tol<T>(n), "MultiplyVector " + ctx);

                    T[] yt = TestUtil.Random<T>(rng, n);
                    double[] yt0 = TestUtil.ToDouble<T>(yt);
                    if (typeof(T) == typeof(double))
                    {
                        MatMul.MultiplyTransposeAVector((double[])(object)a, (double[])(object)xt, (double[])(object)yt, m, n, acc);
                    }
                    else
                    {
                        MatMul.MultiplyTransposeAVector((float[])(object)a, (float[])(object)xt, (float[])(object)yt, m, n, acc);
                    }

                    (e, s) = Naive(true, false, TestUtil.ToDouble<T>(a), TestUtil.ToDouble<T>(xt), acc ? yt0 : null, n, m, 1);
                    TestUtil.AssertClose<T>(yt, e, s, Tol<T>(m), "MultiplyTransposeAVector " + ctx);
                }

                // A += α·x·yᵀ, reference (α·x_i)·y_j + A_ij.
                T[] outer = TestUtil.Random<T>(rng, m * n);
                double[] o0 = TestUtil.ToDouble<T>(outer);
                T[] u = TestUtil.Random<T>(rng, m), w = TestUtil.Random<T>(rng, n);
                const double alpha = -0.75;
                if (typeof(T) == typeof(double))
                {
                    MatMul.AddOuterProduct((double[])(object)u, (double[])(object)w, (double[])(object)outer, m, n, alpha);
                }
                else
                {
                    MatMul.AddOuterProduct((float[])(object)u, (float[])(object)w, (float[])(object)outer, m, n, (float)alpha);
                }

                var eo = new double[m * n];
                var so = new double[m * n];
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double t = alpha * double.CreateChecked(u[i]) * double.CreateChecked(w[j]);
                        eo[(i * n) + j] = o0[(i * n) + j] + t;
                        so[(i * n) + j] = Math.Abs(o0[(i * n) + j]) + Math.Abs(t);
                    }
                }

                TestUtil.AssertClose<T>(outer, eo, so, Tol<T>(2), $"AddOuterProduct {typeof(T).Name} m={m} n={n}");
            }
        }
    }

    internal static double[] Transpose(double[] x, int rows, int cols)
    {
        var t = new double[x.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = x[(i * cols) + j];
            }
        }

        return t;
    }
}
