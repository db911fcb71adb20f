using System.Runtime.InteropServices;

namespace SymGraph.Runtime.Tests;

/// <summary>
/// Generic adapters over the public float64/float32 overloads, so each test body is written once and
/// still calls the public entry points of both types.
/// </summary>
internal static class Api
{
    private static Span<double> D<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, double>(s);
    private static ReadOnlySpan<double> D<T>(ReadOnlySpan<T> s) where T : unmanaged => MemoryMarshal.Cast<T, double>(s);
    private static Span<float> F<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, float>(s);
    private static ReadOnlySpan<float> F<T>(ReadOnlySpan<T> s) where T : unmanaged => MemoryMarshal.Cast<T, float>(s);
    private static bool IsD<T>() => typeof(T) == typeof(double);

    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int o, int n, int i, bool acc) where T : unmanaged
    {
        if (IsD<T>()) Reductions.Sum(D(x), D(y), o, n, i, acc); else Reductions.Sum(F(x), F(y), o, n, i, acc);
    }

    public static void ColumnSums<T>(ReadOnlySpan<T> x, Span<T> y, int r, int c, bool acc) where T : unmanaged
    {
        if (IsD<T>()) Reductions.ColumnSums(D(x), D(y), r, c, acc); else Reductions.ColumnSums(F(x), F(y), r, c, acc);
    }

    public static void RowSums<T>(ReadOnlySpan<T> x, Span<T> y, int r, int c, bool acc) where T : unmanaged
    {
        if (IsD<T>()) Reductions.RowSums(D(x), D(y), r, c, acc); else Reductions.RowSums(F(x), F(y), r, c, acc);
    }

    public static double SumAll<T>(ReadOnlySpan<T> x) where T : unmanaged
        => IsD<T>() ? Reductions.SumAll(D(x)) : Reductions.SumAll(F(x));

    public static double MaxAll<T>(ReadOnlySpan<T> x) where T : unmanaged
        => IsD<T>() ? Reductions.MaxAll(D(x)) : Reductions.MaxAll(F(x));

    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, int o, int n, int i) where T : unmanaged
    {
        if (IsD<T>()) Reductions.Max(D(x), D(y), o, n, i); else Reductions.Max(F(x), F(y), o, n, i);
    }

    public static void MaxWithTies<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> c, int o, int n, int i) where T : unmanaged
    {
        if (IsD<T>()) Reductions.MaxWithTies(D(x), D(y), D(c), o, n, i); else Reductions.MaxWithTies(F(x), F(y), F(c), o, n, i);
    }

    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.Softmax(D(x), D(y), r, n); else SoftmaxKernels.Softmax(F(x), F(y), r, n);
    }

    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.LogSoftmax(D(x), D(y), r, n); else SoftmaxKernels.LogSoftmax(F(x), F(y), r, n);
    }

    public static void LogSumExp<T>(ReadOnlySpan<T> x, Span<T> y, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.LogSumExp(D(x), D(y), r, n); else SoftmaxKernels.LogSumExp(F(x), F(y), r, n);
    }

    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> xbar, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.SoftmaxBackward(D(y), D(g), D(xbar), r, n); else SoftmaxKernels.SoftmaxBackward(F(y), F(g), F(xbar), r, n);
    }

    public static void LogSoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> xbar, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.LogSoftmaxBackward(D(y), D(g), D(xbar), r, n); else SoftmaxKernels.LogSoftmaxBackward(F(y), F(g), F(xbar), r, n);
    }

    public static void CrossEntropy<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, Span<T> loss, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.CrossEntropyLogits(D(z), D(y), D(loss), r, n); else SoftmaxKernels.CrossEntropyLogits(F(z), F(y), F(loss), r, n);
    }

    public static void CrossEntropyBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> zbar, int r, int n) where T : unmanaged
    {
        if (IsD<T>()) SoftmaxKernels.CrossEntropyLogitsBackward(D(z), D(y), D(g), D(zbar), r, n);
        else SoftmaxKernels.CrossEntropyLogitsBackward(F(z), F(y), F(g), F(zbar), r, n);
    }
}
