using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace SymGraph.Runtime.Internal;

/// <summary>Generic implementations behind <see cref="Reductions"/>.</summary>
internal static unsafe class ReductionCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Checks the [outer, n, inner] view and returns the number of outputs, outer·inner.</summary>
    private static int Validate(ReadOnlySpan<T> x, ReadOnlySpan<T> y, int outer, int n, int inner)
    {
        Check.Dim(outer, nameof(outer));
        Check.Dim(n, nameof(n));
        Check.Dim(inner, nameof(inner));
        int inSize = Check.Size(outer, n, inner), outSize = Check.Size(outer, inner);
        Check.Length(x, inSize, nameof(x));
        Check.Length(y, outSize, nameof(y));
        Check.NoOverlap(y.Slice(0, outSize), x.Slice(0, inSize), nameof(y), nameof(x));
        return outSize;
    }

    /// <summary>y[o, j] (+)= Σ_i x[o, i, j].</summary>
    public static void Sum(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, bool accumulate)
    {
        int outSize = Validate(x, y, outer, n, inner);
        if (outSize == 0)
        {
            return;
        }

        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                T s = TensorPrimitives.Sum(x.Slice(o * n, n));
                y[o] = accumulate ? y[o] + s : s;
            }

            return;
        }

        fixed (T* px = x)
        fixed (T* py = y)
        {
            for (int o = 0; o < outer; o++)
            {
                ColumnSums(px + ((nint)o * n * inner), py + ((nint)o * inner), n, inner, accumulate);
            }
        }

    }

    /// <summary>
    /// y[j] (+)= Σ_i x[i*cols + j]. Four rows per sweep over y, so y is loaded and stored once per
    /// four rows rather than once per row; vectors across j.
    /// </summary>
    private static void ColumnSums(T* x, T* y, int rows, int cols, bool accumulate)
    {
        if (!accumulate)
        {
            new Span<T>(y, cols).Clear();
        }

        int w = Vector256<T>.Count;
        nint ld = cols;
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            T* r0 = x + (i * ld), r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + w <= cols; j += w)
                {
                    Vector256<T> s = Vector256.Load(y + j)
                        + ((Vector256.Load(r0 + j) + Vector256.Load(r1 + j)) + (Vector256.Load(r2 + j) + Vector256.Load(r3 + j)));
                    s.Store(y + j);
                }
            }

            for (; j < cols; j++)
            {
                y[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]);
            }
        }

        for (; i < rows; i++)
        {
            var row = new ReadOnlySpan<T>(x + (i * ld), cols);
            var acc = new Span<T>(y, cols);
            TensorPrimitives.Add(acc, row, acc);
        }
    }

    /// <summary>y[o, j] = max_i x[o, i, j]; −∞ when n = 0; NaN when any element is NaN.</summary>
    public static void Max(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner)
    {
        int outSize = Validate(x, y, outer, n, inner);
        if (outSize == 0)
        {
            return;
        }

        if (n == 0)
        {
            y.Slice(0, outSize).Fill(T.NegativeInfinity);
            return;
        }

        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                y[o] = TensorPrimitives.Max(x.Slice(o * n, n));
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<T> block = x.Slice(o * n * inner, n * inner);
            Span<T> acc = y.Slice(o * inner, inner);
            block.Slice(0, inner).CopyTo(acc);
            for (int i = 1; i < n; i++)
            {
                TensorPrimitives.Max(acc, block.Slice(i * inner, inner), acc);
            }
        }
    }

    /// <summary>Max along the axis plus counts[o, j] = #{i : x[o, i, j] == y[o, j]}.</summary>
    public static void MaxWithTies(ReadOnlySpan<T> x, Span<T> y, Span<T> counts, int outer, int n, int inner)
    {
        Max(x, y, outer, n, inner);
        int outSize = outer * inner;
        Check.Length<T>(counts, outSize, nameof(counts));
        Check.NoOverlap<T>(counts.Slice(0, outSize), x.Slice(0, outSize * n), nameof(counts), nameof(x));
        Check.NoOverlap<T>(counts.Slice(0, outSize), y.Slice(0, outSize), nameof(counts), nameof(y));
        if (outSize == 0)
        {
            return;
        }

        counts.Slice(0, outSize).Clear();
        fixed (T* px = x)
        fixed (T* py = y)
        fixed (T* pc = counts)
        {
            for (int o = 0; o < outer; o++)
            {
                T* block = px + ((nint)o * n * inner);
                if (inner == 1)
                {
                    pc[o] = CountEqual(block, n, py[o]);
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        AddEqualMask(block + ((nint)i * inner), py + ((nint)o * inner), pc + ((nint)o * inner), inner);
                    }
                }
            }
        }
    }

    /// <summary>How many of x[0..n) equal <paramref name="value"/> (NaN equals nothing).</summary>
    private static T CountEqual(T* x, int n, T value)
    {
        int i = 0;
        T count = T.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            Vector256<T> v = Vector256.Create(value), acc = Vector256<T>.Zero, one = Vector256<T>.One;
            for (; i + w <= n; i += w)
            {
                acc += Vector256.Equals(Vector256.Load(x + i), v) & one;
            }

            count = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            if (x[i] == value)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>counts[j] += x[j] == max[j] ? 1 : 0.</summary>
    private static void AddEqualMask(T* x, T* max, T* counts, int len)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            Vector256<T> one = Vector256<T>.One;
            for (; j + w <= len; j += w)
            {
                Vector256<T> c = Vector256.Load(counts + j) + (Vector256.Equals(Vector256.Load(x + j), Vector256.Load(max + j)) & one);
                c.Store(counts + j);
            }
        }

        for (; j < len; j++)
        {
            if (x[j] == max[j])
            {
                counts[j]++;
            }
        }
    }
}
