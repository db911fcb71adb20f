using System;
using System.Collections.Generic;

namespace SymGraph;

/// <summary>
/// Index sets as sorted arrays without repeats, shared freely (never mutated): the first-order
/// dependencies of one element on the differentiated values.
/// </summary>
internal static class IndexSets
{
    public static readonly int[] Empty = Array.Empty<int>();

    /// <summary>The union of <paramref name="sets"/>; returns one of them when the others add nothing.</summary>
    public static int[] UnionOf(IEnumerable<int[]> sets)
    {
        int[]? single = null;
        List<int>? merged = null;
        foreach (var s in sets)
        {
            if (s.Length == 0 || ReferenceEquals(s, single)) continue;
            if (single is null) { single = s; continue; }
            merged ??= new List<int>(single);
            merged.AddRange(s);
        }
        if (merged is null) return single ?? Empty;
        merged.Sort();
        int w = 0;
        for (int r = 0; r < merged.Count; r++)
            if (w == 0 || merged[r] != merged[w - 1]) merged[w++] = merged[r];
        if (w == single!.Length) return single; // the others were inside it
        return merged.GetRange(0, w).ToArray();
    }
}
