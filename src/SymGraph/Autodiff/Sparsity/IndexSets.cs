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
    public static int[] UnionOf(IEnumerable<int[]> sets) => new Union(0).Of(sets);

    /// <summary>
    /// Unions over indices below a bound, with a mark per index reused across calls: each union costs the
    /// total size of its inputs plus sorting its result, never a sort of the inputs concatenated (a matmul
    /// row of 128 sets of 200,000 indices each is 25 million entries, a 30-second sort).
    /// </summary>
    public sealed class Union
    {
        private int[] _marks;
        private int _epoch;
        private readonly List<int> _result = new();

        public Union(int bound) => _marks = new int[bound];

        public int[] Of(IEnumerable<int[]> sets)
        {
            int[]? largest = null, second = null;
            foreach (var s in sets)
            {
                if (s.Length == 0 || ReferenceEquals(s, largest) || ReferenceEquals(s, second)) continue;
                if (largest is null) { largest = s; continue; }
                second ??= s;
                if (s.Length > largest.Length) (largest, second) = (s, largest);
            }
            if (largest is null) return Empty;
            if (second is null) return largest;
            if (++_epoch == int.MaxValue)
            {
                Array.Clear(_marks, 0, _marks.Length);
                _epoch = 1;
            }
            _result.Clear();
            Add(largest);
            int before = _result.Count;
            foreach (var s in sets)
                if (!ReferenceEquals(s, largest)) Add(s);
            if (_result.Count == before) return largest; // the others were inside it
            var merged = _result.ToArray();
            Array.Sort(merged);
            return merged;
        }

        private void Add(int[] set)
        {
            foreach (int i in set)
            {
                if (i >= _marks.Length) Array.Resize(ref _marks, Math.Max(i + 1, 2 * _marks.Length));
                if (_marks[i] == _epoch) continue;
                _marks[i] = _epoch;
                _result.Add(i);
            }
        }
    }
}
