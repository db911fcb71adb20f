using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// Algebraic identities. The default rules are exact under IEEE 754: where an identity fails for
/// some values (signed zeros, infinities, NaN), the rule says so and fires only where the value-range
/// analysis rules those values out. <see cref="RuleKind.Rounding"/> rules replace an expression by a
/// correctly rounded equal (<c>x^2 → x·x</c>); <see cref="RuleKind.FastMath"/> rules
/// (<c>x·0 → 0</c>, <c>x − x → 0</c>) run only under <see cref="SimplifyOptions.FastMath"/>.
/// </summary>
public sealed class SimplifyAlgebra : RulePass
{
    /// <summary>The pass.</summary>
    public static SimplifyAlgebra Instance { get; } = new();

    private SimplifyAlgebra() : base("algebra", CreateRules()) { }

    private static Node Binary(Op op, Node a, Node b) => a.Graph.Apply(op, a, b);

    // a·b when it is surely exact in the element type, as a normal number or zero (a subnormal product
    // may have lost bits); else null. Exact when one factor is a power of two, or when the significant
    // bits of the two add up to at most the type's precision (53 or 24).
    private static double? ExactProduct(double a, double b, DType dtype)
    {
        double p = a * b;
        if (double.IsNaN(p) || double.IsInfinity(p)) return null;
        int precision = dtype == DType.Float32 ? 24 : 53;
        int bits = SignificantBits(a), other = SignificantBits(b);
        if (bits > 1 && other > 1 && bits + other > precision) return null;
        double smallestNormal = dtype == DType.Float32 ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
        if (p != 0 && Math.Abs(p) < smallestNormal) return null;
        if (dtype == DType.Float32 && (double)(float)p != p) return null;
        return p;
    }

    // From the highest set bit of the significand to the lowest (1 for a power of two, 0 for zero).
    private static int SignificantBits(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (((bits >> 52) & 0x7FF) != 0) mantissa |= 1L << 52; // normal: the implicit leading bit
        if (mantissa == 0) return 0;
        int low = 0, high = 0;
        while ((mantissa >> low & 1) == 0) low++;
        while (mantissa >> high > 1) high++;
        return high - low + 1;
    }

    private static Rule[] CreateRules() => new[]
    {
        // x · 1 -> x, 1 · x -> x. Exact for every x (NaN, ±0, ±∞ included).
        Rule.Create("mul-by-one", RuleKind.Exact, Rule.On(typeof(Mul)), (n, c) =>
            n.Op is Mul ? (c.IsUniform(n.Inputs[1], 1.0) ? n.Inputs[0] : c.IsUniform(n.Inputs[0], 1.0) ? n.Inputs[1] : null) : null),

        // x · (−1) -> −x, (−1) · x -> −x. Exact: multiplying by −1 flips the sign bit and nothing else.
        Rule.Create("mul-by-neg-one", RuleKind.Exact, Rule.On(typeof(Mul)), (n, c) =>
            n.Op is Mul ? (c.IsUniform(n.Inputs[1], -1.0) ? Sym.Neg(n.Inputs[0]) : c.IsUniform(n.Inputs[0], -1.0) ? Sym.Neg(n.Inputs[1]) : null) : null),

        // x / 1 -> x. Exact.
        Rule.Create("div-by-one", RuleKind.Exact, Rule.On(typeof(Div)), (n, c) =>
            n.Op is Div && c.IsUniform(n.Inputs[1], 1.0) ? n.Inputs[0] : null),

        // x / (−1) -> −x. Exact.
        Rule.Create("div-by-neg-one", RuleKind.Exact, Rule.On(typeof(Div)), (n, c) =>
            n.Op is Div && c.IsUniform(n.Inputs[1], -1.0) ? Sym.Neg(n.Inputs[0]) : null),

        // x + (−0) -> x always; x + (+0) -> x unless x may be −0. IEEE hazard: −0 + (+0) = +0, so the
        // +0 form is exact only where the range analysis proves x is never −0.
        Rule.Create("add-zero", RuleKind.Exact, Rule.On(typeof(Add)), (n, c) =>
        {
            if (n.Op is not Add) return null;
            for (int i = 0; i < 2; i++)
            {
                var x = Patterns.Other(n, i);
                if (c.IsUniform(n.Inputs[i], -0.0)) return x;
                if (c.IsUniform(n.Inputs[i], 0.0) && !c.Ranges.Of(x).MayBeNegativeZero) return x;
            }
            return null;
        }),

        // x − (+0) -> x always (it is x + (−0)); x − (−0) -> x unless x may be −0 (−0 − (−0) = +0).
        Rule.Create("sub-zero", RuleKind.Exact, Rule.On(typeof(Sub)), (n, c) =>
        {
            if (n.Op is not Sub) return null;
            var x = n.Inputs[0];
            if (c.IsUniform(n.Inputs[1], 0.0)) return x;
            if (c.IsUniform(n.Inputs[1], -0.0) && !c.Ranges.Of(x).MayBeNegativeZero) return x;
            return null;
        }),

        // (−0) − x -> −x always; (+0) − x -> −x unless x may be +0 (+0 − (+0) = +0 but −(+0) = −0).
        Rule.Create("zero-sub", RuleKind.Exact, Rule.On(typeof(Sub)), (n, c) =>
        {
            if (n.Op is not Sub) return null;
            var x = n.Inputs[1];
            if (c.IsUniform(n.Inputs[0], -0.0)) return Sym.Neg(x);
            if (c.IsUniform(n.Inputs[0], 0.0) && !c.Ranges.Of(x).MayBePositiveZero) return Sym.Neg(x);
            return null;
        }),

        // −(−x) -> x. Exact (two sign flips).
        Rule.Create("double-neg", RuleKind.Exact, Rule.On(typeof(Neg)), (n, c) =>
            n.Op is Neg && n.Inputs[0].Op is Neg ? n.Inputs[0].Inputs[0] : null),

        // a − (−b) -> a + b. Exact: IEEE 754 defines a − b as a + (−b).
        Rule.Create("sub-neg", RuleKind.Exact, Rule.On(typeof(Sub)), (n, c) =>
            n.Op is Sub && n.Inputs[1].Op is Neg ? Binary(Add.Instance, n.Inputs[0], n.Inputs[1].Inputs[0]) : null),

        // a + (−b) -> a − b, (−a) + b -> b − a. Exact (the same definition; addition commutes exactly).
        Rule.Create("add-neg", RuleKind.Exact, Rule.On(typeof(Add)), (n, c) =>
        {
            if (n.Op is not Add) return null;
            if (n.Inputs[1].Op is Neg) return Binary(Sub.Instance, n.Inputs[0], n.Inputs[1].Inputs[0]);
            if (n.Inputs[0].Op is Neg) return Binary(Sub.Instance, n.Inputs[1], n.Inputs[0].Inputs[0]);
            return null;
        }),

        // (−a)·(−b) -> a·b, (−a)/(−b) -> a/b. Exact: the sign of a product or quotient is the XOR of the signs.
        Rule.Create("neg-times-neg", RuleKind.Exact, Rule.On(typeof(Mul), typeof(Div)), (n, c) =>
            n.Op is Mul or Div && n.Inputs[0].Op is Neg && n.Inputs[1].Op is Neg
                ? Binary(n.Op, n.Inputs[0].Inputs[0], n.Inputs[1].Inputs[0])
                : null),

        // (−a)·c -> a·(−c), c·(−a) -> (−c)·a, (−a)/c -> a/(−c) for a constant c: the sign moves into the
        // constant. Exact (the sign of a product or quotient is the XOR of the signs). Only a negation
        // feeding a product moves: one feeding a sum is absorbed there (add-neg, sub-neg) for free.
        Rule.Create("neg-into-constant", RuleKind.Exact, Rule.On(typeof(Mul), typeof(Div)), (n, c) =>
        {
            if (n.Op is not (Mul or Div)) return null;
            for (int i = n.Op is Div ? 1 : 0; i < 2; i++)
                if (c.Uniform(n.Inputs[i]) is double v && Patterns.Other(n, i).Op is Neg)
                    return i == 1
                        ? Binary(n.Op, n.Inputs[0].Inputs[0], Patterns.UniformLike(-v, n.Inputs[1]))
                        : Binary(n.Op, Patterns.UniformLike(-v, n.Inputs[0]), n.Inputs[1].Inputs[0]);
            return null;
        }),

        // a·(b·x) -> (a·b)·x for constants a, b whose product is exact in the element type (0.0001·2 =
        // 0.0002: a power of two, or small integers). The same real value, rounded once instead of
        // twice; where b·x alone would overflow or lose bits to a subnormal the folded form is the
        // correctly rounded one. Only when b·x has x's shape (b does not broadcast x).
        Rule.Create("scale-of-scale", RuleKind.Rounding, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
            {
                if (c.Uniform(n.Inputs[i]) is not double a || Patterns.Other(n, i) is not { Op: Mul } inner) continue;
                for (int j = 0; j < 2; j++)
                {
                    var x = Patterns.Other(inner, j);
                    if (c.Uniform(inner.Inputs[j]) is not double b || x.Shape != inner.Shape || c.Uniform(x) is not null) continue;
                    if (ExactProduct(a, b, n.DType) is not double product) continue;
                    var constant = Patterns.UniformLike(product, n.Inputs[i]);
                    return i == 0 ? Binary(Mul.Instance, constant, x) : Binary(Mul.Instance, x, constant);
                }
            }
            return null;
        }),

        // x^1 -> x. Exact: pow(x, 1) = x for every x.
        Rule.Create("pow-one", RuleKind.Exact, Rule.On(typeof(Pow)), (n, c) =>
            n.Op is Pow && c.IsUniform(n.Inputs[1], 1.0) ? n.Inputs[0] : null),

        // x^(±0) -> 1. Exact: IEEE 754 pow(x, ±0) = 1 for every x, NaN included.
        Rule.Create("pow-zero", RuleKind.Exact, Rule.On(typeof(Pow)), (n, c) =>
            n.Op is Pow && c.IsUniformZero(n.Inputs[1]) ? Patterns.UniformLike(1.0, n) : null),

        // x^2 -> x·x. Same real value; x·x is correctly rounded, while Math.Pow may be one ulp off
        // (measured: about 4 in 10⁴ random doubles on .NET 10 / Linux), hence Rounding, not Exact.
        Rule.Create("pow-two", RuleKind.Rounding, Rule.On(typeof(Pow)), (n, c) =>
            n.Op is Pow && c.IsUniform(n.Inputs[1], 2.0) ? Binary(Mul.Instance, n.Inputs[0], n.Inputs[0]) : null),

        // x − x -> 0 where x is finite. Exact there (round-to-nearest gives +0); ∞ − ∞ and NaN give NaN,
        // so without a finiteness proof this is the fast-math rule below.
        Rule.Create("sub-self", RuleKind.Exact, Rule.On(typeof(Sub)), (n, c) =>
            n.Op is Sub && ReferenceEquals(n.Inputs[0], n.Inputs[1]) && c.Ranges.Of(n.Inputs[0]).IsFinite
                ? Patterns.UniformLike(0.0, n)
                : null),

        // x · (±0) -> ±0 where x is finite and of known sign. Exact there (the sign of the zero is the
        // XOR of the signs); 0 · ∞ and 0 · NaN are NaN, so x must be proven finite.
        Rule.Create("mul-by-zero", RuleKind.Exact, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
            {
                if (c.Uniform(n.Inputs[i]) is not double z || z != 0) continue;
                var x = c.Ranges.Of(Patterns.Other(n, i));
                if (!x.IsFinite) continue;
                bool zeroNegative = BitConverter.DoubleToInt64Bits(z) != 0;
                if (x.IsNonNegative) return Patterns.UniformLike(zeroNegative ? -0.0 : 0.0, n);
                if (x.IsNegative) return Patterns.UniformLike(zeroNegative ? 0.0 : -0.0, n);
            }
            return null;
        }),

        // where(c, a, a) -> a. Exact.
        Rule.Create("where-same", RuleKind.Exact, Rule.On(typeof(Where)), (n, c) =>
            n.Op is Where && ReferenceEquals(n.Inputs[1], n.Inputs[2]) ? n.Inputs[1] : null),

        // where(c, a, b) -> a when c is a uniform non-zero constant (NaN counts as true, as in evaluation), b when c = 0.
        Rule.Create("where-constant-condition", RuleKind.Exact, Rule.On(typeof(Where)), (n, c) =>
            n.Op is Where && c.Uniform(n.Inputs[0]) is double v ? (v != 0 ? n.Inputs[1] : n.Inputs[2]) : null),

        // maximum(x, x) -> x, minimum(x, x) -> x. Exact (NaN stays NaN).
        Rule.Create("minmax-self", RuleKind.Exact, Rule.On(typeof(Ops.Maximum), typeof(Ops.Minimum)), (n, c) =>
            n.Op is Ops.Maximum or Ops.Minimum && ReferenceEquals(n.Inputs[0], n.Inputs[1]) ? n.Inputs[0] : null),

        // |−x| -> |x|, ||x|| -> |x|, (−x)² -> x², |x|² -> x². Exact: abs clears the sign bit; squaring ignores it.
        Rule.Create("drop-sign-under-even", RuleKind.Exact, Rule.On(typeof(Abs), typeof(Square)), (n, c) =>
            n.Op is Abs or Square && n.Inputs[0].Op is Neg or Abs ? n.Graph.Apply(n.Op, n.Inputs[0].Inputs[0]) : null),

        // |x| -> x, relu(x) -> x, where x ≥ +0 (never −0: |−0| = relu(−0) = +0). Exact there.
        Rule.Create("abs-relu-of-nonnegative", RuleKind.Exact, Rule.On(typeof(Abs), typeof(Relu)), (n, c) =>
            n.Op is Abs or Relu && c.Ranges.Of(n.Inputs[0]).IsNonNegative ? n.Inputs[0] : null),

        // exp(log x) -> x where x ≥ +0 (x < 0 gives NaN, and −0 gives +0). The same real value; the
        // result is x itself rather than x rounded twice.
        Rule.Create("exp-of-log", RuleKind.Rounding, Rule.On(typeof(Exp)), (n, c) =>
            n.Op is Exp && n.Inputs[0].Op is Log && c.Ranges.Of(n.Inputs[0].Inputs[0]).IsNonNegative ? n.Inputs[0].Inputs[0] : null),

        // ---- fast-math: not identities under IEEE 754 ----------------------------------------------

        // x ± 0 -> x, 0 + x -> x for either zero. Hazard: may turn +0 into −0 or back.
        Rule.Create("add-zero-fast", RuleKind.FastMath, Rule.On(typeof(Add), typeof(Sub)), (n, c) =>
        {
            if (n.Op is Add)
                for (int i = 0; i < 2; i++)
                    if (c.IsUniformZero(n.Inputs[i])) return Patterns.Other(n, i);
            return n.Op is Sub && c.IsUniformZero(n.Inputs[1]) ? n.Inputs[0] : null;
        }),

        // 0 − x -> −x. Hazard: the sign of a zero result.
        Rule.Create("zero-sub-fast", RuleKind.FastMath, Rule.On(typeof(Sub)), (n, c) =>
            n.Op is Sub && c.IsUniformZero(n.Inputs[0]) ? Sym.Neg(n.Inputs[1]) : null),

        // x − x -> 0. Hazard: ∞ − ∞ and NaN − NaN are NaN, not 0.
        Rule.Create("sub-self-fast", RuleKind.FastMath, Rule.On(typeof(Sub)), (n, c) =>
            n.Op is Sub && ReferenceEquals(n.Inputs[0], n.Inputs[1]) ? Patterns.UniformLike(0.0, n) : null),

        // x · 0 -> 0 only where x is known finite (0 · ∞ = NaN is kept). Hazard: the sign of the zero.
        Rule.Create("mul-by-zero-fast", RuleKind.FastMath, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
                if (c.IsUniformZero(n.Inputs[i]) && c.Ranges.Of(Patterns.Other(n, i)).IsFinite) return Patterns.UniformLike(0.0, n);
            return null;
        }),

        // c₁ · (c₂ · x) -> (c₁c₂) · x. Hazard: reassociation rounds differently and may overflow or
        // underflow where the original did not (or the reverse).
        Rule.Create("mul-constants-fast", RuleKind.FastMath, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
            {
                if (c.Uniform(n.Inputs[i]) is not double c1) continue;
                var inner = Patterns.Other(n, i);
                if (inner.Op is not Mul) continue;
                for (int j = 0; j < 2; j++)
                {
                    if (c.Uniform(inner.Inputs[j]) is not double c2) continue;
                    var k = Patterns.UniformLike(Patterns.Round(c1 * c2, n.DType), n);
                    return Binary(Mul.Instance, k, Patterns.Other(inner, j));
                }
            }
            return null;
        }),
    };
}
