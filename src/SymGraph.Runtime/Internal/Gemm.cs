using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymGraph.Runtime.Internal;

/// <summary>
/// The blocked matrix-multiply engine behind <see cref="MatMul"/>: C = op(A)·op(B) (+ C), where op
/// is identity or transpose, on row-major storage with leading dimensions.
/// </summary>
/// <remarks>
/// <para>The classic Goto/BLIS structure, in loop order:</para>
/// <code>
/// for jc in n step NC:                 B block kc×nc is packed once and reused by every row block
///   for pc in k step kc:               k is split into equal blocks of at most KC
///     pack B[pc.., jc..]  -> NR-wide column panels, row p of a panel contiguous
///     for ic in m step mc:             A block mc×kc stays in L2
///       pack A[ic.., pc..] -> MR-tall row panels, column p of a panel contiguous
///       for jr in nc step NR:          one B panel (kc×NR) stays in L1
///         for ir in mc step MR:
///           microkernel: C[MR×NR] (+)= Apanel · Bpanel   (12 Vector256 accumulators)
/// </code>
/// <para>Packing reads A and B in whatever layout (transposed or not) they come, so the transposed
/// products need no extra copy and one microkernel serves all of them. Panels are zero-padded to
/// MR / NR; edge tiles are computed whole into a stack tile and only the valid part is written.</para>
/// </remarks>
internal static unsafe class Gemm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the register tile.</summary>
    internal const int MR = 6;

    /// <summary>Upper bound of the k block (depth of one packed panel).</summary>
    internal const int KC = 256;

    /// <summary>
    /// The width in bits of the microkernel's vectors: 512 where <see cref="Vector512.IsHardwareAccelerated"/>,
    /// else 256. Tests set it to run every width the machine has (<see cref="GemmWidth"/>).
    /// </summary>
    internal static int Bits => GemmWidth.Bits;

    /// <summary>Columns of the register tile: two vectors (Vector512: 32 float32, 16 float64; Vector256: 16, 8).</summary>
    internal static int NR => 2 * (Bits / 8 / sizeof(T));

    /// <summary>Upper bound of the row block; mc·KC elements of A are sized for L2.</summary>
    internal static int MC => typeof(T) == typeof(float) ? 144 : 72;

    /// <summary>Upper bound of the column block (a multiple of NR).</summary>
    internal static int NC => typeof(T) == typeof(float) ? 2048 : 1024;

    /// <summary>
    /// C[m,n] = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/>. A(i,p) is
    /// <c>a[i*lda + p]</c>, or <c>a[p*lda + i]</c> when <paramref name="transA"/>; B(p,j) is
    /// <c>b[p*ldb + j]</c>, or <c>b[j*ldb + p]</c> when <paramref name="transB"/>; C(i,j) is
    /// <c>c[i*ldc + j]</c>. C must not overlap A or B. Requires Vector256 hardware acceleration.
    /// </summary>
    public static void Run(
        bool transA, bool transB, int m, int k, int n,
        T* a, nint lda, T* b, nint ldb, T* c, nint ldc, bool accumulate)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    new Span<T>(c + (i * ldc), n).Clear();
                }
            }

            return;
        }

        int nr = NR;
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mBlocks = (m + MC - 1) / MC;
        int mcMax = RoundUp((m + mBlocks - 1) / mBlocks, MR);
        int ncMax = Math.Min(RoundUp(n, nr), NC);

        T* packA = Scratch<T>.First(mcMax * kcMax);
        T* packB = Scratch<T>.Second(kcMax * ncMax);
        T* tile = stackalloc T[MR * 2 * Vector512<T>.Count];
        bool wide = nr == 2 * Vector512<T>.Count;

        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool add = accumulate || pc > 0;
                PackB(transB, b, ldb, pc, jc, kc, nc, packB);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    PackA(transA, a, lda, ic, pc, mc, kc, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrValid = Math.Min(nr, nc - jr);
                        T* bPanel = packB + ((nint)jr * kc);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mrValid = Math.Min(MR, mc - ir);
                            T* aPanel = packA + ((nint)ir * kc);
                            T* cTile = c + ((ic + ir) * ldc) + jc + jr;
                            if (mrValid == MR && nrValid == nr)
                            {
                                if (wide) Kernel512(kc, aPanel, bPanel, cTile, ldc, add);
                                else Kernel(kc, aPanel, bPanel, cTile, ldc, add);
                            }
                            else
                            {
                                if (wide) Kernel512(kc, aPanel, bPanel, tile, nr, add: false);
                                else Kernel(kc, aPanel, bPanel, tile, nr, add: false);
                                WriteEdge(tile, nr, cTile, ldc, mrValid, nrValid, add);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// The register-blocked microkernel: C[MR×NR] (+)= A panel (kc×MR, column p contiguous) · B
    /// panel (kc×NR, row p contiguous). Twelve accumulators, two B vectors and one broadcast of A
    /// fit in the sixteen AVX2 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Kernel(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + w);

            Vector256<T> av = Vector256.Create(a[0]);
            c00 = Simd.MultiplyAdd(av, b0, c00);
            c01 = Simd.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Simd.MultiplyAdd(av, b0, c10);
            c11 = Simd.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Simd.MultiplyAdd(av, b0, c20);
            c21 = Simd.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Simd.MultiplyAdd(av, b0, c30);
            c31 = Simd.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Simd.MultiplyAdd(av, b0, c40);
            c41 = Simd.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Simd.MultiplyAdd(av, b0, c50);
            c51 = Simd.MultiplyAdd(av, b1, c51);

            a += MR;
            b += 2 * w;
        }

        StoreRow(c, w, c00, c01, add);
        StoreRow(c + ldc, w, c10, c11, add);
        StoreRow(c + (2 * ldc), w, c20, c21, add);
        StoreRow(c + (3 * ldc), w, c30, c31, add);
        StoreRow(c + (4 * ldc), w, c40, c41, add);
        StoreRow(c + (5 * ldc), w, c50, c51, add);
    }

    /// <summary>
    /// <see cref="Kernel"/> over Vector512: the same 6×(2 vectors) tile, twice as wide (AVX-512 has 32
    /// registers; twelve accumulators, two B vectors and one broadcast use fifteen).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Kernel512(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);

            Vector512<T> av = Vector512.Create(a[0]);
            c00 = Simd.MultiplyAdd(av, b0, c00);
            c01 = Simd.MultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Simd.MultiplyAdd(av, b0, c10);
            c11 = Simd.MultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Simd.MultiplyAdd(av, b0, c20);
            c21 = Simd.MultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Simd.MultiplyAdd(av, b0, c30);
            c31 = Simd.MultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Simd.MultiplyAdd(av, b0, c40);
            c41 = Simd.MultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Simd.MultiplyAdd(av, b0, c50);
            c51 = Simd.MultiplyAdd(av, b1, c51);

            a += MR;
            b += 2 * w;
        }

        StoreRow512(c, w, c00, c01, add);
        StoreRow512(c + ldc, w, c10, c11, add);
        StoreRow512(c + (2 * ldc), w, c20, c21, add);
        StoreRow512(c + (3 * ldc), w, c30, c31, add);
        StoreRow512(c + (4 * ldc), w, c40, c41, add);
        StoreRow512(c + (5 * ldc), w, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(T* c, int w, Vector512<T> lo, Vector512<T> hi, bool add)
    {
        if (add)
        {
            lo += Vector512.Load(c);
            hi += Vector512.Load(c + w);
        }

        lo.Store(c);
        hi.Store(c + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, int w, Vector256<T> lo, Vector256<T> hi, bool add)
    {
        if (add)
        {
            lo += Vector256.Load(c);
            hi += Vector256.Load(c + w);
        }

        lo.Store(c);
        hi.Store(c + w);
    }

    private static void WriteEdge(T* tile, int ldt, T* c, nint ldc, int rows, int cols, bool add)
    {
        for (int i = 0; i < rows; i++)
        {
            T* src = tile + (i * ldt);
            T* dst = c + (i * ldc);
            if (add)
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] += src[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = src[j];
                }
            }
        }
    }

    /// <summary>
    /// Packs B[pc..pc+kc, jc..jc+nc] into NR-wide panels: panel q holds columns jc+q·NR.. and stores
    /// row p of the panel at <c>dst[q·NR·kc + p·NR]</c>; missing columns of the last panel are zero.
    /// </summary>
    private static void PackB(bool transB, T* b, nint ldb, int pc, int jc, int kc, int nc, T* dst)
    {
        int nr = NR;
        int w = Vector256<T>.Count;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* panel = dst + ((nint)jr * kc);
            if (!transB)
            {
                T* src = b + (pc * ldb) + jc + jr;
                if (cols == nr)
                {
                    for (int p = 0; p < kc; p++, src += ldb)
                    {
                        for (int j = 0; j < nr; j += w)
                        {
                            Vector256.Load(src + j).Store(panel + (p * nr) + j);
                        }
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += ldb)
                    {
                        T* row = panel + (p * nr);
                        int j = 0;
                        for (; j < cols; j++)
                        {
                            row[j] = src[j];
                        }

                        for (; j < nr; j++)
                        {
                            row[j] = T.Zero;
                        }
                    }
                }
            }
            else
            {
                // B(p, j) = b[j*ldb + p]: gather the row p of the panel from `cols` source rows
                // that are each read sequentially, and write the panel contiguously.
                T* src = b + ((jc + jr) * ldb) + pc;
                int p = 0;
                if (cols == nr && nr == 2 * Vector256<T>.Count && Avx.IsSupported)
                {
                    p = TransposePack.PackPanel(src, ldb, kc, panel);
                }

                for (; p < kc; p++)
                {
                    T* row = panel + (p * nr);
                    T* s = src + p;
                    int j = 0;
                    for (; j < cols; j++)
                    {
                        row[j] = s[j * ldb];
                    }

                    for (; j < nr; j++)
                    {
                        row[j] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs A[ic..ic+mc, pc..pc+kc] into MR-tall panels: panel q holds rows ic+q·MR.. and stores
    /// column p of the panel at <c>dst[q·MR·kc + p·MR]</c>; missing rows of the last panel are zero.
    /// </summary>
    private static void PackA(bool transA, T* a, nint lda, int ic, int pc, int mc, int kc, T* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            T* panel = dst + ((nint)ir * kc);
            if (transA)
            {
                // A(i, p) = a[p*lda + i]: the MR values of column p are contiguous in the source.
                T* src = a + (pc * lda) + ic + ir;
                if (rows == MR)
                {
                    for (int p = 0; p < kc; p++, src += lda)
                    {
                        T* d = panel + (p * MR);
                        d[0] = src[0];
                        d[1] = src[1];
                        d[2] = src[2];
                        d[3] = src[3];
                        d[4] = src[4];
                        d[5] = src[5];
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += lda)
                    {
                        T* d = panel + (p * MR);
                        int r = 0;
                        for (; r < rows; r++)
                        {
                            d[r] = src[r];
                        }

                        for (; r < MR; r++)
                        {
                            d[r] = T.Zero;
                        }
                    }
                }
            }
            else
            {
                // A(i, p) = a[i*lda + p]: read the MR source rows in step, write the panel contiguously.
                T* src = a + ((ic + ir) * lda) + pc;
                if (rows == MR)
                {
                    T* s0 = src, s1 = src + lda, s2 = src + (2 * lda), s3 = src + (3 * lda), s4 = src + (4 * lda), s5 = src + (5 * lda);
                    for (int p = 0; p < kc; p++)
                    {
                        T* d = panel + (p * MR);
                        d[0] = s0[p];
                        d[1] = s1[p];
                        d[2] = s2[p];
                        d[3] = s3[p];
                        d[4] = s4[p];
                        d[5] = s5[p];
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* d = panel + (p * MR);
                        int r = 0;
                        for (; r < rows; r++)
                        {
                            d[r] = src[(r * lda) + p];
                        }

                        for (; r < MR; r++)
                        {
                            d[r] = T.Zero;
                        }
                    }
                }
            }
        }
    }
}
