using System;
namespace SymGraph.Runtime.Internal;

/// <summary>Argument checks shared by the public kernels. They throw; kernels never return error codes.</summary>
internal static class Check
{
    /// <summary>Throws when a dimension is negative.</summary>
    public static void Dim(int value, string name) => ArgumentOutOfRangeException.ThrowIfNegative(value, name);

    /// <summary>The product of two dimensions as an element count; throws when it does not fit a span.</summary>
    public static int Size(int a, int b)
    {
        long size = (long)a * b;
        if (size > int.MaxValue)
        {
            throw new ArgumentException($"A tensor of {a}×{b} elements does not fit in a span.");
        }

        return (int)size;
    }

    /// <summary>The product of three dimensions as an element count; throws when it does not fit a span.</summary>
    public static int Size(int a, int b, int c) => Size(Size(a, b), c);

    /// <summary>Throws when <paramref name="span"/> is shorter than <paramref name="needed"/>.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, int needed, string name)
    {
        if (span.Length < needed)
        {
            throw new ArgumentException($"'{name}' has {span.Length} elements; at least {needed} are needed.", name);
        }
    }

    /// <summary>Throws when the used part of an output overlaps the used part of an input.</summary>
    public static void NoOverlap<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> input, string outputName, string inputName)
    {
        if (output.Overlaps(input))
        {
            throw new ArgumentException($"'{outputName}' must not overlap '{inputName}'.", outputName);
        }
    }

    /// <summary>
    /// Throws when an output overlaps an input other than exactly (same start and length), the
    /// aliasing that row-wise kernels support.
    /// </summary>
    public static void SameOrDisjoint<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> input, string outputName, string inputName)
    {
        if (output.Overlaps(input, out int offset) && (offset != 0 || output.Length != input.Length))
        {
            throw new ArgumentException($"'{outputName}' must be exactly '{inputName}' or not overlap it.", outputName);
        }
    }
}
