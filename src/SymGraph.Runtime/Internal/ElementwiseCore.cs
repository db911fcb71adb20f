using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace SymGraph.Runtime.Internal;

/// <summary>Generic implementations behind the <see cref="Elementwise"/> kernels that TensorPrimitives lacks.</summary>
internal static unsafe class ElementwiseCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>dx = x &gt; 0 ? dy : 0.</summary>
    public static void ReluBackward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
    {
        int n = x.Length;
        if (dy.Length != n)
        {
            throw new ArgumentException($"'{nameof(dy)}' has {dy.Length} elements; '{nameof(x)}' has {n}.", nameof(dy));
        }

        Check.Length<T>(dx, n, nameof(dx));
        dx = dx.Slice(0, n);
        Check.SameOrDisjoint<T>(dx, x, nameof(dx), nameof(x));
        Check.SameOrDisjoint<T>(dx, dy, nameof(dx), nameof(dy));
        fixed (T* px = x)
        fixed (T* pg = dy)
        fixed (T* pd = dx)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                int w = Vector256<T>.Count;
                for (; i + w <= n; i += w)
                {
                    Vector256<T> mask = Vector256.GreaterThan(Vector256.Load(px + i), Vector256<T>.Zero);
                    (Vector256.Load(pg + i) & mask).Store(pd + i);
                }
            }

            for (; i < n; i++)
            {
                pd[i] = px[i] > T.Zero ? pg[i] : T.Zero;
            }
        }
    }

    /// <summary>dst[r, :] = x[r, :] + b.</summary>
    public static void AddRowVector(ReadOnlySpan<T> x, ReadOnlySpan<T> b, Span<T> dst, int rows, int n)
    {
        Check.Dim(rows, nameof(rows));
        Check.Dim(n, nameof(n));
        int size = Check.Size(rows, n);
        Check.Length(x, size, nameof(x));
        Check.Length(b, n, nameof(b));
        Check.Length<T>(dst, size, nameof(dst));
        x = x.Slice(0, size);
        b = b.Slice(0, n);
        dst = dst.Slice(0, size);
        Check.SameOrDisjoint<T>(dst, x, nameof(dst), nameof(x));
        Check.NoOverlap<T>(dst, b, nameof(dst), nameof(b));
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(x.Slice(r * n, n), b, dst.Slice(r * n, n));
        }
    }
}
