using System;
using System.Runtime.Intrinsics;

namespace SymGraph.Runtime.Internal;

/// <summary>
/// The vector width of the blocked GEMM's microkernel, chosen once at run time: 512 bits where
/// <see cref="Vector512.IsHardwareAccelerated"/>, else 256. Tests force each width the machine
/// accelerates so an AVX2-only and an AVX-512 machine run the same code paths.
/// </summary>
internal static class GemmWidth
{
    /// <summary>The widest width the blocked engine can use here.</summary>
    public static readonly int Widest = Vector512.IsHardwareAccelerated ? 512 : 256;

    [ThreadStatic] private static int t_forced;

    /// <summary>The width in use on this thread (<see cref="Widest"/> unless a test forced one).</summary>
    public static int Bits => t_forced != 0 ? t_forced : Widest;

    /// <summary>Forces <paramref name="bits"/> (512 or 256, accelerated) on this thread until disposed.</summary>
    public static IDisposable Force(int bits)
    {
        if (bits is not (256 or 512) || (bits == 512 && !Vector512.IsHardwareAccelerated))
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "The blocked GEMM runs 256-bit vectors, or 512-bit where accelerated.");
        int previous = t_forced;
        t_forced = bits;
        return new Restore(previous);
    }

    private sealed class Restore : IDisposable
    {
        private readonly int _previous;

        public Restore(int previous) => _previous = previous;

        public void Dispose() => t_forced = _previous;
    }
}
