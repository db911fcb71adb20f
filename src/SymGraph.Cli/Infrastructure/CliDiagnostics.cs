using System.Collections.Generic;
using System.Linq;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// Diagnostics the command line adds to the model front end's (SG01xx–SG04xx): requests a valid model
/// cannot satisfy. Codes are stable, like the front end's; each message has one method here.
/// </summary>
internal static class CliDiagnostics
{
    /// <summary>SG0501: the command needs a <c>minimize</c> statement.</summary>
    public const string NoCost = "SG0501";

    /// <summary>SG0502: a Hessian with respect to a value whose shape is symbolic.</summary>
    public const string HessianSymbolicShape = "SG0502";

    /// <summary>SG0503: a Hessian larger than the dense limit.</summary>
    public const string HessianTooLarge = "SG0503";

    /// <summary>SG0109 (<see cref="DiagnosticCode.NotText"/>): the file is not text; found when reading it, before the front end sees it.</summary>
    public static Diagnostic NotText(string file, int line, int column, string detail, string what) =>
        Error(new SourceLocation(file, line, column), 1, DiagnosticCode.NotText,
            $"not a text file: {detail}; {what} is UTF-8 text (is this the right file?)");

    public static Diagnostic NoCostStatement(string file, string what) =>
        Error(new SourceLocation(file, 1, 1), 0, NoCost, $"{what} needs a 'minimize' statement; this model has none");

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

    private static Diagnostic Error(SourceLocation at, int length, string code, string message) =>
        new(at, length, DiagnosticSeverity.Error, code, message);
}
