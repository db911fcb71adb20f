using System.Numerics;

namespace SymGraph.Runtime.Tests;

/// <summary>
/// Axis reductions against straightforward loops in double. Sums: |Δ| ≤ tol·Σ|x| with tol = 1e-12
/// (float64) or (n + 4)·2⁻²⁴ (float32). Maxima and tie counts are exact.
/// </summary>
public sealed class ReductionTests
{
    private static readonly int[] Dims = [0, 1, 2, 3, 7, 8, 9, 17, 33];

    private static double SumTol<T>(int n) => TestUtil.IsDouble<T>() ? 1e-12 : (n + 4) * Math.Pow(2, -24);

    [Theory]
    [InlineData("f64", false)]
    [InlineData("f64", true)]
    [InlineData("f32", false)]
    [InlineData("f32", true)]
    public void Sum_AllAxisViews_MatchLoop(string type, bool accumulate)
    {
        if (type == "f64")
        {
            CheckSums<double>(accumulate);
        }
        else
        {
            CheckSums<float>(accumulate);
        }
    }

    private static void CheckSums<T>(bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 0;
        foreach (int outer in new[] { 0, 1, 2, 5 })
        {
            foreach (int n in Dims.Append(130))
            {
                foreach (int inner in Dims.Append(65))
                {
                    var rng = new Random(seed++);
                    T[] x = TestUtil.Random<T>(rng, (outer * n * inner) + 3);
                    T[] y = TestUtil.Random<T>(rng, (outer * inner) + 3);
                    double[] y0 = TestUtil.ToDouble<T>(y);
                    Api.Sum<T>(x, y, outer, n, inner, accumulate);

                    var expected = new double[outer * inner];
                    var scale = new double[outer * inner];
                    for (int o = 0; o < outer; o++)
                    {
                        for (int j = 0; j < inner; j++)
                        {
                            double s = accumulate ? y0[(o * inner) + j] : 0, a = Math.Abs(s);
                            for (int i = 0; i < n; i++)
                            {
                                double v = double.CreateChecked(x[(((o * n) + i) * inner) + j]);
                                s += v;
                                a += Math.Abs(v);
                            }

                            expected[(o * inner) + j] = s;
                            scale[(o * inner) + j] = a;
                        }
                    }

                    string ctx = $"{typeof(T).Name} outer={outer} n={n} inner={inner} acc={accumulate}";
                    TestUtil.AssertClose<T>(y, expected, scale, SumTol<T>(n), ctx);
                    for (int t = outer * inner; t < y.Length; t++)
                    {
                        Assert.True(y[t] == T.CreateChecked(y0[t]), $"{ctx}: wrote past the result");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("f64")]
    [InlineData("f32")]
    public void ColumnAndRowSums_MatchLoop(string type)
    {
        if (type == "f64")
        {
            CheckMatrixSums<double>();
        }
        else
        {
            CheckMatrixSums<float>();
        }
    }

    private static void CheckMatrixSums<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(3);
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 8, 127, 128 })
        {
            foreach (int cols in new[] { 0, 1, 7, 8, 9, 10, 33, 256 })
            {
                T[] x = TestUtil.Random<T>(rng, rows * cols);
                var colSums = new T[cols];
                var rowSums = new T[rows];
                Api.ColumnSums<T>(x, colSums, rows, cols, false);
                Api.RowSums<T>(x, rowSums, rows, cols, false);
                double[] ec = new double[cols], sc = new double[cols], er = new double[rows], sr = new double[rows];
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < cols; j++)
                    {
                        double v = double.CreateChecked(x[(i * cols) + j]);
                        ec[j] += v;
                        sc[j] += Math.Abs(v);
                        er[i] += v;
                        sr[i] += Math.Abs(v);
                    }
                }

                TestUtil.AssertClose<T>(colSums, ec, sc, SumTol<T>(rows), $"ColumnSums {rows}x{cols}");
                TestUtil.AssertClose<T>(rowSums, er, sr, SumTol<T>(cols), $"RowSums {rows}x{cols}");

                // Accumulating twice doubles the result.
                Api.ColumnSums<T>(x, colSums, rows, cols, true);
                TestUtil.AssertClose<T>(colSums, ec.Select(v => 2 * v).ToArray(), sc.Select(v => 2 * v).ToArray(), SumTol<T>(rows), $"ColumnSums acc {rows}x{cols}");
            }
        }
    }

    [Theory]
    [InlineData("f64")]
    [InlineData("f32")]
    public void Max_AllAxisViews_MatchLoopExactly(string type)
    {
        if (type == "f64")
        {
            CheckMax<double>();
        }
        else
        {
            CheckMax<float>();
        }
    }

    private static void CheckMax<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 50;
        foreach (int outer in new[] { 1, 3 })
        {
            foreach (int n in Dims.Append(70))
            {
                foreach (int inner in Dims.Append(40))
                {
                    var rng = new Random(seed++);

                    // Small integers so ties are frequent.
                    var x = new T[outer * n * inner];
                    for (int t = 0; t < x.Length; t++)
                    {
                        x[t] = T.CreateChecked(rng.Next(-3, 4));
                    }

                    var y = new T[outer * inner];
                    var counts = new T[outer * inner];
                    Api.MaxWithTies<T>(x, y, counts, outer, n, inner);
                    var y2 = new T[outer * inner];
                    Api.Max<T>(x, y2, outer, n, inner);
                    for (int o = 0; o < outer; o++)
                    {
                        for (int j = 0; j < inner; j++)
                        {
                            double max = double.NegativeInfinity;
                            for (int i = 0; i < n; i++)
                            {
                                max = Math.Max(max, double.CreateChecked(x[(((o * n) + i) * inner) + j]));
                            }

                            int count = 0;
                            for (int i = 0; i < n; i++)
                            {
                                count += double.CreateChecked(x[(((o * n) + i) * inner) + j]) == max ? 1 : 0;
                            }

                            string ctx = $"{typeof(T).Name} outer={outer} n={n} inner={inner} at ({o},{j})";
                            Assert.True(double.CreateChecked(y[(o * inner) + j]) == max, $"{ctx}: max");
                            Assert.True(double.CreateChecked(y2[(o * inner) + j]) == max, $"{ctx}: max (no ties)");
                            Assert.True(double.CreateChecked(counts[(o * inner) + j]) == count, $"{ctx}: count {counts[(o * inner) + j]} vs {count}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Max_NaN_Propagates_AndHasNoTies()
    {
        double[] x = [1, double.NaN, 3, 2, 5, 5];

        // Rows [1, NaN, 3] and [2, 5, 5] along the last axis.
        var y = new double[2];
        var c = new double[2];
        Reductions.MaxWithTies(x, y, c, 2, 3, 1);
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(5.0, y[1]);
        Assert.Equal([0.0, 2.0], c);

        // Columns of [[1, NaN, 3], [2, 5, 5]].
        var yc = new double[3];
        Reductions.Max(x, yc, 1, 2, 3);
        Assert.Equal(2.0, yc[0]);
        Assert.True(double.IsNaN(yc[1]));
        Assert.Equal(5.0, yc[2]);
        Assert.True(double.IsNaN(Reductions.MaxAll(x)));
    }

    [Fact]
    public void Max_EmptyAxis_IsNegativeInfinity()
    {
        var y = new float[4];
        var c = new float[4];
        Reductions.MaxWithTies(ReadOnlySpan<float>.Empty, y, c, 2, 0, 2);
        Assert.All(y, v => Assert.Equal(float.NegativeInfinity, v));
        Assert.All(c, v => Assert.Equal(0f, v));
        Assert.Equal(double.NegativeInfinity, Reductions.MaxAll(ReadOnlySpan<double>.Empty));
    }

    [Theory]
    [InlineData("f64")]
    [InlineData("f32")]
    public void SumAll_MaxAll_MatchLoop(string type)
    {
        foreach (int n in new[] { 0, 1, 7, 8, 9, 31, 32, 33, 1000 })
        {
            var rng = new Random(n);
            if (type == "f64")
            {
                CheckAll(TestUtil.Random<double>(rng, n), n);
            }
            else
            {
                CheckAll(TestUtil.Random<float>(rng, n), n);
            }
        }

        static void CheckAll<T>(T[] x, int n)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            double[] d = TestUtil.ToDouble<T>(x);
            double sum = d.Sum(), abs = d.Sum(Math.Abs);
            Assert.True(Math.Abs(Api.SumAll<T>(x) - sum) <= SumTol<T>(n) * abs, $"SumAll n={n}");
            Assert.Equal(n == 0 ? double.NegativeInfinity : d.Max(), Api.MaxAll<T>(x));
        }
    }

    [Fact]
    public void Reductions_InvalidArguments_Throw()
    {
        var x = new double[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.Sum(x, new double[4], 1, -3, 4));
        Assert.Throws<ArgumentException>(() => Reductions.Sum(x, new double[3], 1, 3, 4));
        Assert.Throws<ArgumentException>(() => Reductions.Sum(x, new double[4], 2, 3, 4));
        Assert.Throws<ArgumentException>(() => Reductions.Sum(x, x.AsSpan(4), 1, 2, 4));
        Assert.Throws<ArgumentException>(() => Reductions.MaxWithTies(x, new double[4], x.AsSpan(0, 4), 1, 3, 4));
    }
}
