using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;

namespace SymGraph.Codegen.Expressions;

/// <summary>The vector widths this machine accelerates, as the Expression backend chooses among them.</summary>
public static class VectorWidths
{
    /// <summary>
    /// The widths in bits the hardware accelerates, widest first: 512 where
    /// <see cref="Vector512.IsHardwareAccelerated"/>, 256 where <see cref="Vector256.IsHardwareAccelerated"/>,
    /// 128 where <see cref="Vector128.IsHardwareAccelerated"/> (x64 and ARM64). Empty without SIMD.
    /// </summary>
    public static IReadOnlyList<int> Accelerated { get; } = Find();

    /// <summary>The widest accelerated width in bits, or 0 when there is none (generated loops stay scalar).</summary>
    public static int Widest => Accelerated.Count > 0 ? Accelerated[0] : 0;

    private static int[] Find()
    {
        var widths = new List<int>();
        if (Vector512.IsHardwareAccelerated) widths.Add(512);
        if (Vector256.IsHardwareAccelerated) widths.Add(256);
        if (Vector128.IsHardwareAccelerated) widths.Add(128);
        return widths.ToArray();
    }

    /// <summary>The width an option asks for: null for the widest, 0 for none, else an accelerated width.</summary>
    internal static int Resolve(int? requested, string option)
    {
        if (requested is null) return Widest;
        if (requested == 0 || ((IList<int>)Accelerated).Contains(requested.Value)) return requested.Value;
        throw new ArgumentException(
            $"{option} = {requested}: this machine accelerates vectors of {(Accelerated.Count == 0 ? "no width" : string.Join(", ", Accelerated) + " bits")}; use one of those, 0 for scalar loops, or null for the widest.",
            option);
    }
}
