using System.Collections.Generic;
using System.Linq;
using SymGraph.Model;

namespace SymGraph.Codegen;

/// <summary>
/// Diagnostics about what a valid model cannot be compiled to (SG05xx), shared by the command line and
/// the source generator: no <c>minimize</c> to differentiate, a Hessian over symbolic shapes or
/// beyond the dense limit. Codes are stable, like the front end's; each message has one method here.
/// </summary>
public static class ModelDiagnostics
{
    /// <summary>The most values a dense Hessian is formed with respect to (its rows and columns).</summary>
    public const int MaxHessianSize = 1000;

    /// <summary>SG0501: a <c>minimize</c> statement is needed.</summary>
    public const string NoCost = "SG0501";

    /// <summary>SG0502: a Hessian with respect to a value whose shape is symbolic.</summary>
    public const string HessianSymbolicShape = "SG0502";

    /// <summary>SG0503: a Hessian larger than the dense limit.</summary>
    public const string HessianTooLarge = "SG0503";

    /// <summary>SG0501 at the start of <paramref name="file"/>: <paramref name="what"/> needs a <c>minimize</c> statement.</summary>
    public static Diagnostic NoCostStatement(string file, string what) =>
        Error(new SourceLocation(file, 1, 1), 0, NoCost, $"{what} needs a 'minimize' statement; this model has none");

    /// <summary>SG0502 at the declaration of <paramref name="leaf"/>.</summary>
    public static Diagnostic SymbolicHessian(string file, Node leaf) =>
        Error(leaf.Origin ?? new SourceLocation(file, 1, 1), leaf.Name?.Length ?? 0, HessianSymbolicShape,
            $"a Hessian needs values of static shape; '{leaf.Name}' has shape {leaf.Shape}");

    /// <summary>SG0503 at the <c>minimize</c> statement, suggesting <c>wrt</c> with the smallest values that fit.</summary>
    public static Diagnostic HessianLimit(string file, SourceLocation? minimize, string cost, IReadOnlyList<Node> wrt, long entries, int limit)
    {
        // Suggest the smallest values, in declaration order, while they fit together.
        var fit = new List<string>();
        long total = 0;
        foreach (var w in wrt.Where(w => w.Shape.IsStatic).OrderBy(w => (long)w.Shape.ElementCount).ThenBy(w => w.Id))
        {
            if (total + (long)w.Shape.ElementCount > limit) break;
            total += (long)w.Shape.ElementCount;
            fit.Add(w.Name!);
        }
        string hint = fit.Count > 0 && fit.Count < wrt.Count
            ? $"; restrict it with 'wrt', as in 'minimize {cost} wrt {string.Join(", ", wrt.Where(w => fit.Contains(w.Name!)).Select(w => w.Name))}'"
            : "; restrict it with 'wrt' to parameters of at most that many values in all";
        return Error(minimize ?? new SourceLocation(file, 1, 1), minimize is null ? 0 : "minimize".Length, HessianTooLarge,
            $"the dense Hessian would be {entries}×{entries}; symgraph forms Hessians with respect to at most {limit} values{hint}");
    }

    /// <summary>
    /// Why the dense Hessian of <paramref name="model"/>'s cost cannot be formed (SG0502 for a value of
    /// symbolic shape, SG0503 past <see cref="MaxHessianSize"/> values), or null when it can.
    /// </summary>
    public static Diagnostic? CheckDenseHessian(CompiledModel model)
    {
        foreach (var w in model.Wrt)
            if (!w.Shape.IsStatic) return SymbolicHessian(model.FileName, w);
        long n = model.Wrt.Sum(w => (long)w.Shape.ElementCount);
        return n <= MaxHessianSize ? null
            : HessianLimit(model.FileName, model.MinimizeLocation, model.Minimize!.Name, model.Wrt, n, MaxHessianSize);
    }

    private static Diagnostic Error(SourceLocation at, int length, string code, string message) =>
        new(at, length, DiagnosticSeverity.Error, code, message);
}
