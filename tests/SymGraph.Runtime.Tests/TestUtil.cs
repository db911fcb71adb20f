using System.Numerics;

namespace SymGraph.Runtime.Tests;

/// <summary>Seeded data, conversions and tolerance assertions shared by the kernel tests.</summary>
internal static class TestUtil
{
    /// <summary>Unit roundoff of T: 2^-53 for double, 2^-24 for float.</summary>
    public static double Eps<T>()
        where T : IFloatingPointIeee754<T>
        => typeof(T) == typeof(double) ? Math.Pow(2, -53) : Math.Pow(2, -24);

    public static bool IsDouble<T>() => typeof(T) == typeof(double);

    /// <summary>Uniform values in [lo, hi), rounded to T.</summary>
    public static T[] Random<T>(Random rng, int length, double lo = -1, double hi = 1)
        where T : IFloatingPointIeee754<T>
    {
        var a = new T[length];
        for (int i = 0; i < length; i++)
        {
            a[i] = T.CreateChecked(lo + ((hi - lo) * rng.NextDouble()));
        }

        return a;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        var d = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = double.CreateChecked(x[i]);
        }

        return d;
    }

    public static T[] From<T>(params double[] values)
        where T : IFloatingPointIeee754<T>
        => values.Select(T.CreateChecked).ToArray();

    /// <summary>
    /// Asserts |actual − expected| ≤ tol·scale element-wise (scale ≥ the condition-aware magnitude
    /// of each result, e.g. Σ|a·b| for a dot product), with NaN and infinities compared exactly.
    /// </summary>
    public static void AssertClose<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, ReadOnlySpan<double> scale, double tol, string context)
        where T : IFloatingPointIeee754<T>
    {
        Assert.True(actual.Length >= expected.Length, $"{context}: result too short");
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateChecked(actual[i]), e = expected[i];
            if (!double.IsFinite(e) || !double.IsFinite(a))
            {
                Assert.True(a.Equals(e), $"{context}: element {i} is {a}, expected {e}");
                continue;
            }

            double bound = tol * scale[i];
            Assert.True(Math.Abs(a - e) <= bound, $"{context}: element {i} is {a:R}, expected {e:R} (|Δ| = {Math.Abs(a - e):E3} > {bound:E3})");
        }
    }

    /// <summary>Relative comparison: scale = |expected| (+ floor).</summary>
    public static void AssertRelative<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, double tol, string context, double floor = 0)
        where T : IFloatingPointIeee754<T>
    {
        var scale = new double[expected.Length];
        for (int i = 0; i < scale.Length; i++)
        {
            scale[i] = Math.Abs(expected[i]) + floor;
        }

        AssertClose(actual, expected, scale, tol, context);
    }
}
