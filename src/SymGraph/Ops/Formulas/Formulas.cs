namespace SymGraph.Ops;

/// <summary>
/// The named formulas the element-wise ops share: each is one helper method in generated C# and
/// inlined by the Expression backend. Their IEEE behaviour is stated here, once.
/// </summary>
public static class Formulas
{
    /// <summary>ln(1 + u), accurate for small u: with w = 1 + u, u where w rounds to 1, w where it overflows, else ln(w)·u/(w − 1) (the rounding of w cancels).</summary>
    public static NamedFormula Log1p { get; } = new("Log1p", "ln(1 + u), accurate for small u.", new[] { "u" },
        Formula.Let("w", 1.0 + Formula.X, w =>
            Formula.Select(Formula.Compare(ComparisonKind.Equal, w, 1.0), Formula.X,
                Formula.Select(Formula.IsInfinity(w), w, Formula.Log(w) * Formula.X / (w - 1.0)))),
        computesInDouble: true);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ) without overflow: with e = e^−|x|, 1/(1 + e) for x ≥ 0 and e/(1 + e) below (NaN stays NaN).</summary>
    public static NamedFormula Sigmoid { get; } = new("Sigmoid", "σ(x) without overflow: e = e^−|x| is at most 1.", new[] { "x" },
        Formula.Let("e", Formula.Exp(-Formula.Abs(Formula.X)), e =>
            Formula.Select(Formula.Compare(ComparisonKind.GreaterEqual, Formula.X, 0.0), 1.0 / (1.0 + e), e / (1.0 + e))),
        computesInDouble: true);

    /// <summary>ln(1 + eˣ) as max(x, 0) + ln(1 + e^−|x|): no overflow, and accurate where eˣ is tiny.</summary>
    public static NamedFormula Softplus { get; } = new("Softplus", "ln(1 + eˣ) as max(x, 0) + ln(1 + e^−|x|).", new[] { "x" },
        Formula.Max(Formula.X, 0.0) + Log1p.Call(Formula.Exp(-Formula.Abs(Formula.X))),
        computesInDouble: true);

    /// <summary>max(x, 0); NaN stays NaN.</summary>
    public static NamedFormula Relu { get; } = new("Relu", "max(x, 0); NaN stays NaN.", new[] { "x" },
        Formula.Select(Formula.Or(Formula.Compare(ComparisonKind.Greater, Formula.X, 0.0), Formula.IsNaN(Formula.X)), Formula.X, 0.0));

    /// <summary>−1, 0 or 1; NaN stays NaN (and sign(−0) = 0).</summary>
    public static NamedFormula Sign { get; } = new("Sign", "−1, 0 or 1; NaN stays NaN.", new[] { "x" },
        Formula.Select(Formula.Compare(ComparisonKind.Greater, Formula.X, 0.0), 1.0,
            Formula.Select(Formula.Compare(ComparisonKind.Less, Formula.X, 0.0), -1.0,
                Formula.Select(Formula.Compare(ComparisonKind.Equal, Formula.X, 0.0), 0.0, double.NaN))));

    /// <summary>max(a, b), the first on ties (so the gradient's tie rule holds), NaN if either is NaN.</summary>
    public static NamedFormula Maximum { get; } = new("Maximum", "max(a, b), the first on ties, NaN if either is NaN.", new[] { "a", "b" },
        Formula.Select(Formula.Or(Formula.IsNaN(Formula.X), Formula.IsNaN(Formula.Y)), double.NaN,
            Formula.Select(Formula.Compare(ComparisonKind.GreaterEqual, Formula.X, Formula.Y), Formula.X, Formula.Y)));

    /// <summary>min(a, b), the first on ties, NaN if either is NaN.</summary>
    public static NamedFormula Minimum { get; } = new("Minimum", "min(a, b), the first on ties, NaN if either is NaN.", new[] { "a", "b" },
        Formula.Select(Formula.Or(Formula.IsNaN(Formula.X), Formula.IsNaN(Formula.Y)), double.NaN,
            Formula.Select(Formula.Compare(ComparisonKind.LessEqual, Formula.X, Formula.Y), Formula.X, Formula.Y)));

    /// <summary>Every named formula, callees before callers (generated code reserves their names).</summary>
    public static System.Collections.Generic.IReadOnlyList<NamedFormula> All { get; } = new[] { Log1p, Sigmoid, Softplus, Relu, Sign, Maximum, Minimum };
}
