using System;

namespace SymGraph.Simplify;

/// <summary>
/// What is known about every element of a node: each non-NaN value lies in [<see cref="Lo"/>,
/// <see cref="Hi"/>] (−0 compares equal to +0 there), NaN occurs only if <see cref="MayBeNaN"/>, and −0
/// only if <see cref="MayBeNegativeZero"/>. Conservative: "may" means "not proven impossible".
/// </summary>
internal readonly struct ValueRange
{
    public ValueRange(double lo, double hi, bool mayBeNaN, bool mayBeNegativeZero)
    {
        if (double.IsNaN(lo)) lo = double.NegativeInfinity;
        if (double.IsNaN(hi)) hi = double.PositiveInfinity;
        Lo = lo;
        Hi = hi;
        MayBeNaN = mayBeNaN;
        MayBeNegativeZero = mayBeNegativeZero && lo <= 0 && hi >= 0;
    }

    public double Lo { get; }
    public double Hi { get; }
    public bool MayBeNaN { get; }
    public bool MayBeNegativeZero { get; }

    /// <summary>Nothing known.</summary>
    public static ValueRange Unknown => new(double.NegativeInfinity, double.PositiveInfinity, true, true);

    /// <summary>Every element is a finite number.</summary>
    public bool IsFinite => !MayBeNaN && !double.IsInfinity(Lo) && !double.IsInfinity(Hi);

    /// <summary>Every element is NaN or ≥ +0 (never −0, never negative).</summary>
    public bool IsNonNegative => Lo >= 0 && !MayBeNegativeZero;

    /// <summary>Every element is NaN or strictly negative.</summary>
    public bool IsNegative => Hi < 0;

    /// <summary>No element is ±0.</summary>
    public bool ExcludesZero => Lo > 0 || Hi < 0;

    /// <summary>Some element may be +0.</summary>
    public bool MayBePositiveZero => Lo <= 0 && Hi >= 0;

    /// <summary>Every element lies in one of the two ranges.</summary>
    public ValueRange Union(ValueRange other) =>
        new(Math.Min(Lo, other.Lo), Math.Max(Hi, other.Hi), MayBeNaN || other.MayBeNaN, MayBeNegativeZero || other.MayBeNegativeZero);

    /// <inheritdoc/>
    public override string ToString() => $"[{Lo}, {Hi}]{(MayBeNaN ? " nan" : "")}{(MayBeNegativeZero ? " -0" : "")}";
}
