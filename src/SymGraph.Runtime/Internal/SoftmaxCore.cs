using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SymGraph.Runtime.Internal;

/// <summary>Generic implementations behind <see cref="SoftmaxKernels"/>; every row is shifted by its maximum.</summary>
internal static class SoftmaxCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Stack chunk for exp(x − shift) when the result must not be stored.</summary>
    private const int Chunk = 256;

    private static int Validate(ReadOnlySpan<T> x, int rows, int n, string name)
    {
        Check.Dim(rows, nameof(rows));
        Check.Dim(n, nameof(n));
        int size = Check.Size(rows, n);
        Check.Length(x, size, name);
        return size;
    }

    /// <summary>Σ_j exp(x_j − shift), through a stack buffer so x is neither modified nor copied to the heap.</summary>
    private static T SumExp(ReadOnlySpan<T> x, T shift)
    {
        Span<T> buffer = stackalloc T[Chunk];
        T sum = T.Zero;
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int len = Math.Min(Chunk, x.Length - start);
            Span<T> b = buffer.Slice(0, len);
            TensorPrimitives.Subtract(x.Slice(start, len), shift, b);
            TensorPrimitives.Exp(b, b);
            sum += TensorPrimitives.Sum<T>(b);
        }

        return sum;
    }

    /// <summary>
    /// y = x − max, with 0 where x equals an infinite maximum (the interpreter's rule: the entries at
    /// +∞ share the mass, a row of all −∞ is uniform); y may be x. A NaN makes max NaN, so the NaNs
    /// that x − max leaves behind an infinite maximum are exactly those entries.
    /// </summary>
    private static void ShiftByMax(ReadOnlySpan<T> x, T max, Span<T> y)
    {
        TensorPrimitives.Subtract(x, max, y);
        if (!T.IsInfinity(max))
        {
            return;
        }

        for (int i = 0; i < y.Length; i++)
        {
            if (T.IsNaN(y[i]))
            {
                y[i] = T.Zero;
            }
        }
    }

    /// <summary>y_r = softmax(x_r) per row.</summary>
    public static void Softmax(ReadOnlySpan<T> x, Span<T> y, int rows, int n)
    {
        int size = Validate(x, rows, n, nameof(x));
        Check.Length<T>(y, size, nameof(y));
        Check.SameOrDisjoint<T>(y.Slice(0, size), x.Slice(0, size), nameof(y), nameof(x));
        if (n == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            SoftmaxRow(x.Slice(r * n, n), y.Slice(r * n, n));
        }
    }

    /// <summary>y = exp(x − max x) / Σ exp(x − max x); y may be x.</summary>
    private static void SoftmaxRow(ReadOnlySpan<T> x, Span<T> y)
    {
        T max = TensorPrimitives.Max(x);
        ShiftByMax(x, max, y);
        TensorPrimitives.Exp(y, y);
        T sum = TensorPrimitives.Sum<T>(y);
        TensorPrimitives.Divide(y, sum, y);
    }

    /// <summary>y_r = log_softmax(x_r) = (x_r − max) − log Σ exp(x_r − max) per row.</summary>
    public static void LogSoftmax(ReadOnlySpan<T> x, Span<T> y, int rows, int n)
    {
        int size = Validate(x, rows, n, nameof(x));
        Check.Length<T>(y, size, nameof(y));
        Check.SameOrDisjoint<T>(y.Slice(0, size), x.Slice(0, size), nameof(y), nameof(x));
        if (n == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = x.Slice(r * n, n);
            Span<T> yr = y.Slice(r * n, n);
            T max = TensorPrimitives.Max(xr);
            ShiftByMax(xr, max, yr);
            T logSum = T.Log(SumExp(yr, T.Zero));
            TensorPrimitives.Subtract(yr, logSum, yr);
        }
    }

    /// <summary>y[r] = log Σ_j exp(x[r, j]).</summary>
    public static void LogSumExp(ReadOnlySpan<T> x, Span<T> y, int rows, int n)
    {
        int size = Validate(x, rows, n, nameof(x));
        Check.Length<T>(y, rows, nameof(y));
        Check.NoOverlap<T>(y.Slice(0, rows), x.Slice(0, size), nameof(y), nameof(x));
        for (int r = 0; r < rows; r++)
        {
            y[r] = LogSumExpRow(x.Slice(r * n, n));
        }
    }

    /// <summary>max + log Σ exp(x − max); −∞ for an empty or all −∞ row, +∞ if any +∞, NaN if any NaN.</summary>
    private static T LogSumExpRow(ReadOnlySpan<T> x)
    {
        if (x.IsEmpty)
        {
            return T.NegativeInfinity;
        }

        T max = TensorPrimitives.Max(x);
        if (!T.IsFinite(max))
        {
            return max;
        }

        return max + T.Log(SumExp(x, max));
    }

    /// <summary>x̄_r = y_r ⊙ (ȳ_r − ⟨ȳ_r, y_r⟩) per row, y = softmax(x).</summary>
    public static void SoftmaxBackward(ReadOnlySpan<T> y, ReadOnlySpan<T> ybar, Span<T> xbar, int rows, int n)
    {
        int size = Validate(y, rows, n, nameof(y));
        Check.Length(ybar, size, nameof(ybar));
        Check.Length<T>(xbar, size, nameof(xbar));
        Check.SameOrDisjoint<T>(xbar.Slice(0, size), y.Slice(0, size), nameof(xbar), nameof(y));
        Check.SameOrDisjoint<T>(xbar.Slice(0, size), ybar.Slice(0, size), nameof(xbar), nameof(ybar));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> yr = y.Slice(r * n, n), gr = ybar.Slice(r * n, n);
            Span<T> xr = xbar.Slice(r * n, n);
            T dot = TensorPrimitives.Dot(gr, yr);

            // One element-wise pass, (ȳ + (−dot))·y, so x̄ may be the same span as y or ȳ.
            TensorPrimitives.AddMultiply(gr, -dot, yr, xr);
        }
    }

    /// <summary>x̄_r = ȳ_r − exp(y_r)·Σ_j ȳ_r,j per row, y = log_softmax(x).</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<T> y, ReadOnlySpan<T> ybar, Span<T> xbar, int rows, int n)
    {
        int size = Validate(y, rows, n, nameof(y));
        Check.Length(ybar, size, nameof(ybar));
        Check.Length<T>(xbar, size, nameof(xbar));
        Check.SameOrDisjoint<T>(xbar.Slice(0, size), y.Slice(0, size), nameof(xbar), nameof(y));
        Check.SameOrDisjoint<T>(xbar.Slice(0, size), ybar.Slice(0, size), nameof(xbar), nameof(ybar));
        Span<T> buffer = stackalloc T[Chunk];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> yr = y.Slice(r * n, n), gr = ybar.Slice(r * n, n);
            Span<T> xr = xbar.Slice(r * n, n);
            T negSum = -TensorPrimitives.Sum(gr);

            // x̄ = exp(y)·(−Σȳ) + ȳ, exp(y) through a stack chunk so that every position of y and ȳ is
            // read before x̄ is written there (x̄ may be the same span as y or ȳ).
            for (int start = 0; start < n; start += Chunk)
            {
                int len = Math.Min(Chunk, n - start);
                Span<T> b = buffer.Slice(0, len);
                TensorPrimitives.Exp(yr.Slice(start, len), b);
                TensorPrimitives.MultiplyAdd(b, negSum, gr.Slice(start, len), xr.Slice(start, len));
            }
        }
    }

    /// <summary>loss[r] = −Σ_j y[r,j]·log_softmax(z_r)_j.</summary>
    public static void CrossEntropyLogits(ReadOnlySpan<T> z, ReadOnlySpan<T> y, Span<T> loss, int rows, int n)
    {
        int size = Validate(z, rows, n, nameof(z));
        Check.Length(y, size, nameof(y));
        Check.Length<T>(loss, rows, nameof(loss));
        Check.NoOverlap<T>(loss.Slice(0, rows), z.Slice(0, size), nameof(loss), nameof(z));
        Check.NoOverlap<T>(loss.Slice(0, rows), y.Slice(0, size), nameof(loss), nameof(y));
        Span<T> buffer = stackalloc T[Chunk];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> zr = z.Slice(r * n, n), yr = y.Slice(r * n, n);
            if (n == 0)
            {
                loss[r] = T.Zero;
                continue;
            }

            T max = TensorPrimitives.Max(zr);
            if (T.IsInfinity(max))
            {
                loss[r] = ScalarRow(zr, yr, max);
                continue;
            }

            T logSum = T.Log(SumExp(zr, max));

            // −Σ y·((z − max) − logSum), chunk by chunk: log_softmax exactly as LogSoftmax computes it.
            T acc = T.Zero;
            for (int start = 0; start < n; start += Chunk)
            {
                int len = Math.Min(Chunk, n - start);
                Span<T> b = buffer.Slice(0, len);
                TensorPrimitives.Subtract(zr.Slice(start, len), max, b);
                TensorPrimitives.Subtract(b, logSum, b);
                acc += TensorPrimitives.Dot(yr.Slice(start, len), b);
            }

            // NaN from 0·(−∞) (a logit at −∞ in a class with y = 0) or from a NaN input: the scalar
            // row skips y = 0 as the interpreter does, and keeps a real NaN.
            loss[r] = T.IsNaN(acc) ? ScalarRow(zr, yr, max) : -acc;
        }
    }

    // One row element by element, as the interpreter computes it: shifted by the rule of ShiftByMax,
    // and a class with y = 0 contributes nothing (its term would be 0·∞ at an infinite logit).
    private static T ScalarRow(ReadOnlySpan<T> z, ReadOnlySpan<T> y, T max)
    {
        T sum = T.Zero;
        for (int k = 0; k < z.Length; k++)
        {
            sum += T.Exp(z[k] == max ? T.Zero : z[k] - max);
        }

        T logSum = T.Log(sum), s = T.Zero;
        for (int k = 0; k < z.Length; k++)
        {
            if (y[k] != T.Zero)
            {
                s += y[k] * (logSum - (z[k] == max ? T.Zero : z[k] - max));
            }
        }

        return s;
    }

    /// <summary>z̄_r = lossBar[r]·(softmax(z_r)·Σ_j y_r,j − y_r).</summary>
    public static void CrossEntropyLogitsBackward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> lossBar, Span<T> zbar, int rows, int n)
    {
        int size = Validate(z, rows, n, nameof(z));
        Check.Length(y, size, nameof(y));
        Check.Length(lossBar, rows, nameof(lossBar));
        Check.Length<T>(zbar, size, nameof(zbar));
        Check.SameOrDisjoint<T>(zbar.Slice(0, size), z.Slice(0, size), nameof(zbar), nameof(z));
        Check.NoOverlap<T>(zbar.Slice(0, size), y.Slice(0, size), nameof(zbar), nameof(y));
        Check.NoOverlap<T>(zbar.Slice(0, size), lossBar.Slice(0, rows), nameof(zbar), nameof(lossBar));
        if (n == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> zr = z.Slice(r * n, n), yr = y.Slice(r * n, n);
            Span<T> gr = zbar.Slice(r * n, n);
            T ySum = TensorPrimitives.Sum(yr);
            SoftmaxRow(zr, gr);
            TensorPrimitives.Multiply(gr, ySum, gr);
            TensorPrimitives.Subtract(gr, yr, gr);
            TensorPrimitives.Multiply(gr, lossBar[r], gr);
        }
    }
}
