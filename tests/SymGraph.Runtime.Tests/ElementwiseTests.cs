namespace SymGraph.Runtime.Tests;

/// <summary>
/// Element-wise kernels against System.Math / MathF, on lengths that exercise vector tails.
/// Tolerances: arithmetic is exact (IEEE, one rounding); exp, log, tanh and sigmoid within a
/// relative 1e-14 (float64) or 2e-6 (float32) of the correctly rounded value (log: of |log x| + 1;
/// float32 tanh: of |tanh x| + 0.05).
/// </summary>
public sealed class ElementwiseTests
{
    private static readonly int[] Lengths = [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1000];

    private static void Unary(Action<double[], double[]> kernel, Func<double, double> reference, double lo, double hi, double tol, double floor, string name)
    {
        foreach (int n in Lengths)
        {
            double[] x = TestUtil.Random<double>(new Random(n), n, lo, hi);
            var y = new double[n];
            kernel(x, y);
            double[] e = x.Select(reference).ToArray();
            double[] s = e.Select(v => Math.Abs(v) + floor).ToArray();
            TestUtil.AssertClose<double>(y, e, s, tol, $"{name} n={n}");
        }
    }

    private static void UnaryF(Action<float[], float[]> kernel, Func<double, double> reference, double lo, double hi, double tol, double floor, string name)
    {
        foreach (int n in Lengths)
        {
            float[] x = TestUtil.Random<float>(new Random(n), n, lo, hi);
            var y = new float[n];
            kernel(x, y);
            double[] e = x.Select(v => reference(v)).ToArray();
            double[] s = e.Select(v => Math.Abs(v) + floor).ToArray();
            TestUtil.AssertClose<float>(y, e, s, tol, $"{name} (f32) n={n}");
        }
    }

    [Fact]
    public void Transcendentals_MatchMath()
    {
        const double t64 = 1e-14, t32 = 2e-6;
        Unary((x, y) => Elementwise.Exp(x, y), Math.Exp, -700, 700, t64, 0, "Exp");
        Unary((x, y) => Elementwise.Log(x, y), Math.Log, 1e-300, 10, t64, 1, "Log");
        Unary((x, y) => Elementwise.Tanh(x, y), Math.Tanh, -20, 20, t64, 0, "Tanh");
        Unary((x, y) => Elementwise.Sigmoid(x, y), v => 1 / (1 + Math.Exp(-v)), -40, 40, t64, 0, "Sigmoid");
        UnaryF((x, y) => Elementwise.Exp(x, y), Math.Exp, -80, 80, t32, 0, "Exp");
        UnaryF((x, y) => Elementwise.Log(x, y), Math.Log, 1e-30, 10, t32, 1, "Log");
        // float32 tanh is accurate to about one ulp of 1 near 0 (absolute ~4e-8), not relatively: floor 0.05.
        UnaryF((x, y) => Elementwise.Tanh(x, y), Math.Tanh, -10, 10, t32, 0.05, "Tanh");
        UnaryF((x, y) => Elementwise.Sigmoid(x, y), v => 1 / (1 + Math.Exp(-v)), -20, 20, t32, 0, "Sigmoid");
    }

    [Fact]
    public void Arithmetic_IsExact()
    {
        foreach (int n in Lengths)
        {
            var rng = new Random(n);
            double[] x = TestUtil.Random<double>(rng, n), y = TestUtil.Random<double>(rng, n, 0.5, 2);
            var d = new double[n];
            Elementwise.Add(x, y, d);
            Assert.Equal(x.Zip(y, (a, b) => a + b), d);
            Elementwise.Subtract(x, y, d);
            Assert.Equal(x.Zip(y, (a, b) => a - b), d);
            Elementwise.Multiply(x, y, d);
            Assert.Equal(x.Zip(y, (a, b) => a * b), d);
            Elementwise.Divide(x, y, d);
            Assert.Equal(x.Zip(y, (a, b) => a / b), d);
            Elementwise.Scale(-2.5, x, d);
            Assert.Equal(x.Select(a => -2.5 * a), d);
            Elementwise.Relu(x, d);
            Assert.Equal(x.Select(a => a > 0 ? a : 0), d);

            float[] xf = TestUtil.Random<float>(rng, n), yf = TestUtil.Random<float>(rng, n, 0.5, 2);
            var df = new float[n];
            Elementwise.Add(xf, yf, df);
            Assert.Equal(xf.Zip(yf, (a, b) => a + b), df);
            Elementwise.Subtract(xf, yf, df);
            Assert.Equal(xf.Zip(yf, (a, b) => a - b), df);
            Elementwise.Multiply(xf, yf, df);
            Assert.Equal(xf.Zip(yf, (a, b) => a * b), df);
            Elementwise.Divide(xf, yf, df);
            Assert.Equal(xf.Zip(yf, (a, b) => a / b), df);
            Elementwise.Scale(4f, xf, df);
            Assert.Equal(xf.Select(a => 4f * a), df);
            Elementwise.Relu(xf, df);
            Assert.Equal(xf.Select(a => a > 0 ? a : 0), df);
        }
    }

    [Fact]
    public void ReluBackward_MasksWherePositive_WithZeroAtTheKink()
    {
        foreach (int n in Lengths)
        {
            var rng = new Random(n + 1);

            // Integers in [-2, 2] so exact zeros (the kink) occur.
            double[] x = Enumerable.Range(0, n).Select(_ => (double)rng.Next(-2, 3)).ToArray();
            double[] dy = TestUtil.Random<double>(rng, n);
            var dx = new double[n];
            Elementwise.ReluBackward(x, dy, dx);
            Assert.Equal(x.Zip(dy, (a, g) => a > 0 ? g : 0), dx);

            float[] xf = Array.ConvertAll(x, v => (float)v), dyf = Array.ConvertAll(dy, v => (float)v);
            var dxf = new float[n];
            Elementwise.ReluBackward(xf, dyf, dxf);
            Assert.Equal(xf.Zip(dyf, (a, g) => a > 0 ? g : 0), dxf);

            // In place over dy.
            Elementwise.ReluBackward(xf, dyf, dyf);
            Assert.Equal(dxf, dyf);
        }

        var nan = new double[1];
        Elementwise.ReluBackward([double.NaN], [1.0], nan);
        Assert.Equal(0.0, nan[0]);
        Elementwise.ReluBackward([-0.0], [1.0], nan);
        Assert.Equal(0.0, nan[0]);
    }

    [Fact]
    public void Axpy_MatchesMultiplyAdd()
    {
        foreach (int n in Lengths)
        {
            var rng = new Random(n + 7);
            double[] x = TestUtil.Random<double>(rng, n), y = TestUtil.Random<double>(rng, n);
            double[] expected = x.Zip(y, (a, b) => (0.3 * a) + b).ToArray();
            double[] scale = x.Zip(y, (a, b) => Math.Abs(0.3 * a) + Math.Abs(b)).ToArray();
            Elementwise.Axpy(0.3, x, y);
            TestUtil.AssertClose<double>(y, expected, scale, 1e-15, $"Axpy n={n}");

            float[] xf = TestUtil.Random<float>(rng, n), yf = TestUtil.Random<float>(rng, n);
            double[] ef = xf.Zip(yf, (a, b) => (0.3f * (double)a) + b).ToArray();
            double[] sf = xf.Zip(yf, (a, b) => Math.Abs(0.3 * a) + Math.Abs(b)).ToArray();
            Elementwise.Axpy(0.3f, xf, yf);
            TestUtil.AssertClose<float>(yf, ef, sf, 2e-7, $"Axpy f32 n={n}");
        }

        Assert.Throws<ArgumentException>(() => Elementwise.Axpy(1.0, new double[3], new double[4]));
    }

    [Fact]
    public void AddRowVector_BroadcastsOverRows()
    {
        foreach (int rows in new[] { 0, 1, 5 })
        {
            foreach (int n in new[] { 0, 1, 7, 8, 9, 33 })
            {
                var rng = new Random((rows * 100) + n);
                double[] x = TestUtil.Random<double>(rng, rows * n), b = TestUtil.Random<double>(rng, n);
                var d = new double[rows * n];
                Elementwise.AddRowVector(x, b, d, rows, n);
                Assert.Equal(x.Select((v, i) => v + b[i % Math.Max(n, 1)]), d);

                // In place.
                Elementwise.AddRowVector(x, b, x, rows, n);
                Assert.Equal(d, x);

                float[] xf = TestUtil.Random<float>(rng, rows * n), bf = TestUtil.Random<float>(rng, n);
                var df = new float[rows * n];
                Elementwise.AddRowVector(xf, bf, df, rows, n);
                Assert.Equal(xf.Select((v, i) => v + bf[i % Math.Max(n, 1)]), df);
            }
        }

        var m = new double[6];
        Assert.Throws<ArgumentException>(() => Elementwise.AddRowVector(m, m.AsSpan(0, 3), m, 2, 3));
        Assert.Throws<ArgumentException>(() => Elementwise.AddRowVector(m, new double[2], new double[6], 2, 3));
    }

    [Fact]
    public void Elementwise_PartialOverlap_Throws()
    {
        var a = new double[10];
        Assert.Throws<ArgumentException>(() => Elementwise.Add(a.AsSpan(0, 8), a.AsSpan(0, 8), a.AsSpan(1, 8)));
        Assert.Throws<ArgumentException>(() => Elementwise.ReluBackward(a.AsSpan(0, 8), a.AsSpan(2, 8), a.AsSpan(1, 8)));
    }
}
