using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace SymGraph.Runtime.Internal;

/// <summary>Checks arguments and dispatches the public matrix kernels of <see cref="MatMul"/>.</summary>
internal static unsafe class MatMulCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Below this many multiply-adds the packing overhead outweighs the blocked engine.</summary>
    internal const long SmallWork = 1024;

    /// <summary>C[m,n] (+)= op(A)·op(B) with dense row-major operands; see <see cref="MatMul"/>.</summary>
    public static void Run(
        bool transA, bool transB,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c,
        int m, int k, int n, bool accumulate, bool parallel, GemmPath path = GemmPath.Auto)
    {
        Check.Dim(m, nameof(m));
        Check.Dim(k, nameof(k));
        Check.Dim(n, nameof(n));
        int sizeA = Check.Size(m, k), sizeB = Check.Size(k, n), sizeC = Check.Size(m, n);
        Check.Length(a, sizeA, nameof(a));
        Check.Length(b, sizeB, nameof(b));
        Check.Length<T>(c, sizeC, nameof(c));
        a = a.Slice(0, sizeA);
        b = b.Slice(0, sizeB);
        c = c.Slice(0, sizeC);
        Check.NoOverlap<T>(c, a, nameof(c), nameof(a));
        Check.NoOverlap<T>(c, b, nameof(c), nameof(b));

        if (m == 0 || n == 0)
        {
            return;
        }

        bool blocked = path switch
        {
            GemmPath.Blocked => true,
            GemmPath.Simple => false,
            _ => Vector256.IsHardwareAccelerated && m > 1 && n > 1 && (long)m * n * k >= SmallWork,
        };

        if (!blocked || k == 0)
        {
            GemmSimple<T>.Run(transA, transB, m, k, n, a, b, c, accumulate);
            return;
        }

        nint lda = transA ? m : k;
        nint ldb = transB ? k : n;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (parallel && 2L * m * n * k >= MatMul.ParallelMinFlops && Environment.ProcessorCount > 1)
            {
                RunParallel(transA, transB, m, k, n, pa, lda, pb, ldb, pc, accumulate);
            }
            else
            {
                Gemm<T>.Run(transA, transB, m, k, n, pa, lda, pb, ldb, pc, n, accumulate);
            }
        }
    }

    /// <summary>
    /// Splits C into equal slabs of whole register tiles (columns if there are at least as many
    /// column panels as row panels, else rows) and runs the serial engine on each slab; each worker
    /// packs into its own thread's scratch. The operands are pinned by the caller for the duration.
    /// </summary>
    private static void RunParallel(
        bool transA, bool transB, int m, int k, int n,
        T* pa, nint lda, T* pb, nint ldb, T* pc, bool accumulate)
    {
        int nr = Gemm<T>.NR, mr = Gemm<T>.MR;
        int colPanels = (n + nr - 1) / nr, rowPanels = (m + mr - 1) / mr;
        bool splitColumns = colPanels >= rowPanels;
        int panels = splitColumns ? colPanels : rowPanels;
        int parts = Math.Min(Environment.ProcessorCount, panels);
        if (parts < 2)
        {
            Gemm<T>.Run(transA, transB, m, k, n, pa, lda, pb, ldb, pc, n, accumulate);
            return;
        }

        // Pointers cannot be captured by a lambda; addresses as integers can.
        nint aAddr = (nint)pa, bAddr = (nint)pb, cAddr = (nint)pc;
        Parallel.For(0, parts, part =>
        {
            int first = (int)((long)panels * part / parts);
            int last = (int)((long)panels * (part + 1) / parts);
            T* a = (T*)aAddr, b = (T*)bAddr, c = (T*)cAddr;
            if (splitColumns)
            {
                int j0 = first * nr, j1 = Math.Min(n, last * nr);
                T* bSlab = transB ? b + (j0 * ldb) : b + j0;
                Gemm<T>.Run(transA, transB, m, k, j1 - j0, a, lda, bSlab, ldb, c + j0, n, accumulate);
            }
            else
            {
                int i0 = first * mr, i1 = Math.Min(m, last * mr);
                T* aSlab = transA ? a + i0 : a + (i0 * lda);
                Gemm<T>.Run(transA, transB, i1 - i0, k, n, aSlab, lda, b, ldb, c + ((nint)i0 * n), n, accumulate);
            }
        });
    }

    /// <summary>y[m] (+)= A[m,n]·x[n].</summary>
    public static void MultiplyVector(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate)
    {
        Check.Dim(m, nameof(m));
        Check.Dim(n, nameof(n));
        int size = Check.Size(m, n);
        Check.Length(a, size, nameof(a));
        Check.Length(x, n, nameof(x));
        Check.Length<T>(y, m, nameof(y));
        a = a.Slice(0, size);
        x = x.Slice(0, n);
        y = y.Slice(0, m);
        Check.NoOverlap<T>(y, a, nameof(y), nameof(a));
        Check.NoOverlap<T>(y, x, nameof(y), nameof(x));
        for (int i = 0; i < m; i++)
        {
            T dot = TensorPrimitives.Dot(a.Slice(i * n, n), x);
            y[i] = accumulate ? y[i] + dot : dot;
        }
    }

    /// <summary>y[n] (+)= A[m,n]ᵀ·x[m].</summary>
    public static void MultiplyTransposeAVector(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate)
    {
        Check.Dim(m, nameof(m));
        Check.Dim(n, nameof(n));
        int size = Check.Size(m, n);
        Check.Length(a, size, nameof(a));
        Check.Length(x, m, nameof(x));
        Check.Length<T>(y, n, nameof(y));
        a = a.Slice(0, size);
        x = x.Slice(0, m);
        y = y.Slice(0, n);
        Check.NoOverlap<T>(y, a, nameof(y), nameof(a));
        Check.NoOverlap<T>(y, x, nameof(y), nameof(x));
        if (!accumulate)
        {
            y.Clear();
        }

        for (int i = 0; i < m; i++)
        {
            TensorPrimitives.MultiplyAdd(a.Slice(i * n, n), x[i], y, y);
        }
    }

    /// <summary>A[m,n] += (α·x[m])·y[n]ᵀ.</summary>
    public static void AddOuterProduct(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> a, int m, int n, T alpha)
    {
        Check.Dim(m, nameof(m));
        Check.Dim(n, nameof(n));
        int size = Check.Size(m, n);
        Check.Length(x, m, nameof(x));
        Check.Length(y, n, nameof(y));
        Check.Length<T>(a, size, nameof(a));
        x = x.Slice(0, m);
        y = y.Slice(0, n);
        a = a.Slice(0, size);
        Check.NoOverlap<T>(a, x, nameof(a), nameof(x));
        Check.NoOverlap<T>(a, y, nameof(a), nameof(y));
        for (int i = 0; i < m; i++)
        {
            Span<T> row = a.Slice(i * n, n);
            TensorPrimitives.MultiplyAdd(y, alpha * x[i], row, row);
        }
    }
}
