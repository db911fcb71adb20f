namespace SymGraph.Cli;

/// <summary>SplitMix64 (Steele, Lea and Flood): a tiny generator whose sequence is fixed by its seed forever.</summary>
internal sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The generator's whole state: a generator made with it continues this one's sequence (checkpoints keep it).</summary>
    public ulong State => _state;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="n"/>).</summary>
    public long NextLong(long n) => (long)(Next() % (ulong)n);
}
