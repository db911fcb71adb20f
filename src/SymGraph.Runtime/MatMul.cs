using System;
using SymGraph.Runtime.Internal;

namespace SymGraph.Runtime;

/// <summary>
/// Dense matrix products on row-major spans, float64 and float32: the forward product and the two
/// transposed forms that back-propagation needs (for Y = A·B: Ā = Ȳ·Bᵀ, B̄ = Aᵀ·Ȳ), plus
/// matrix-vector products and a rank-1 update.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Every matrix is dense row-major: element (i, j) of an r×c matrix is at
/// <c>i*c + j</c>. Spans may be longer than needed; only the leading elements are read or written.</para>
/// <para><b>Aliasing.</b> The output must not overlap any input (checked: <see cref="ArgumentException"/>).</para>
/// <para><b>Allocation.</b> Large products pack panels of A and B into per-thread pinned scratch
/// buffers that grow on first use and are then reused, so after the first call of a given size on a
/// thread the serial kernels allocate nothing. <c>parallel: true</c> allocates a few small
/// task objects per call.</para>
/// <para><b>Engine.</b> On Vector256 hardware (AVX2) a Goto/BLIS-style blocked engine with a 6×(2 vectors)
/// register microkernel, using FMA where available (results may then differ from an unfused loop in
/// the last bits); tiny or vector-shaped products and other hardware use row-wise
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> loops. Summation order is blocked, so
/// results match a naive triple loop to rounding, not bit for bit. Deterministic for given sizes and
/// hardware, also in parallel mode (each output element is computed by one thread in a fixed order).</para>
/// </remarks>
public static class MatMul
{
    /// <summary>
    /// The smallest product (2·m·k·n floating-point operations) that <c>parallel: true</c> splits
    /// across cores; smaller products run on the calling thread.
    /// </summary>
    public const long ParallelMinFlops = 1L << 22;

    /// <summary>
    /// C[m,n] = A[m,k]·B[k,n], or C += A·B when <paramref name="accumulate"/> is true.
    /// Row-major; <paramref name="c"/> must not overlap <paramref name="a"/> or <paramref name="b"/>.
    /// With k = 0 the product is zero (C is cleared, or left as is when accumulating).
    /// Allocation-free after the first call of a given size on a thread, unless <paramref name="parallel"/>.
    /// </summary>
    /// <param name="a">A, at least m·k elements.</param>
    /// <param name="b">B, at least k·n elements.</param>
    /// <param name="c">C, at least m·n elements; the first m·n are written.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="parallel">Split products of at least <see cref="ParallelMinFlops"/> across the machine's cores.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or C overlaps A or B.</exception>
    public static void Multiply(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<double>.Run(false, false, a, b, c, m, k, n, accumulate, parallel);

    /// <inheritdoc cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool, bool)"/>
    public static void Multiply(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<float>.Run(false, false, a, b, c, m, k, n, accumulate, parallel);

    /// <summary>
    /// C[m,n] = A[m,k]·B[n,k]ᵀ, or C += A·Bᵀ when <paramref name="accumulate"/> is true: B is stored
    /// row-major as n rows of length k (the input-gradient pattern Ā = Ȳ·Bᵀ). Same aliasing and
    /// allocation rules as <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool, bool)"/>.
    /// </summary>
    /// <param name="a">A[m,k], at least m·k elements.</param>
    /// <param name="b">B[n,k] (so that Bᵀ is k×n), at least n·k elements.</param>
    /// <param name="c">C[m,n], at least m·n elements.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A and of the stored B.</param>
    /// <param name="n">Rows of the stored B, columns of C.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="parallel">Split products of at least <see cref="ParallelMinFlops"/> across the machine's cores.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or C overlaps A or B.</exception>
    public static void MultiplyTransposeB(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<double>.Run(false, true, a, b, c, m, k, n, accumulate, parallel);

    /// <inheritdoc cref="MultiplyTransposeB(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool, bool)"/>
    public static void MultiplyTransposeB(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<float>.Run(false, true, a, b, c, m, k, n, accumulate, parallel);

    /// <summary>
    /// C[m,n] = A[k,m]ᵀ·B[k,n], or C += Aᵀ·B when <paramref name="accumulate"/> is true: A is stored
    /// row-major as k rows of length m (the weight-gradient pattern B̄ = Aᵀ·Ȳ). Same aliasing and
    /// allocation rules as <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool, bool)"/>.
    /// </summary>
    /// <param name="a">A[k,m] (so that Aᵀ is m×k), at least k·m elements.</param>
    /// <param name="b">B[k,n], at least k·n elements.</param>
    /// <param name="c">C[m,n], at least m·n elements.</param>
    /// <param name="m">Columns of the stored A, rows of C.</param>
    /// <param name="k">Rows of the stored A and of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="parallel">Split products of at least <see cref="ParallelMinFlops"/> across the machine's cores.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or C overlaps A or B.</exception>
    public static void MultiplyTransposeA(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<double>.Run(true, false, a, b, c, m, k, n, accumulate, parallel);

    /// <inheritdoc cref="MultiplyTransposeA(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool, bool)"/>
    public static void MultiplyTransposeA(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int k, int n, bool accumulate = false, bool parallel = false)
        => MatMulCore<float>.Run(true, false, a, b, c, m, k, n, accumulate, parallel);

    /// <summary>
    /// y[m] = A[m,n]·x[n], or y += A·x when <paramref name="accumulate"/> is true (one SIMD dot
    /// product per row). <paramref name="y"/> must not overlap <paramref name="a"/> or
    /// <paramref name="x"/>. Never allocates.
    /// </summary>
    /// <param name="a">A, row-major, at least m·n elements.</param>
    /// <param name="x">x, at least n elements.</param>
    /// <param name="y">y, at least m elements.</param>
    /// <param name="m">Rows of A.</param>
    /// <param name="n">Columns of A.</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps an input.</exception>
    public static void MultiplyVector(
        ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y, int m, int n, bool accumulate = false)
        => MatMulCore<double>.MultiplyVector(a, x, y, m, n, accumulate);

    /// <inheritdoc cref="MultiplyVector(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, bool)"/>
    public static void MultiplyVector(
        ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y, int m, int n, bool accumulate = false)
        => MatMulCore<float>.MultiplyVector(a, x, y, m, n, accumulate);

    /// <summary>
    /// y[n] = A[m,n]ᵀ·x[m], or y += Aᵀ·x when <paramref name="accumulate"/> is true (one SIMD axpy
    /// per row of A, reading A contiguously). <paramref name="y"/> must not overlap
    /// <paramref name="a"/> or <paramref name="x"/>. Never allocates.
    /// </summary>
    /// <param name="a">A, row-major, at least m·n elements.</param>
    /// <param name="x">x, at least m elements.</param>
    /// <param name="y">y, at least n elements.</param>
    /// <param name="m">Rows of A.</param>
    /// <param name="n">Columns of A.</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or y overlaps an input.</exception>
    public static void MultiplyTransposeAVector(
        ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y, int m, int n, bool accumulate = false)
        => MatMulCore<double>.MultiplyTransposeAVector(a, x, y, m, n, accumulate);

    /// <inheritdoc cref="MultiplyTransposeAVector(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, bool)"/>
    public static void MultiplyTransposeAVector(
        ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y, int m, int n, bool accumulate = false)
        => MatMulCore<float>.MultiplyTransposeAVector(a, x, y, m, n, accumulate);

    /// <summary>
    /// Rank-1 update A[m,n] += α·x[m]·y[n]ᵀ, computed as A[i,j] += (α·x[i])·y[j]
    /// (the gradient of a matrix-vector product). <paramref name="a"/> must not overlap
    /// <paramref name="x"/> or <paramref name="y"/>. Never allocates.
    /// </summary>
    /// <param name="x">x, at least m elements.</param>
    /// <param name="y">y, at least n elements.</param>
    /// <param name="a">A, row-major, at least m·n elements; updated in place.</param>
    /// <param name="m">Rows of A.</param>
    /// <param name="n">Columns of A.</param>
    /// <param name="alpha">Scale α.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or A overlaps an input.</exception>
    public static void AddOuterProduct(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> a, int m, int n, double alpha = 1.0)
        => MatMulCore<double>.AddOuterProduct(x, y, a, m, n, alpha);

    /// <inheritdoc cref="AddOuterProduct(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, double)"/>
    public static void AddOuterProduct(
        ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> a, int m, int n, float alpha = 1.0f)
        => MatMulCore<float>.AddOuterProduct(x, y, a, m, n, alpha);
}
