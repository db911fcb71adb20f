using System.Numerics;

namespace SymGraph.Runtime.Tests;

/// <summary>
/// Softmax family against straightforward double-precision formulas (each row shifted by its max).
/// Tolerances, per element, as |Δ| ≤ tol·scale: float64 tol = 1e-12; float32 tol = (n + 8)·2⁻²⁴
/// (plus |x − max|·2⁻²⁴ inside exp), with the scale the natural magnitude of each result
/// (the probability itself for softmax, |x − max| + |log Σ| + 1 for log-softmax, and so on).
/// </summary>
public sealed class SoftmaxTests
{
    private static readonly int[] Lengths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 33, 127, 300, 600];

    private static double Tol<T>(int n) => TestUtil.IsDouble<T>() ? 1e-12 : (n + 8) * Math.Pow(2, -24);

    /// <summary>Row max, Σ exp(x − max), in double.</summary>
    private static (double Max, double Sum) Shift(double[] x, int offset, int n)
    {
        double m = double.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            m = Math.Max(m, x[offset + j]);
        }

        double s = 0;
        for (int j = 0; j < n; j++)
        {
            s += Math.Exp(x[offset + j] - m);
        }

        return (m, s);
    }

    public static TheoryData<string, double> TypesAndMagnitudes() => new()
    {
        { "f64", 1 },
        { "f64", 30 },
        { "f64", 1000 },
        { "f32", 1 },
        { "f32", 30 },
        { "f32", 1000 },
    };

    [Theory]
    [MemberData(nameof(TypesAndMagnitudes))]
    public void Forward_RandomRows_MatchReference(string type, double magnitude)
    {
        if (type == "f64")
        {
            CheckForward<double>(magnitude);
        }
        else
        {
            CheckForward<float>(magnitude);
        }
    }

    private static void CheckForward<T>(double magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 0;
        foreach (int n in Lengths)
        {
            foreach (int rows in new[] { 1, 3 })
            {
                var rng = new Random(seed++);

                // Logits around ±magnitude with a spread of a few units, so probabilities do not all underflow.
                double center = magnitude * (rng.NextDouble() < 0.5 ? -1 : 1);
                T[] x = TestUtil.Random<T>(rng, rows * n, center - 5, center + 5);
                double[] xd = TestUtil.ToDouble<T>(x);
                T[] targets = TestUtil.Random<T>(rng, rows * n, 0, 1);
                double[] td = TestUtil.ToDouble<T>(targets);

                var p = new T[rows * n];
                var lp = new T[rows * n];
                var lse = new T[rows];
                var loss = new T[rows];
                Api.Softmax<T>(x, p, rows, n);
                Api.LogSoftmax<T>(x, lp, rows, n);
                Api.LogSumExp<T>(x, lse, rows, n);
                Api.CrossEntropy<T>(x, targets, loss, rows, n);

                double[] ep = new double[rows * n], sp = new double[rows * n];
                double[] elp = new double[rows * n], slp = new double[rows * n];
                double[] expLse = new double[rows], slse = new double[rows];
                double[] eloss = new double[rows], sloss = new double[rows];
                double eps = TestUtil.Eps<T>(), tol = Tol<T>(n);
                for (int r = 0; r < rows; r++)
                {
                    (double m, double s) = Shift(xd, r * n, n);
                    double logS = Math.Log(s);
                    expLse[r] = n == 0 ? double.NegativeInfinity : m + logS;
                    slse[r] = Math.Abs(m) + Math.Abs(logS) + 1;
                    for (int j = 0; j < n; j++)
                    {
                        int i = (r * n) + j;
                        double shifted = xd[i] - m;

                        // Inside exp, an input error of eps·|x − max| becomes a relative error of the same size.
                        double expSlack = 1 + (Math.Abs(shifted) * eps / tol);
                        ep[i] = Math.Exp(shifted) / s;
                        sp[i] = ep[i] * expSlack;
                        elp[i] = shifted - logS;
                        slp[i] = Math.Abs(shifted) + Math.Abs(logS) + 1;
                        eloss[r] -= td[i] * elp[i];
                        sloss[r] += Math.Abs(td[i]) * slp[i];
                    }
                }

                string ctx = $"{typeof(T).Name} n={n} rows={rows} magnitude={magnitude}";
                TestUtil.AssertClose<T>(p, ep, sp, tol, "Softmax " + ctx);
                TestUtil.AssertClose<T>(lp, elp, slp, tol, "LogSoftmax " + ctx);
                TestUtil.AssertClose<T>(lse, expLse, slse, tol, "LogSumExp " + ctx);
                TestUtil.AssertClose<T>(loss, eloss, sloss, tol, "CrossEntropyLogits " + ctx);
            }
        }
    }

    [Theory]
    [InlineData("f64")]
    [InlineData("f32")]
    public void Backward_RandomRows_MatchReference(string type)
    {
        if (type == "f64")
        {
            CheckBackward<double>();
        }
        else
        {
            CheckBackward<float>();
        }
    }

    private static void CheckBackward<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 77;
        foreach (int n in Lengths)
        {
            const int rows = 3;
            var rng = new Random(seed++);
            T[] x = TestUtil.Random<T>(rng, rows * n, -4, 4);
            T[] ybar = TestUtil.Random<T>(rng, rows * n);
            T[] targets = TestUtil.Random<T>(rng, rows * n, 0, 1);
            T[] lossBar = TestUtil.Random<T>(rng, rows, -2, 2);
            var p = new T[rows * n];
            var lp = new T[rows * n];
            Api.Softmax<T>(x, p, rows, n);
            Api.LogSoftmax<T>(x, lp, rows, n);

            var sb = new T[rows * n];
            var lsb = new T[rows * n];
            var ceb = new T[rows * n];
            Api.SoftmaxBackward<T>(p, ybar, sb, rows, n);
            Api.LogSoftmaxBackward<T>(lp, ybar, lsb, rows, n);
            Api.CrossEntropyBackward<T>(x, targets, lossBar, ceb, rows, n);

            double[] pd = TestUtil.ToDouble<T>(p), lpd = TestUtil.ToDouble<T>(lp), gd = TestUtil.ToDouble<T>(ybar);
            double[] xd = TestUtil.ToDouble<T>(x), td = TestUtil.ToDouble<T>(targets), lbd = TestUtil.ToDouble<T>(lossBar);
            double[] esb = new double[rows * n], ssb = new double[rows * n];
            double[] elsb = new double[rows * n], slsb = new double[rows * n];
            double[] eceb = new double[rows * n], sceb = new double[rows * n];
            for (int r = 0; r < rows; r++)
            {
                double dot = 0, absDot = 0, gSum = 0, gAbs = 0, ySum = 0, yAbs = 0;
                for (int j = 0; j < n; j++)
                {
                    int i = (r * n) + j;
                    dot += gd[i] * pd[i];
                    absDot += Math.Abs(gd[i] * pd[i]);
                    gSum += gd[i];
                    gAbs += Math.Abs(gd[i]);
                    ySum += td[i];
                    yAbs += Math.Abs(td[i]);
                }

                (double m, double s) = Shift(xd, r * n, n);
                for (int j = 0; j < n; j++)
                {
                    int i = (r * n) + j;
                    esb[i] = pd[i] * (gd[i] - dot);
                    ssb[i] = pd[i] * (Math.Abs(gd[i]) + absDot);
                    double e = Math.Exp(lpd[i]);
                    elsb[i] = gd[i] - (e * gSum);
                    slsb[i] = Math.Abs(gd[i]) + (e * gAbs * (1 + Math.Abs(lpd[i])));
                    double prob = Math.Exp(xd[i] - m) / s;
                    eceb[i] = lbd[r] * ((prob * ySum) - td[i]);
                    sceb[i] = Math.Abs(lbd[r]) * ((prob * yAbs * (n + 1 + Math.Abs(xd[i] - m))) + Math.Abs(td[i]));
                }
            }

            string ctx = $"{typeof(T).Name} n={n}";
            double tol = Tol<T>(n);
            TestUtil.AssertClose<T>(sb, esb, ssb, tol, "SoftmaxBackward " + ctx);
            TestUtil.AssertClose<T>(lsb, elsb, slsb, tol, "LogSoftmaxBackward " + ctx);
            TestUtil.AssertClose<T>(ceb, eceb, sceb, tol, "CrossEntropyLogitsBackward " + ctx);
        }
    }

    [Fact]
    public void CrossEntropyBackward_MatchesCentralDifferences()
    {
        const int rows = 2, n = 5;
        var rng = new Random(8);
        double[] z = TestUtil.Random<double>(rng, rows * n, -3, 3);
        double[] y = [0.1, 0.2, 0.3, 0.4, 0.5, 0, 0, 1, 0, 0];
        double[] lossBar = [0.7, -1.3];
        var zbar = new double[rows * n];
        SoftmaxKernels.CrossEntropyLogitsBackward(z, y, lossBar, zbar, rows, n);

        // d/dz_i of Σ_r lossBar[r]·loss[r](z).
        double Objective(double[] zz)
        {
            var loss = new double[rows];
            SoftmaxKernels.CrossEntropyLogits(zz, y, loss, rows, n);
            return (lossBar[0] * loss[0]) + (lossBar[1] * loss[1]);
        }

        const double h = 1e-5;
        for (int i = 0; i < z.Length; i++)
        {
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (Objective(plus) - Objective(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - zbar[i]) < 1e-8, $"z̄[{i}] = {zbar[i]}, central difference {fd}");
        }
    }

    [Fact]
    public void SoftmaxFamily_LogitsOfMagnitude1000_AreFiniteAndExact()
    {
        double[] x = [1000, 1000, -1000, -1000, 1000, 0];
        var p = new double[6];
        SoftmaxKernels.Softmax(x, p, 3, 2);
        Assert.Equal([0.5, 0.5, 0.5, 0.5, 1, 0], p);

        var lp = new double[6];
        SoftmaxKernels.LogSoftmax(x, lp, 3, 2);
        double ln2 = Math.Log(2);
        Assert.Equal([-ln2, -ln2, -ln2, -ln2, 0, -1000], lp);

        var lse = new double[3];
        SoftmaxKernels.LogSumExp(x, lse, 3, 2);
        Assert.Equal([1000 + ln2, -1000 + ln2, 1000], lse);

        // One-hot targets: class 0 of [1000, 0] costs log(1 + e^-1000) = 0, class 1 costs 1000.
        double[] z = [1000, 0, 1000, 0];
        double[] y = [1, 0, 0, 1];
        var loss = new double[2];
        SoftmaxKernels.CrossEntropyLogits(z, y, loss, 2, 2);
        Assert.Equal([0.0, 1000.0], loss);

        var zbar = new double[4];
        SoftmaxKernels.CrossEntropyLogitsBackward(z, y, [1.0, 0.5], zbar, 2, 2);
        Assert.Equal([0.0, 0.0, 0.5, -0.5], zbar);

        float[] xf = [1000f, 999f, -1000f, 0f];
        var pf = new float[4];
        SoftmaxKernels.Softmax(xf, pf, 1, 4);
        Assert.All(pf, v => Assert.True(float.IsFinite(v)));
        double e = Math.Exp(-1);
        Assert.Equal(1 / (1 + e), pf[0], 6);
        Assert.Equal(e / (1 + e), pf[1], 6);
        Assert.Equal(0f, pf[2]);
        Assert.Equal(0f, pf[3]);
    }

    [Fact]
    public void SoftmaxFamily_NonFiniteLogits_FollowTheDocumentedRules()
    {
        double ninf = double.NegativeInfinity;
        double[] x = [ninf, 0, ninf, ninf, double.PositiveInfinity, 0];
        var p = new double[6];
        SoftmaxKernels.Softmax(x, p, 3, 2);
        // The interpreter's rule: entries equal to an infinite maximum shift to 0, so a row of all −∞ is
        // uniform and the entries at +∞ share the mass.
        Assert.Equal([0.0, 1.0, 0.5, 0.5, 1.0, 0.0], p);
        SoftmaxKernels.Softmax(x, x, 3, 2); // in place, the same
        Assert.Equal(p, x);
        x = [ninf, 0, ninf, ninf, double.PositiveInfinity, 0];

        var lse = new double[3];
        SoftmaxKernels.LogSumExp(x, lse, 3, 2);
        Assert.Equal([0.0, ninf, double.PositiveInfinity], lse);

        var lp = new double[2];
        SoftmaxKernels.LogSoftmax(x.AsSpan(0, 2), lp, 1, 2);
        Assert.Equal([ninf, 0.0], lp);

        var lp2 = new double[2];
        SoftmaxKernels.LogSoftmax(x.AsSpan(2, 2), lp2, 1, 2);
        Assert.Equal([-Math.Log(2), -Math.Log(2)], lp2);

        // Cross-entropy from logits: a class with target 0 adds nothing, also at a logit of −∞.
        var loss = new double[3];
        SoftmaxKernels.CrossEntropyLogits(x, [0.0, 1, 0.5, 0.5, 1, 0], loss, 3, 2);
        Assert.Equal([0.0, Math.Log(2), 0.0], loss);

        var empty = new double[2];
        SoftmaxKernels.LogSumExp(ReadOnlySpan<double>.Empty, empty, 2, 0);
        Assert.Equal([ninf, ninf], empty);
    }

    [Fact]
    public void SoftmaxFamily_InPlace_MatchesOutOfPlace()
    {
        const int rows = 4, n = 300;
        var rng = new Random(2);
        double[] x = TestUtil.Random<double>(rng, rows * n, -10, 10);
        double[] g = TestUtil.Random<double>(rng, rows * n);
        double[] y = TestUtil.Random<double>(rng, rows * n, 0, 1);
        double[] lossBar = [1, 2, 3, 4];

        void Same(Action<double[], double[]> outOfPlace, Action<double[]> inPlace, double[] input, string name)
        {
            var expected = new double[input.Length];
            outOfPlace(input, expected);
            double[] buffer = (double[])input.Clone();
            inPlace(buffer);
            Assert.True(expected.SequenceEqual(buffer), name);
        }

        Same((i, o) => SoftmaxKernels.Softmax(i, o, rows, n), b => SoftmaxKernels.Softmax(b, b, rows, n), x, "Softmax");
        Same((i, o) => SoftmaxKernels.LogSoftmax(i, o, rows, n), b => SoftmaxKernels.LogSoftmax(b, b, rows, n), x, "LogSoftmax");
        Same((i, o) => SoftmaxKernels.SoftmaxBackward(x, i, o, rows, n), b => SoftmaxKernels.SoftmaxBackward(x, b, b, rows, n), g, "SoftmaxBackward x̄ = ȳ");
        Same((i, o) => SoftmaxKernels.SoftmaxBackward(i, g, o, rows, n), b => SoftmaxKernels.SoftmaxBackward(b, g, b, rows, n), x, "SoftmaxBackward x̄ = y");
        Same((i, o) => SoftmaxKernels.LogSoftmaxBackward(x, i, o, rows, n), b => SoftmaxKernels.LogSoftmaxBackward(x, b, b, rows, n), g, "LogSoftmaxBackward x̄ = ȳ");
        Same((i, o) => SoftmaxKernels.LogSoftmaxBackward(i, g, o, rows, n), b => SoftmaxKernels.LogSoftmaxBackward(b, g, b, rows, n), x, "LogSoftmaxBackward x̄ = y");
        Same((i, o) => SoftmaxKernels.CrossEntropyLogitsBackward(i, y, lossBar, o, rows, n), b => SoftmaxKernels.CrossEntropyLogitsBackward(b, y, lossBar, b, rows, n), x, "CrossEntropyLogitsBackward z̄ = z");
    }

    [Fact]
    public void SoftmaxFamily_InvalidArguments_Throw()
    {
        var x = new double[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxKernels.Softmax(x, new double[12], -1, 3));
        Assert.Throws<ArgumentException>(() => SoftmaxKernels.Softmax(x, new double[11], 3, 4));
        Assert.Throws<ArgumentException>(() => SoftmaxKernels.Softmax(x.AsSpan(0, 8), x.AsSpan(4, 8), 2, 4));
        Assert.Throws<ArgumentException>(() => SoftmaxKernels.LogSumExp(x, x.AsSpan(0, 3), 3, 4));
        Assert.Throws<ArgumentException>(() => SoftmaxKernels.CrossEntropyLogitsBackward(x, x, new double[3], x, 3, 4));
    }
}
