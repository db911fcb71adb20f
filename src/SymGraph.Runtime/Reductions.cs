using System;
using System.Numerics.Tensors;
using SymGraph.Runtime.Internal;

namespace SymGraph.Runtime;

/// <summary>
/// Sums and maxima along one axis of a row-major tensor, float64 and float32. The tensor is viewed
/// as [outer, n, inner] (the product of the dimensions before, at and after the reduced axis):
/// x[o, i, j] is at <c>(o*n + i)*inner + j</c> and the result y[o, j] at <c>o*inner + j</c>.
/// </summary>
/// <remarks>
/// <para><b>Aliasing.</b> Outputs must not overlap inputs (checked: <see cref="ArgumentException"/>).
/// Spans may be longer than needed; only the leading elements are used.</para>
/// <para><b>Allocation.</b> None.</para>
/// <para><b>Order.</b> Sums are vectorized and blocked, so they match a sequential loop to rounding,
/// not bit for bit; they are deterministic for given sizes and hardware.</para>
/// </remarks>
public static class Reductions
{
    /// <summary>
    /// y[o, j] = Σ_i x[o, i, j] over the middle axis of x viewed as [outer, n, inner], or y += that
    /// sum when <paramref name="accumulate"/> is true. An empty axis (n = 0) sums to zero.
    /// y must not overlap x. Never allocates.
    /// </summary>
    /// <param name="x">The input, at least outer·n·inner elements.</param>
    /// <param name="y">The result [outer, inner], at least outer·inner elements.</param>
    /// <param name="outer">Product of the dimensions before the reduced axis (1 for none).</param>
    /// <param name="n">Length of the reduced axis.</param>
    /// <param name="inner">Product of the dimensions after the reduced axis (1 for none).</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps x.</exception>
    public static void Sum(ReadOnlySpan<double> x, Span<double> y, int outer, int n, int inner, bool accumulate = false)
        => ReductionCore<double>.Sum(x, y, outer, n, inner, accumulate);

    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/>
    public static void Sum(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner, bool accumulate = false)
        => ReductionCore<float>.Sum(x, y, outer, n, inner, accumulate);

    /// <summary>
    /// Column sums of a row-major matrix: y[j] = Σ_i x[i, j] (or y += that), the bias-gradient
    /// pattern b̄ = Σ over the batch of ȳ. Four rows per vectorized sweep. y must not overlap x.
    /// Never allocates.
    /// </summary>
    /// <param name="x">The matrix [rows, cols], at least rows·cols elements.</param>
    /// <param name="y">The sums, at least cols elements.</param>
    /// <param name="rows">Rows of x (the summed axis).</param>
    /// <param name="cols">Columns of x.</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps x.</exception>
    public static void ColumnSums(ReadOnlySpan<double> x, Span<double> y, int rows, int cols, bool accumulate = false)
        => ReductionCore<double>.Sum(x, y, 1, rows, cols, accumulate);

    /// <inheritdoc cref="ColumnSums(ReadOnlySpan{double}, Span{double}, int, int, bool)"/>
    public static void ColumnSums(ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
        => ReductionCore<float>.Sum(x, y, 1, rows, cols, accumulate);

    /// <summary>
    /// Row sums of a row-major matrix: y[i] = Σ_j x[i, j] (or y += that). y must not overlap x.
    /// Never allocates.
    /// </summary>
    /// <param name="x">The matrix [rows, cols], at least rows·cols elements.</param>
    /// <param name="y">The sums, at least rows elements.</param>
    /// <param name="rows">Rows of x.</param>
    /// <param name="cols">Columns of x (the summed axis).</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps x.</exception>
    public static void RowSums(ReadOnlySpan<double> x, Span<double> y, int rows, int cols, bool accumulate = false)
        => ReductionCore<double>.Sum(x, y, rows, cols, 1, accumulate);

    /// <inheritdoc cref="RowSums(ReadOnlySpan{double}, Span{double}, int, int, bool)"/>
    public static void RowSums(ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
        => ReductionCore<float>.Sum(x, y, rows, cols, 1, accumulate);

    /// <summary>The sum of all elements of <paramref name="x"/> (0 when empty). Vectorized; never allocates.</summary>
    /// <param name="x">The elements.</param>
    /// <returns>Σ x.</returns>
    public static double SumAll(ReadOnlySpan<double> x) => TensorPrimitives.Sum(x);

    /// <inheritdoc cref="SumAll(ReadOnlySpan{double})"/>
    public static float SumAll(ReadOnlySpan<float> x) => TensorPrimitives.Sum(x);

    /// <summary>
    /// y[o, j] = max_i x[o, i, j] over the middle axis of x viewed as [outer, n, inner]. NaN if any
    /// reduced element is NaN; −∞ for an empty axis (n = 0, the identity of max); +0 is taken as
    /// larger than −0. y must not overlap x. Never allocates.
    /// </summary>
    /// <param name="x">The input, at least outer·n·inner elements.</param>
    /// <param name="y">The result [outer, inner], at least outer·inner elements.</param>
    /// <param name="outer">Product of the dimensions before the reduced axis (1 for none).</param>
    /// <param name="n">Length of the reduced axis.</param>
    /// <param name="inner">Product of the dimensions after the reduced axis (1 for none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps x.</exception>
    public static void Max(ReadOnlySpan<double> x, Span<double> y, int outer, int n, int inner)
        => ReductionCore<double>.Max(x, y, outer, n, inner);

    /// <inheritdoc cref="Max(ReadOnlySpan{double}, Span{double}, int, int, int)"/>
    public static void Max(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner)
        => ReductionCore<float>.Max(x, y, outer, n, inner);

    /// <summary>
    /// <see cref="Max(ReadOnlySpan{double}, Span{double}, int, int, int)"/> plus, for each result,
    /// the number of reduced elements equal to it: counts[o, j] = #{i : x[o, i, j] == y[o, j]}
    /// (0 where the maximum is NaN or the axis is empty). This is what the gradient of max needs to
    /// split ties evenly: x̄ = ȳ·[x == y] / count. Counts are stored as floating-point numbers so
    /// they divide directly. Neither output may overlap x or the other output. Never allocates.
    /// </summary>
    /// <param name="x">The input, at least outer·n·inner elements.</param>
    /// <param name="y">The maxima [outer, inner], at least outer·inner elements.</param>
    /// <param name="counts">The tie counts [outer, inner], at least outer·inner elements.</param>
    /// <param name="outer">Product of the dimensions before the reduced axis (1 for none).</param>
    /// <param name="n">Length of the reduced axis.</param>
    /// <param name="inner">Product of the dimensions after the reduced axis (1 for none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or outputs overlap.</exception>
    public static void MaxWithTies(ReadOnlySpan<double> x, Span<double> y, Span<double> counts, int outer, int n, int inner)
        => ReductionCore<double>.MaxWithTies(x, y, counts, outer, n, inner);

    /// <inheritdoc cref="MaxWithTies(ReadOnlySpan{double}, Span{double}, Span{double}, int, int, int)"/>
    public static void MaxWithTies(ReadOnlySpan<float> x, Span<float> y, Span<float> counts, int outer, int n, int inner)
        => ReductionCore<float>.MaxWithTies(x, y, counts, outer, n, inner);

    /// <summary>
    /// The largest element of <paramref name="x"/>: NaN if any element is NaN, −∞ when empty.
    /// Vectorized; never allocates.
    /// </summary>
    /// <param name="x">The elements.</param>
    /// <returns>max x.</returns>
    public static double MaxAll(ReadOnlySpan<double> x) => x.IsEmpty ? double.NegativeInfinity : TensorPrimitives.Max(x);

    /// <inheritdoc cref="MaxAll(ReadOnlySpan{double})"/>
    public static float MaxAll(ReadOnlySpan<float> x) => x.IsEmpty ? float.NegativeInfinity : TensorPrimitives.Max(x);
}
