namespace SymGraph.Runtime.Internal;

/// <summary>Which implementation a matrix product uses; tests force each one.</summary>
internal enum GemmPath
{
    /// <summary>Blocked engine when the hardware and the size warrant it, otherwise the simple one.</summary>
    Auto,

    /// <summary>Always <see cref="Gemm{T}"/> (requires Vector256 acceleration).</summary>
    Blocked,

    /// <summary>Always <see cref="GemmSimple{T}"/>.</summary>
    Simple,
}
