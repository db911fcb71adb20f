using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// Diagnostics the command line adds to the model front end's (SG01xx–SG04xx): requests a valid model
/// cannot satisfy. Codes are stable, like the front end's; each message has one method here.
/// </summary>
internal static class CliDiagnostics
{
    /// <summary>SG0501: the command needs a <c>minimize</c> statement.</summary>
    public const string NoCost = ModelDiagnostics.NoCost;

    /// <summary>SG0502: a Hessian with respect to a value whose shape is symbolic.</summary>
    public const string HessianSymbolicShape = ModelDiagnostics.HessianSymbolicShape;

    /// <summary>SG0503: a Hessian larger than the dense limit.</summary>
    public const string HessianTooLarge = ModelDiagnostics.HessianTooLarge;

    /// <summary>SG0601: a data file with no rows, or a malformed CSV file.</summary>
    public const string DataEmpty = "SG0601";

    /// <summary>SG0602: a column the command needs is not in the data file.</summary>
    public const string DataMissingColumn = "SG0602";

    /// <summary>SG0603: a cell that should be a number is not one (or is empty).</summary>
    public const string DataNotANumber = "SG0603";

    /// <summary>SG0604: a row with more or fewer cells than the first.</summary>
    public const string DataRagged = "SG0604";

    /// <summary>SG0605: the data's features or classes do not fit the model's inputs.</summary>
    public const string DataModelMismatch = "SG0605";

    /// <summary>SG0606: a class label the training data did not have.</summary>
    public const string DataUnknownClass = "SG0606";

    /// <summary>SG0109 (<see cref="DiagnosticCode.NotText"/>): the file is not text; found when reading it, before the front end sees it.</summary>
    public static Diagnostic NotText(string file, int line, int column, string detail, string what) =>
        Error(new SourceLocation(file, line, column), 1, DiagnosticCode.NotText,
            $"not a text file: {detail}; {what} is UTF-8 text (is this the right file?)");

    public static Diagnostic NoCostStatement(string file, string what) => ModelDiagnostics.NoCostStatement(file, what);

    public static Diagnostic SymbolicHessian(string file, Node leaf) => ModelDiagnostics.SymbolicHessian(file, leaf);

    /// <summary>SG0503 at the <c>minimize</c> statement (<see cref="ModelDiagnostics.HessianLimit"/>).</summary>
    public static Diagnostic HessianLimit(string file, SourceLocation? minimize, string cost, IReadOnlyList<Node> wrt, long entries, int limit) =>
        ModelDiagnostics.HessianLimit(file, minimize, cost, wrt, entries, limit);

    /// <summary>SG0601 at the start of <paramref name="file"/>.</summary>
    public static Diagnostic EmptyData(string file, string detail) =>
        Error(new SourceLocation(file, 1, 1), 0, DataEmpty, detail);

    /// <summary>SG0602: <c>there is no column 'kind'; the columns are …</c>, with a suggestion.</summary>
    public static Diagnostic MissingColumn(string file, int line, string name, IReadOnlyList<string> columns, string why)
    {
        string? suggestion = Suggestions.ClosestOrPrefix(name, columns);
        string list = columns.Count <= 12 ? string.Join(", ", columns) : string.Join(", ", columns.Take(6)) + ", …, " + string.Join(", ", columns.Skip(columns.Count - 3));
        return Error(new SourceLocation(file, line, 1), 0, DataMissingColumn,
            $"there is no column '{name}' ({why}){(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}; the columns are {list}");
    }

    /// <summary>SG0603 at row <paramref name="line"/>, column <paramref name="column"/> (1-based) named <paramref name="name"/>.</summary>
    public static Diagnostic NotANumber(string file, int line, int column, string name, string cell) =>
        Error(new SourceLocation(file, line, column), 0, DataNotANumber,
            cell.Trim().Length == 0 ? $"column '{name}': the cell is empty; every feature needs a number" : $"column '{name}': '{Shorten(cell)}' is not a number");

    /// <summary>SG0604: a row whose cell count differs from the first row's.</summary>
    public static Diagnostic Ragged(string file, int line, int cells, int expected) =>
        Error(new SourceLocation(file, line, Math.Max(1, Math.Min(cells, expected) + 1)), 0, DataRagged,
            $"this row has {cells} cell{(cells == 1 ? "" : "s")}; the first row has {expected}");

    /// <summary>SG0605 at the start of the data file: what the data has against what the model declares.</summary>
    public static Diagnostic ModelMismatch(string file, string detail) =>
        Error(new SourceLocation(file, 1, 1), 0, DataModelMismatch, detail);

    /// <summary>SG0606: a target value that is not among the classes the model was trained on.</summary>
    public static Diagnostic UnknownClass(string file, int line, int column, string name, string cell, IReadOnlyList<string> classes) =>
        Error(new SourceLocation(file, line, column), 0, DataUnknownClass,
            $"column '{name}': '{Shorten(cell)}' is not one of the classes the model was trained on ({string.Join(", ", classes)})");

    private static string Shorten(string cell) => cell.Length <= 40 ? cell : cell.Substring(0, 37) + "...";

    private static Diagnostic Error(SourceLocation at, int length, string code, string message) =>
        new(at, length, DiagnosticSeverity.Error, code, message);
}
