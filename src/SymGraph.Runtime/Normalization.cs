namespace SymGraph.Runtime;

/// <summary>What <see cref="Kernels.Normalize{T}"/> computes along its axis.</summary>
public enum Normalization
{
    /// <summary>softmax: e^(x − max) / Σ e^(x − max).</summary>
    Softmax,

    /// <summary>log_softmax: (x − max) − ln Σ e^(x − max).</summary>
    LogSoftmax,

    /// <summary>logsumexp, one value per run: max + ln Σ e^(x − max).</summary>
    LogSumExp,
}
