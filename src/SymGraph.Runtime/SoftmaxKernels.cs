using System;
using SymGraph.Runtime.Internal;

namespace SymGraph.Runtime;

/// <summary>
/// Numerically stable softmax, log-softmax, log-sum-exp and softmax cross-entropy along the last
/// axis of a row-major [rows, n] matrix, with their backward passes, float64 and float32.
/// </summary>
/// <remarks>
/// <para><b>Stability.</b> Every row is shifted by its maximum before exponentiation, so logits of
/// any finite magnitude (±1000 and beyond) give finite, correct results; log-softmax and
/// cross-entropy never form log(softmax) (no log of an underflowed 0).</para>
/// <para><b>Non-finite input.</b> A −∞ logit among finite ones gets probability 0 (log-probability
/// −∞). A row that is all −∞, or holds +∞ or NaN, gives NaN outputs (log-sum-exp gives −∞, +∞ and
/// NaN respectively). In cross-entropy a 0 target against a −∞ logit gives NaN (0·∞).</para>
/// <para><b>Aliasing.</b> Outputs may be exactly the same span as a row-wise input where a method
/// says so; otherwise, and for any partial overlap, they must not overlap (checked:
/// <see cref="ArgumentException"/>). Spans may be longer than needed.</para>
/// <para><b>Allocation.</b> None (temporaries live in 256-element stack chunks).</para>
/// </remarks>
public static class SoftmaxKernels
{
    /// <summary>
    /// y[r, :] = softmax(x[r, :]) = exp(x − m) / Σ exp(x − m) with m the row maximum.
    /// <paramref name="y"/> may be exactly <paramref name="x"/> (in place). Never allocates.
    /// </summary>
    /// <param name="x">Logits [rows, n].</param>
    /// <param name="y">Probabilities [rows, n].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length (the softmax axis).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or partially overlaps another.</exception>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y, int rows, int n)
        => SoftmaxCore<double>.Softmax(x, y, rows, n);

    /// <inheritdoc cref="Softmax(ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int rows, int n)
        => SoftmaxCore<float>.Softmax(x, y, rows, n);

    /// <summary>
    /// y[r, :] = log_softmax(x[r, :]) = (x − m) − log Σ exp(x − m) with m the row maximum.
    /// <paramref name="y"/> may be exactly <paramref name="x"/> (in place). Never allocates.
    /// </summary>
    /// <param name="x">Logits [rows, n].</param>
    /// <param name="y">Log-probabilities [rows, n].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length (the softmax axis).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or partially overlaps another.</exception>
    public static void LogSoftmax(ReadOnlySpan<double> x, Span<double> y, int rows, int n)
        => SoftmaxCore<double>.LogSoftmax(x, y, rows, n);

    /// <inheritdoc cref="LogSoftmax(ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int rows, int n)
        => SoftmaxCore<float>.LogSoftmax(x, y, rows, n);

    /// <summary>
    /// y[r] = log Σ_j exp(x[r, j]) = m + log Σ exp(x − m) with m the row maximum; −∞ for an empty
    /// row. <paramref name="y"/> must not overlap <paramref name="x"/>. Never allocates.
    /// </summary>
    /// <param name="x">Input [rows, n].</param>
    /// <param name="y">One result per row, at least rows elements.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length (the reduced axis).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps x.</exception>
    public static void LogSumExp(ReadOnlySpan<double> x, Span<double> y, int rows, int n)
        => SoftmaxCore<double>.LogSumExp(x, y, rows, n);

    /// <inheritdoc cref="LogSumExp(ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void LogSumExp(ReadOnlySpan<float> x, Span<float> y, int rows, int n)
        => SoftmaxCore<float>.LogSumExp(x, y, rows, n);

    /// <summary>
    /// Backward of softmax: given y = softmax(x) and the output gradient ȳ, x̄ = y ⊙ (ȳ − ⟨ȳ, y⟩)
    /// row by row. <paramref name="xbar"/> may be exactly <paramref name="y"/> or
    /// <paramref name="ybar"/>. Never allocates.
    /// </summary>
    /// <param name="y">The softmax output [rows, n].</param>
    /// <param name="ybar">The gradient with respect to y [rows, n].</param>
    /// <param name="xbar">The gradient with respect to x [rows, n].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or partially overlaps another.</exception>
    public static void SoftmaxBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> ybar, Span<double> xbar, int rows, int n)
        => SoftmaxCore<double>.SoftmaxBackward(y, ybar, xbar, rows, n);

    /// <inheritdoc cref="SoftmaxBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> ybar, Span<float> xbar, int rows, int n)
        => SoftmaxCore<float>.SoftmaxBackward(y, ybar, xbar, rows, n);

    /// <summary>
    /// Backward of log-softmax: given y = log_softmax(x) and ȳ, x̄ = ȳ − exp(y)·Σ_j ȳ_j row by row.
    /// <paramref name="xbar"/> may be exactly <paramref name="y"/> or <paramref name="ybar"/>.
    /// Never allocates.
    /// </summary>
    /// <param name="y">The log-softmax output [rows, n].</param>
    /// <param name="ybar">The gradient with respect to y [rows, n].</param>
    /// <param name="xbar">The gradient with respect to x [rows, n].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or partially overlaps another.</exception>
    public static void LogSoftmaxBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> ybar, Span<double> xbar, int rows, int n)
        => SoftmaxCore<double>.LogSoftmaxBackward(y, ybar, xbar, rows, n);

    /// <inheritdoc cref="LogSoftmaxBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> ybar, Span<float> xbar, int rows, int n)
        => SoftmaxCore<float>.LogSoftmaxBackward(y, ybar, xbar, rows, n);

    /// <summary>
    /// Softmax cross-entropy from logits, one loss per row:
    /// loss[r] = −Σ_j y[r, j]·log_softmax(z[r, :])_j = Σ_j y[r, j]·(logsumexp(z[r, :]) − z[r, j]).
    /// Targets need not be one-hot or normalized (soft labels are fine). An empty row has loss 0.
    /// <paramref name="loss"/> must not overlap the inputs. Never allocates.
    /// </summary>
    /// <param name="z">Logits [rows, n].</param>
    /// <param name="y">Targets [rows, n].</param>
    /// <param name="loss">Per-row losses, at least rows elements.</param>
    /// <param name="rows">Number of rows (the batch).</param>
    /// <param name="n">Number of classes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or loss overlaps an input.</exception>
    public static void CrossEntropyLogits(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> loss, int rows, int n)
        => SoftmaxCore<double>.CrossEntropyLogits(z, y, loss, rows, n);

    /// <inheritdoc cref="CrossEntropyLogits(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void CrossEntropyLogits(ReadOnlySpan<float> z, ReadOnlySpan<float> y, Span<float> loss, int rows, int n)
        => SoftmaxCore<float>.CrossEntropyLogits(z, y, loss, rows, n);

    /// <summary>
    /// Backward of <see cref="CrossEntropyLogits(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    /// with respect to the logits: z̄[r, :] = lossBar[r]·(softmax(z[r, :])·Σ_j y[r, j] − y[r, :])
    /// (for one-hot or normalized targets, lossBar[r]·(softmax − y)). <paramref name="zbar"/> may be
    /// exactly <paramref name="z"/>, but must not overlap <paramref name="y"/> or
    /// <paramref name="lossBar"/>. Never allocates.
    /// </summary>
    /// <param name="z">Logits [rows, n].</param>
    /// <param name="y">Targets [rows, n].</param>
    /// <param name="lossBar">The incoming gradient of each row's loss (1/rows for a mean), at least rows elements.</param>
    /// <param name="zbar">The gradient with respect to the logits [rows, n].</param>
    /// <param name="rows">Number of rows (the batch).</param>
    /// <param name="n">Number of classes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or overlaps as described.</exception>
    public static void CrossEntropyLogitsBackward(
        ReadOnlySpan<double> z, ReadOnlySpan<double> y, ReadOnlySpan<double> lossBar, Span<double> zbar, int rows, int n)
        => SoftmaxCore<double>.CrossEntropyLogitsBackward(z, y, lossBar, zbar, rows, n);

    /// <inheritdoc cref="CrossEntropyLogitsBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void CrossEntropyLogitsBackward(
        ReadOnlySpan<float> z, ReadOnlySpan<float> y, ReadOnlySpan<float> lossBar, Span<float> zbar, int rows, int n)
        => SoftmaxCore<float>.CrossEntropyLogitsBackward(z, y, lossBar, zbar, rows, n);
}
