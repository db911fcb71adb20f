using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>Walks formulas (small trees; recursion is bounded by their size, written by hand).</summary>
internal static class FormulaWalk
{
    /// <summary>The named formulas <paramref name="f"/> calls, transitively, callees before callers, each once.</summary>
    public static IEnumerable<NamedFormula> Helpers(Formula f)
    {
        var found = new List<NamedFormula>();
        Collect(f, found);
        return found;
    }

    private static void Collect(Formula f, List<NamedFormula> found)
    {
        foreach (var child in Children(f)) Collect(child, found);
        if (f is FormulaCall call && !found.Contains(call.Helper))
        {
            Collect(call.Helper.Body, found);
            if (!found.Contains(call.Helper)) found.Add(call.Helper);
        }
    }

    /// <summary>The direct operands of <paramref name="f"/>.</summary>
    public static IEnumerable<Formula> Children(Formula f) => f switch
    {
        FormulaNegate n => new[] { n.Operand },
        FormulaBinary b => new[] { b.Left, b.Right },
        FormulaMath m => m.Arguments,
        FormulaComparison c => new[] { c.Left, c.Right },
        FormulaTest t => new[] { t.Operand },
        FormulaOr o => new[] { o.Left, o.Right },
        FormulaSelect s => new[] { s.Condition, s.IfTrue, s.IfFalse },
        FormulaLet l => new[] { l.Value, l.Body },
        FormulaCall c => c.Arguments,
        _ => System.Array.Empty<Formula>(),
    };
}
