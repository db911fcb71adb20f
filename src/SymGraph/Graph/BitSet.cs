using System;

namespace SymGraph;

/// <summary>A growable set of small non-negative integers (node ids), one bit each.</summary>
internal sealed class BitSet
{
    private ulong[] _words = Array.Empty<ulong>();

    public bool Contains(int i)
    {
        int w = i >> 6;
        return w < _words.Length && (_words[w] & (1UL << (i & 63))) != 0;
    }

    public void Add(int i)
    {
        int w = i >> 6;
        if (w >= _words.Length) Array.Resize(ref _words, Math.Max(w + 1, 2 * _words.Length));
        _words[w] |= 1UL << (i & 63);
    }
}
