using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGraph.Runtime.Internal;

/// <summary>
/// Per-thread packing buffers for the matrix-multiply engine. Each thread owns two pinned arrays
/// that grow on demand and are never shrunk, so after the first call of a given size no call
/// allocates. Arrays live on the pinned object heap, so the pointers handed out stay valid for the
/// thread's lifetime without <c>fixed</c>; they are aligned to 64 bytes (a cache line).
/// </summary>
internal static unsafe class Scratch<T>
    where T : unmanaged
{
    private const int AlignBytes = 64;

    [ThreadStatic]
    private static T[]? t_first;

    [ThreadStatic]
    private static T[]? t_second;

    /// <summary>The first buffer of this thread, at least <paramref name="length"/> elements.</summary>
    public static T* First(int length) => Get(ref t_first, length);

    /// <summary>The second buffer of this thread, at least <paramref name="length"/> elements.</summary>
    public static T* Second(int length) => Get(ref t_second, length);

    private static T* Get(ref T[]? buffer, int length)
    {
        int needed = length + (AlignBytes / sizeof(T));
        if (buffer is null || buffer.Length < needed)
        {
            // Grow geometrically so a sequence of slightly larger calls does not reallocate each time.
            int size = Math.Max(needed, buffer is null ? 0 : (int)Math.Min(int.MaxValue, buffer.Length * 3L / 2));
            buffer = GC.AllocateUninitializedArray<T>(size, pinned: true);
        }

        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((p + (AlignBytes - 1)) & ~(nint)(AlignBytes - 1));
    }
}
