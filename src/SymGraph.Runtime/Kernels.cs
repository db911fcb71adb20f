using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymGraph.Runtime;

/// <summary>
/// The calling convention of compiled SymGraph code: every kernel a compiled function or generated C#
/// source calls, over whole row-major arrays with explicit sizes. Instantiated for
/// <see cref="double"/> and <see cref="float"/>. No kernel allocates (matrix products allocate
/// per-thread scratch once, on first use).
/// </summary>
/// <remarks>
/// Reductions and normalizations sum in index order, exactly as SymGraph's reference interpreter
/// does, so compiled code reproduces the interpreter's float64 results bit for bit except in matrix
/// products (blocked, fused multiply-adds).
/// </remarks>
public static class Kernels
{
    /// <summary>
    /// C[m,n] = op(A)·op(B), op transposing when asked: A is stored [m,k] (or [k,m] when
    /// <paramref name="transposeA"/>), B is stored [k,n] (or [n,k] when <paramref name="transposeB"/>).
    /// </summary>
    public static void MatMul<T>(T[] a, T[] b, T[] c, int m, int k, int n, bool transposeA, bool transposeB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
            MatMulTyped(Unsafe.As<double[]>(a), Unsafe.As<double[]>(b), Unsafe.As<double[]>(c), m, k, n, transposeA, transposeB);
        else
            MatMulTyped(Unsafe.As<float[]>(a), Unsafe.As<float[]>(b), Unsafe.As<float[]>(c), m, k, n, transposeA, transposeB);
    }

    private static void MatMulTyped(double[] a, double[] b, double[] c, int m, int k, int n, bool ta, bool tb)
    {
        if (!ta && !tb) Runtime.MatMul.Multiply(a, b, c, m, k, n);
        else if (ta && !tb) Runtime.MatMul.MultiplyTransposeA(a, b, c, m, k, n);
        else if (!ta && tb) Runtime.MatMul.MultiplyTransposeB(a, b, c, m, k, n);
        else NaiveMatMul(a, b, c, m, k, n, ta, tb);
    }

    private static void MatMulTyped(float[] a, float[] b, float[] c, int m, int k, int n, bool ta, bool tb)
    {
        if (!ta && !tb) Runtime.MatMul.Multiply(a, b, c, m, k, n);
        else if (ta && !tb) Runtime.MatMul.MultiplyTransposeA(a, b, c, m, k, n);
        else if (!ta && tb) Runtime.MatMul.MultiplyTransposeB(a, b, c, m, k, n);
        else NaiveMatMul(a, b, c, m, k, n, ta, tb);
    }

    private static void NaiveMatMul<T>(T[] a, T[] b, T[] c, int m, int k, int n, bool ta, bool tb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                c[i * n + j] = s;
            }
    }

    /// <summary>Σ of the first <paramref name="length"/> elements, in index order.</summary>
    public static T SumAll<T>(T[] x, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int i = 0; i < length; i++) s += x[i];
        return s;
    }

    /// <summary>The maximum of the first <paramref name="length"/> elements (NaN if any is NaN; −∞ when empty).</summary>
    public static T MaxAll<T>(T[] x, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = T.NegativeInfinity;
        for (int i = 0; i < length; i++)
        {
            T v = x[i];
            if (T.IsNaN(v)) return v;
            if (v > m) m = v;
        }
        return m;
    }

    /// <summary>y[o,i] = Σₖ x[o,k,i] for x viewed as [outer, n, inner].</summary>
    public static void SumAxis<T>(T[] x, T[] y, int outer, int n, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T s = T.Zero;
                int start = o * n * inner + i;
                for (int k = 0; k < n; k++) s += x[start + k * inner];
                y[o * inner + i] = s;
            }
    }

    /// <summary>y[o,i] = maxₖ x[o,k,i] for x viewed as [outer, n, inner] (NaN propagates).</summary>
    public static void MaxAxis<T>(T[] x, T[] y, int outer, int n, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T m = T.NegativeInfinity;
                int start = o * n * inner + i;
                for (int k = 0; k < n; k++)
                {
                    T v = x[start + k * inner];
                    if (T.IsNaN(v)) { m = v; break; }
                    if (v > m) m = v;
                }
                y[o * inner + i] = m;
            }
    }

    /// <summary>
    /// softmax, log_softmax or logsumexp (one value per run), as <paramref name="mode"/> says, along
    /// the middle axis of x viewed as [outer, n, inner]; each run is shifted by its maximum.
    /// </summary>
    public static void Normalize<T>(T[] x, T[] y, int outer, int n, int inner, Normalization mode) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * n * inner + i;
                // The interpreter's arithmetic, in double, then rounded: float32 results match it.
                double max = double.NegativeInfinity;
                for (int k = 0; k < n; k++) max = Math.Max(max, double.CreateTruncating(x[start + k * inner]));
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Math.Exp(ShiftByMax(double.CreateTruncating(x[start + k * inner]), max));
                double logSum = Math.Log(sum);
                if (mode == Normalization.LogSumExp) { y[o * inner + i] = T.CreateTruncating(max + logSum); continue; }
                for (int k = 0; k < n; k++)
                {
                    double v = ShiftByMax(double.CreateTruncating(x[start + k * inner]), max) - logSum;
                    y[start + k * inner] = T.CreateTruncating(mode == Normalization.Softmax ? Math.Exp(v) : v);
                }
            }
    }

    /// <summary>
    /// Per row of [rows, n]: cross_entropy (<paramref name="logits"/> false: −Σ y·ln p) or
    /// cross_entropy_logits (true: Σ y·((max − z) + ln Σ e^(z − max))).
    /// </summary>
    public static void CrossEntropy<T>(T[] a, T[] t, T[] y, int rows, int n, bool logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++) y[r] = T.CreateTruncating(Row(a, t, r * n, n, logits));
    }

    /// <summary>The cross-entropy of one row of <paramref name="n"/> elements (see <see cref="CrossEntropy{T}"/>).</summary>
    public static T CrossEntropyRow<T>(T[] a, T[] t, int n, bool logits) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(Row(a, t, 0, n, logits));

    private static double Row<T>(T[] a, T[] t, int start, int n, bool logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s = 0;
        if (!logits)
        {
            for (int k = 0; k < n; k++) s -= double.CreateTruncating(t[start + k]) * Math.Log(double.CreateTruncating(a[start + k]));
            return s;
        }
        double max = double.NegativeInfinity;
        for (int k = 0; k < n; k++) max = Math.Max(max, double.CreateTruncating(a[start + k]));
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.Exp(ShiftByMax(double.CreateTruncating(a[start + k]), max));
        double logSum = Math.Log(sum);
        for (int k = 0; k < n; k++)
        {
            double target = double.CreateTruncating(t[start + k]);
            if (target != 0) s += target * (logSum - ShiftByMax(double.CreateTruncating(a[start + k]), max));
        }
        return s;
    }

    /// <summary>logsumexp of the first <paramref name="n"/> elements (shifted by their maximum).</summary>
    public static T LogSumExpAll<T>(T[] x, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < n; k++) max = Math.Max(max, double.CreateTruncating(x[k]));
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.Exp(ShiftByMax(double.CreateTruncating(x[k]), max));
        return T.CreateTruncating(max + Math.Log(sum));
    }

    // The interpreter's rule (SymGraph.Ops.MathUtil.ShiftByMax): x − max, and 0 where x equals an
    // infinite maximum, so the entries at +∞ share the mass and a run of all −∞ is uniform.
    private static double ShiftByMax(double x, double max) => x == max ? 0.0 : x - max;

    /// <summary>Fills the first <paramref name="length"/> elements with zero.</summary>
    public static void Clear<T>(T[] x, int length) where T : unmanaged => Array.Clear(x, 0, length);

    /// <summary>Sets <paramref name="count"/> elements from <paramref name="start"/> to <paramref name="value"/>.</summary>
    public static void Fill<T>(T[] x, T value, int start, int count) where T : unmanaged => Array.Fill(x, value, start, count);

    /// <summary>Copies <paramref name="length"/> elements.</summary>
    public static void Copy<T>(T[] source, int sourceIndex, T[] destination, int destinationIndex, int length) where T : unmanaged =>
        Array.Copy(source, sourceIndex, destination, destinationIndex, length);
}

