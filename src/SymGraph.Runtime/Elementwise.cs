using System;
using System.Numerics.Tensors;
using SymGraph.Runtime.Internal;

namespace SymGraph.Runtime;

/// <summary>
/// Element-wise kernels over spans, float64 and float32, most of them thin, documented entry points
/// to <see cref="TensorPrimitives"/> (vectorized, accurate to within a few ulps for the
/// transcendental functions).
/// </summary>
/// <remarks>
/// <para><b>Lengths.</b> Inputs of a binary kernel must have equal lengths; the destination must be
/// at least that long, and only its leading elements are written (<see cref="ArgumentException"/>
/// otherwise).</para>
/// <para><b>Aliasing.</b> A destination may be exactly the same span as any input (in place), but
/// must not partially overlap one (<see cref="ArgumentException"/>).</para>
/// <para><b>Allocation.</b> None.</para>
/// </remarks>
public static class Elementwise
{
    /// <summary>dst = x + y, element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand, same length as x.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> dst) => TensorPrimitives.Add(x, y, dst);

    /// <inheritdoc cref="Add(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Add(x, y, dst);

    /// <summary>dst = x − y, element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand, same length as x.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> dst) => TensorPrimitives.Subtract(x, y, dst);

    /// <inheritdoc cref="Subtract(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Subtract(x, y, dst);

    /// <summary>dst = x ⊙ y, element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand, same length as x.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> dst) => TensorPrimitives.Multiply(x, y, dst);

    /// <inheritdoc cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Multiply(x, y, dst);

    /// <summary>dst = x ⊘ y, element-wise (IEEE division: x/0 is ±∞ or NaN). In place allowed; never allocates.</summary>
    /// <param name="x">Dividends.</param>
    /// <param name="y">Divisors, same length as x.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Divide(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> dst) => TensorPrimitives.Divide(x, y, dst);

    /// <inheritdoc cref="Divide(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void Divide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Divide(x, y, dst);

    /// <summary>dst = exp(x), element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Exp(ReadOnlySpan<double> x, Span<double> dst) => TensorPrimitives.Exp(x, dst);

    /// <inheritdoc cref="Exp(ReadOnlySpan{double}, Span{double})"/>
    public static void Exp(ReadOnlySpan<float> x, Span<float> dst) => TensorPrimitives.Exp(x, dst);

    /// <summary>dst = log(x) (natural), element-wise: −∞ at 0, NaN below. In place allowed; never allocates.</summary>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Log(ReadOnlySpan<double> x, Span<double> dst) => TensorPrimitives.Log(x, dst);

    /// <inheritdoc cref="Log(ReadOnlySpan{double}, Span{double})"/>
    public static void Log(ReadOnlySpan<float> x, Span<float> dst) => TensorPrimitives.Log(x, dst);

    /// <summary>dst = tanh(x), element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> dst) => TensorPrimitives.Tanh(x, dst);

    /// <inheritdoc cref="Tanh(ReadOnlySpan{double}, Span{double})"/>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> dst) => TensorPrimitives.Tanh(x, dst);

    /// <summary>dst = σ(x) = 1 / (1 + exp(−x)), element-wise. In place allowed; never allocates.</summary>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> dst)
    {
        // TensorPrimitives.Sigmoid rejects empty input; here an empty span is a no-op like every other kernel.
        if (!x.IsEmpty)
        {
            TensorPrimitives.Sigmoid(x, dst);
        }
    }

    /// <inheritdoc cref="Sigmoid(ReadOnlySpan{double}, Span{double})"/>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> dst)
    {
        if (!x.IsEmpty)
        {
            TensorPrimitives.Sigmoid(x, dst);
        }
    }

    /// <summary>
    /// dst = relu(x) = max(x, 0), element-wise (NaN stays NaN, −0 becomes +0). In place allowed;
    /// never allocates.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Relu(ReadOnlySpan<double> x, Span<double> dst) => TensorPrimitives.Max(x, 0.0, dst);

    /// <inheritdoc cref="Relu(ReadOnlySpan{double}, Span{double})"/>
    public static void Relu(ReadOnlySpan<float> x, Span<float> dst) => TensorPrimitives.Max(x, 0.0f, dst);

    /// <summary>
    /// Backward of relu: dx = dy where x &gt; 0, else 0 (the subgradient relu'(0) = 0; NaN x gives 0).
    /// <paramref name="x"/> may be the relu input or its output (both are positive at the same
    /// places). <paramref name="dx"/> may be exactly <paramref name="x"/> or <paramref name="dy"/>.
    /// Vectorized mask-multiply; never allocates.
    /// </summary>
    /// <param name="x">The relu input (or output).</param>
    /// <param name="dy">The gradient with respect to the relu output, same length as x.</param>
    /// <param name="dx">The gradient with respect to the relu input, at least as long as x.</param>
    /// <exception cref="ArgumentException">Lengths differ, dx is too short, or dx partially overlaps an input.</exception>
    public static void ReluBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
        => ElementwiseCore<double>.ReluBackward(x, dy, dx);

    /// <inheritdoc cref="ReluBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
        => ElementwiseCore<float>.ReluBackward(x, dy, dx);

    /// <summary>y += α·x (BLAS axpy), computed as x·α + y. y may not partially overlap x; never allocates.</summary>
    /// <param name="alpha">Scale α.</param>
    /// <param name="x">Input.</param>
    /// <param name="y">Accumulator, same length as x; updated in place.</param>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        ThrowIfLengthsDiffer(x.Length, y.Length);
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }

    /// <inheritdoc cref="Axpy(double, ReadOnlySpan{double}, Span{double})"/>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        ThrowIfLengthsDiffer(x.Length, y.Length);
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }

    /// <summary>dst = α·x, element-wise. In place allowed; never allocates.</summary>
    /// <param name="alpha">Scale α.</param>
    /// <param name="x">Input.</param>
    /// <param name="dst">Result, at least as long as x.</param>
    public static void Scale(double alpha, ReadOnlySpan<double> x, Span<double> dst) => TensorPrimitives.Multiply(x, alpha, dst);

    /// <inheritdoc cref="Scale(double, ReadOnlySpan{double}, Span{double})"/>
    public static void Scale(float alpha, ReadOnlySpan<float> x, Span<float> dst) => TensorPrimitives.Multiply(x, alpha, dst);

    /// <summary>
    /// Broadcast-adds a row vector to every row of a row-major matrix: dst[r, :] = x[r, :] + b
    /// (the bias pattern X·W + b). <paramref name="dst"/> may be exactly <paramref name="x"/> (in place)
    /// but must not overlap <paramref name="b"/>. Never allocates.
    /// </summary>
    /// <param name="x">The matrix [rows, n].</param>
    /// <param name="b">The row vector, at least n elements.</param>
    /// <param name="dst">The result [rows, n].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="n">Row length.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short or overlaps as described.</exception>
    public static void AddRowVector(ReadOnlySpan<double> x, ReadOnlySpan<double> b, Span<double> dst, int rows, int n)
        => ElementwiseCore<double>.AddRowVector(x, b, dst, rows, n);

    /// <inheritdoc cref="AddRowVector(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int)"/>
    public static void AddRowVector(ReadOnlySpan<float> x, ReadOnlySpan<float> b, Span<float> dst, int rows, int n)
        => ElementwiseCore<float>.AddRowVector(x, b, dst, rows, n);

    private static void ThrowIfLengthsDiffer(int x, int y)
    {
        if (x != y)
        {
            throw new ArgumentException($"'y' has {y} elements; 'x' has {x}.", "y");
        }
    }
}
