using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

/// <summary>
/// Decides which flat loops run in vectors (<see cref="Vectorization"/>), and states the vector form
/// of every scalar function a vectorized loop may apply: the one rule both printers follow.
/// </summary>
/// <remarks>
/// <para>A flat loop, or the innermost loop of a nest (whose loads and stores at the flat counter
/// or at the innermost index move with it; reads at outer indices are broadcast), is vectorized when it has at least <see cref="MinCount"/> iterations (or a symbolic
/// count), and its body consists only of element declarations, plain stores and loads at
/// <c>index + c</c> or at an index that does not depend on the loop (broadcast), sums (accumulations
/// into variables declared before the loop), and applications of formulas whose every function has a
/// vector form (<see cref="Supports(Formula)"/>). Anything else (a <c>tan</c>, a <c>pow</c>, a strided
/// nest, an accumulating store) keeps the scalar loop.</para>
/// <para>Vector forms: arithmetic, comparisons, selects, <c>|x|</c>, <c>√x</c>, <c>max</c> (IEEE
/// 754-2019 maximum, as <see cref="Math.Max(double, double)"/>: NaN if either is NaN, +0 over −0),
/// <c>eˣ</c>, <c>ln x</c>, <c>sin</c>, <c>cos</c> from the runtime's vector functions, and tanh from
/// <see cref="Tanh"/>. Named formulas that compute in double in float32 code (sigmoid, softplus,
/// log1p) compute in float lanes in a vectorized float32 loop.</para>
/// </remarks>
internal static class Vectorizer
{
    /// <summary>Loops with fewer (static) iterations stay scalar: the tail would do all the work.</summary>
    public const int MinCount = 4;

    /// <summary>
    /// tanh x from eˣ and ln x, for vector code (the runtime has no vector tanh): with a = |x| and
    /// m = eʸ − 1 at y = −2a (computed as (u − 1)·y / ln u with u = eʸ, Kahan's trick: the rounding
    /// of u cancels), tanh a = −m / (2 + m). Below 10⁻⁸ tanh x rounds to x (±0 kept), above 20 to ±1.
    /// </summary>
    public static NamedFormula Tanh { get; } = new("VectorTanh", "tanh x = −m/(2 + m) with m = e^(−2|x|) − 1 computed as (u − 1)·y/ln u (u = e^y, y = −2|x|).", new[] { "x" },
        Formula.Let("a", Formula.Abs(Formula.X), a =>
        Formula.Let("y", -2.0 * a, y =>
        Formula.Let("u", Formula.Exp(y), u =>
        Formula.Let("m", Formula.Select(Formula.Compare(ComparisonKind.Equal, u, 1.0), y, (u - 1.0) * y / Formula.Log(u)), m =>
        Formula.Let("t", -m / (2.0 + m), t =>
            Formula.Select(Formula.Compare(ComparisonKind.Less, a, 1e-8), Formula.X,
                Formula.Select(Formula.Compare(ComparisonKind.Greater, a, 20.0),
                    Formula.Select(Formula.Compare(ComparisonKind.Less, Formula.X, 0.0), -1.0, 1.0),
                    Formula.Select(Formula.Compare(ComparisonKind.Less, Formula.X, 0.0), -t, t)))))))));

    /// <summary>The formula a vector loop uses for <paramref name="function"/> when the runtime has no vector method for it, else null.</summary>
    public static NamedFormula? FormulaFor(MathFunction function) => function == MathFunction.Tanh ? Tanh : null;

    /// <summary>True when every part of <paramref name="f"/> has a vector form.</summary>
    public static bool Supports(Formula f) => f switch
    {
        FormulaArgument or FormulaConstant or FormulaVariable => true,
        FormulaNegate n => Supports(n.Operand),
        FormulaBinary b => Supports(b.Left) && Supports(b.Right),
        FormulaMath m => m.Function is not (MathFunction.Tan or MathFunction.Pow) && m.Arguments.All(Supports),
        FormulaComparison c => Supports(c.Left) && Supports(c.Right),
        FormulaTest t => Supports(t.Operand),
        FormulaOr o => Supports(o.Left) && Supports(o.Right),
        FormulaSelect s => Supports(s.Condition) && Supports(s.IfTrue) && Supports(s.IfFalse),
        FormulaLet l => Supports(l.Value) && Supports(l.Body),
        FormulaCall c => c.Arguments.All(Supports) && Supports(c.Helper.Body),
        _ => false,
    };

    /// <summary>
    /// How index <paramref name="e"/> moves with loop variable <paramref name="i"/> (and the nest's flat
    /// <paramref name="counter"/>, which the innermost loop advances with it): 0 when it depends on
    /// neither, 1 when it is <c>i + c</c> or <c>counter + c</c> (c independent of both), null otherwise.
    /// </summary>
    public static int? Stride(IntExpr e, Var i, Var? counter = null) => e switch
    {
        IntConst => 0,
        IntRead r => ReferenceEquals(r.Var, i) || ReferenceEquals(r.Var, counter) ? 1 : 0,
        IntBinary { Operator: IntOperator.Add } b => Stride(b.Left, i, counter) is int l && Stride(b.Right, i, counter) is int r ? l + r : null,
        IntBinary b => Stride(b.Left, i, counter) == 0 && Stride(b.Right, i, counter) == 0 ? 0 : null,
        _ => null,
    };

    /// <summary>How <paramref name="e"/> moves with vectorized loop <paramref name="l"/> (its index, and the counter it advances).</summary>
    public static int? Stride(IntExpr e, Loop l) => Stride(e, l.Index, l.AdvancesCounter ? l.Counter : null);

    /// <summary>
    /// The vectorization of the flat loop <c>for (i &lt; count) body</c> (or the innermost loop of a
    /// nest, which advances <paramref name="counter"/> with i), or null when it stays scalar.
    /// <paramref name="lanes"/> makes the variable of a sum's lanes.
    /// </summary>
    public static Vectorization? Plan(Var i, IntExpr count, IReadOnlyList<Stmt> body, Func<Var, Var> lanes, Var? counter = null)
    {
        if (count.Constant is int n && n < MinCount) return null;
        var declared = new HashSet<Var>();
        var sums = new List<Var>();
        foreach (var s in body)
        {
            bool ok = s switch
            {
                Comment => true,
                Declare d => d.Var.Kind == VarKind.Element && declared.Add(d.Var) && Supports(d.Value, i, counter),
                Store st => !st.IsAccumulating && Stride(st.Index, i, counter) == 1 && Supports(st.Value, i, counter),
                Accumulate a => !declared.Contains(a.Var) && Supports(a.Value, i, counter) && AddOnce(sums, a.Var),
                _ => false,
            };
            if (!ok) return null;
        }
        return new Vectorization(sums.Select(s => new LaneSum(s, lanes(s))).ToArray());
    }

    private static bool AddOnce(List<Var> sums, Var v)
    {
        if (!sums.Contains(v)) sums.Add(v);
        return true;
    }

    private static bool Supports(ValueExpr e, Var i, Var? counter) => e switch
    {
        Literal or Read or SizeProduct => true,
        Load l => Stride(l.Index, i, counter) is 0 or 1,
        Apply a => a.Op.Formula is { } f && Supports(f) && a.Operands.All(o => Supports(o, i, counter)),
        _ => false,
    };
}
