using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SymGraph.Runtime.Internal;

/// <summary>
/// Unblocked matrix products built on <see cref="TensorPrimitives"/> row operations (whatever SIMD
/// width the platform has). Used for tiny or degenerate shapes, where packing costs more than it
/// saves, and on hardware without Vector256 acceleration. Same contract as <see cref="Gemm{T}.Run"/>
/// with dense leading dimensions (lda = row length, and so on).
/// </summary>
internal static class GemmSimple<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Below this length a plain loop beats the call overhead of a TensorPrimitives row operation.</summary>
    private const int ShortRow = 16;

    private static T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        if (x.Length >= ShortRow)
        {
            return TensorPrimitives.Dot(x, y);
        }

        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>C[m,n] (+)= op(A)·op(B), dense row-major operands.</summary>
    public static void Run(
        bool transA, bool transB, int m, int k, int n,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        // A row vector A[1,k] has the same storage as Aᵀ; only the non-transposed form is handled below.
        transA &= m != 1;

        if (n == 1)
        {
            // C[m,1] and B[k,1] are contiguous vectors whatever the flags say.
            Span<T> cv = c.Slice(0, m);
            ReadOnlySpan<T> bv = b.Slice(0, k);
            if (!transA)
            {
                for (int i = 0; i < m; i++)
                {
                    T dot = Dot(a.Slice(i * k, k), bv);
                    cv[i] = accumulate ? cv[i] + dot : dot;
                }
            }
            else
            {
                if (!accumulate)
                {
                    cv.Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(a.Slice(p * m, m), bv[p], cv, cv);
                }
            }
        }
        else if (!transB)
        {
            // c_i (+)= Σ_p A(i,p) · b_p, one axpy per term over contiguous rows of B and C.
            for (int i = 0; i < m; i++)
            {
                Span<T> ci = c.Slice(i * n, n);
                if (!accumulate)
                {
                    ci.Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    T aip = transA ? a[(p * m) + i] : a[(i * k) + p];
                    ReadOnlySpan<T> bp = b.Slice(p * n, n);
                    if (n < ShortRow)
                    {
                        for (int j = 0; j < ci.Length; j++)
                        {
                            ci[j] += aip * bp[j];
                        }
                    }
                    else
                    {
                        TensorPrimitives.MultiplyAdd(bp, aip, ci, ci);
                    }
                }
            }
        }
        else if (!transA)
        {
            // A·Bᵀ: c_ij = a_i · b_j, both contiguous rows.
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<T> ai = a.Slice(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    T dot = Dot(ai, b.Slice(j * k, k));
                    c[(i * n) + j] = accumulate ? c[(i * n) + j] + dot : dot;
                }
            }
        }
        else
        {
            // Aᵀ·Bᵀ (internal only): plain triple loop.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        sum += a[(p * m) + i] * b[(j * k) + p];
                    }

                    c[(i * n) + j] = accumulate ? c[(i * n) + j] + sum : sum;
                }
            }
        }
    }
}
