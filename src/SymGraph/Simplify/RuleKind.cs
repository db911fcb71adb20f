namespace SymGraph.Simplify;

/// <summary>
/// What a rewrite rule promises about the values the graph computes, from strongest to weakest. Every
/// rule states its kind next to its algebra; the trace records it, so a caller can tell whether a
/// simplified graph is bit-for-bit the original.
/// </summary>
public enum RuleKind
{
    /// <summary>
    /// Bit-for-bit the same result for every input under IEEE 754 (NaN stays NaN, the sign of zero is
    /// kept). Rules whose identity fails for some inputs (signed zeros, infinities) fire only where the
    /// value-range analysis proves those inputs cannot occur.
    /// </summary>
    Exact,

    /// <summary>
    /// The same real-number value, but the result may differ in the last bits (a correctly rounded
    /// replacement for a libm call, a composition that rounds once instead of twice). Never less accurate.
    /// </summary>
    Rounding,

    /// <summary>
    /// A numerically stable form: equal up to rounding wherever the original is finite, and the correct
    /// (finite) value where the original overflows, underflows to <c>log 0</c> or produces NaN.
    /// </summary>
    Stabilizing,

    /// <summary>
    /// Not an identity under IEEE 754 (may change results for infinities, NaN or signed zeros, or
    /// reassociate rounding). Runs only under <see cref="SimplifyOptions.FastMath"/>.
    /// </summary>
    FastMath,
}
