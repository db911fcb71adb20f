using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymGraph.Runtime.Internal;

/// <summary>
/// In-register transposes that pack a full panel of a transposed B (B(p, j) = src[j*ld + p]) for
/// <see cref="Gemm{T}"/>: 8×8 blocks for float32, 4×4 blocks for float64. Scalar packing of a
/// transposed operand writes one element per store with a large stride; this is several times faster.
/// </summary>
internal static unsafe class TransposePack
{
    /// <summary>
    /// Packs rows p = 0.. of a full panel (2·Vector256 columns) as far as whole blocks reach and
    /// returns the first p it did not pack. Requires AVX.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackPanel<T>(T* src, nint ld, int kc, T* panel)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return PackPanel((float*)src, ld, kc, (float*)panel);
        }

        if (typeof(T) == typeof(double))
        {
            return PackPanel((double*)src, ld, kc, (double*)panel);
        }

        return 0;
    }

    private static int PackPanel(float* src, nint ld, int kc, float* panel)
    {
        const int NR = 16;
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            Block8(src + p, ld, panel + (p * NR));
            Block8(src + (8 * ld) + p, ld, panel + (p * NR) + 8);
        }

        return p;
    }

    /// <summary>Writes the 8×8 block src[j*ld + q] (j, q &lt; 8) to dst[q*16 + j].</summary>
    private static void Block8(float* src, nint ld, float* dst)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + (2 * ld));
        Vector256<float> r3 = Avx.LoadVector256(src + (3 * ld));
        Vector256<float> r4 = Avx.LoadVector256(src + (4 * ld));
        Vector256<float> r5 = Avx.LoadVector256(src + (5 * ld));
        Vector256<float> r6 = Avx.LoadVector256(src + (6 * ld));
        Vector256<float> r7 = Avx.LoadVector256(src + (7 * ld));

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + 16, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 32, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 48, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 64, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 80, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 96, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 112, Avx.Permute2x128(u3, u7, 0x31));
    }

    private static int PackPanel(double* src, nint ld, int kc, double* panel)
    {
        const int NR = 8;
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            Block4(src + p, ld, panel + (p * NR));
            Block4(src + (4 * ld) + p, ld, panel + (p * NR) + 4);
        }

        return p;
    }

    /// <summary>Writes the 4×4 block src[j*ld + q] (j, q &lt; 4) to dst[q*8 + j].</summary>
    private static void Block4(double* src, nint ld, double* dst)
    {
        Vector256<double> r0 = Avx.LoadVector256(src);
        Vector256<double> r1 = Avx.LoadVector256(src + ld);
        Vector256<double> r2 = Avx.LoadVector256(src + (2 * ld));
        Vector256<double> r3 = Avx.LoadVector256(src + (3 * ld));

        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);

        Avx.Store(dst, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(dst + 8, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(dst + 16, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(dst + 24, Avx.Permute2x128(t1, t3, 0x31));
    }
}
