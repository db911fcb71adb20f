using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>
/// Collects the diagnostics of one file. Every message of the language is written here, one method
/// per message (minsk's <c>DiagnosticBag</c>), so wording and codes live in one place; the codes are
/// catalogued in <see cref="DiagnosticCode"/>.
/// </summary>
internal sealed class DiagnosticBag : IEnumerable<Diagnostic>
{
    // Kept with their arrival order, so equal positions keep it when sorted. Decide is set for an error
    // whose code and message are decided later (ErrorDecidedLater); Diagnostic holds its place until then.
    private readonly List<(Diagnostic Diagnostic, int Order, Func<(string Code, string Message)>? Decide)> _diagnostics = new();
    private int _added;

    public DiagnosticBag(string file) => File = file;

    public string File { get; }

    /// <summary>
    /// The most diagnostics kept: the <see cref="ModelCompiler.MaxDiagnostics"/> earliest in the file.
    /// Later ones are only counted (<see cref="OmittedErrors"/>, <see cref="OmittedWarnings"/>), so a
    /// file of garbage costs bounded memory (5 MB of random bytes used to give 800,000 of them).
    /// </summary>
    public int Capacity { get; } = ModelCompiler.MaxDiagnostics;

    /// <summary>Errors beyond <see cref="Capacity"/>, counted but not kept.</summary>
    public int OmittedErrors { get; private set; }

    /// <summary>Warnings beyond <see cref="Capacity"/>, counted but not kept.</summary>
    public int OmittedWarnings { get; private set; }

    public bool HasErrors => OmittedErrors > 0 || _diagnostics.Any(d => d.Diagnostic.IsError);

    public int Count => _diagnostics.Count;

    public IEnumerator<Diagnostic> GetEnumerator()
    {
        Decide();
        return _diagnostics.Select(d => d.Diagnostic).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The kept diagnostics (at most <see cref="Capacity"/>) in the order of their positions (stable for equal positions).</summary>
    public List<Diagnostic> ToSortedList()
    {
        Prune();
        Decide();
        return _diagnostics.Select(d => d.Diagnostic).ToList();
    }

    /// <summary>Decides the code and message of the kept diagnostics reported by <see cref="ErrorDecidedLater"/>.</summary>
    private void Decide()
    {
        for (int i = 0; i < _diagnostics.Count; i++)
        {
            var (placeholder, order, decide) = _diagnostics[i];
            if (decide is null) continue;
            var (code, message) = decide();
            _diagnostics[i] = (Make(placeholder.Location, placeholder.Length, placeholder.Severity, code, message), order, null);
        }
    }

    /// <summary>
    /// An error at <paramref name="span"/> whose code and message are decided when the diagnostics are
    /// read, and only if it is among the <see cref="Capacity"/> kept: its position, and so whether it is
    /// kept, is known now; what it says may depend on the rest of the file. The binder binds each
    /// statement as soon as it is parsed, so a name not defined yet is "used before its definition" or
    /// "undefined" depending on lines not read yet.
    /// </summary>
    public void ErrorDecidedLater(TextSpan span, Func<(string Code, string Message)> decide) =>
        Add(new Diagnostic(new SourceLocation(File, span.Line, span.Column), span.Length, DiagnosticSeverity.Error, "", ""), decide);

    /// <summary>Sorts by position and drops (counting them) all but the first <see cref="Capacity"/>.</summary>
    private void Prune()
    {
        _diagnostics.Sort((x, y) =>
        {
            int c = x.Diagnostic.Location.Line.CompareTo(y.Diagnostic.Location.Line);
            if (c == 0) c = x.Diagnostic.Location.Column.CompareTo(y.Diagnostic.Location.Column);
            return c != 0 ? c : x.Order.CompareTo(y.Order);
        });
        for (int i = Capacity; i < _diagnostics.Count; i++)
        {
            if (_diagnostics[i].Diagnostic.IsError) OmittedErrors++;
            else OmittedWarnings++;
        }
        if (_diagnostics.Count > Capacity) _diagnostics.RemoveRange(Capacity, _diagnostics.Count - Capacity);
    }

    private void Error(TextSpan span, string code, string message) => Add(span, DiagnosticSeverity.Error, code, message);

    private void Warning(TextSpan span, string code, string message) => Add(span, DiagnosticSeverity.Warning, code, message);

    /// <summary>The longest message kept whole; longer ones (quoting a 20 MB name, say) are cut, so one diagnostic is one readable line.</summary>
    private const int MaxMessageLength = 500;

    private void Add(TextSpan span, DiagnosticSeverity severity, string code, string message) =>
        Add(Make(new SourceLocation(File, span.Line, span.Column), span.Length, severity, code, message), null);

    private static Diagnostic Make(SourceLocation location, int length, DiagnosticSeverity severity, string code, string message)
    {
        if (message.Length > MaxMessageLength) message = message.Substring(0, MaxMessageLength) + "… (cut)";
        return new Diagnostic(location, length, severity, code, message);
    }

    private void Add(Diagnostic diagnostic, Func<(string Code, string Message)>? decide)
    {
        _diagnostics.Add((diagnostic, _added++, decide));
        // Pruning at twice the capacity keeps the earliest diagnostics at an amortized O(log capacity) each.
        if (_diagnostics.Count >= 2 * Capacity) Prune();
    }

    private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";

    /// <summary>A character as shown in messages: itself, or U+XXXX when it would be invisible.</summary>
    private static string Show(string ch) =>
        ch.Length == 1 && (char.IsControl(ch[0]) || char.IsWhiteSpace(ch[0]) || char.IsSurrogate(ch[0]) || ch[0] == '\uFEFF')
            ? $"U+{(int)ch[0]:X4}"
            : $"'{ch}'";

    // ---- SG01xx: lexical and syntax -------------------------------------------------------------

    public void ReportUnexpectedCharacter(TextSpan span, string ch) =>
        Error(span, DiagnosticCode.UnexpectedCharacter, $"unexpected character {Show(ch)}");

    public void ReportInvalidNumber(TextSpan span, string text) =>
        Error(span, DiagnosticCode.InvalidNumber, $"invalid number '{text}'");

    public void ReportUnexpectedToken(TextSpan span, string expected, string found, string? suggestion = null) =>
        Error(span, DiagnosticCode.UnexpectedToken, $"expected {expected}, found {found}{DidYouMean(suggestion)}");

    public void ReportUnclosed(TextSpan span, string close, SyntaxToken open, string found) =>
        Error(span, DiagnosticCode.UnexpectedToken, $"expected {close} to close the '{open.Text}' at column {open.Span.Column}, found {found}");

    public void ReportUnclosedAcrossLines(SyntaxToken open, string close, string found, int foundLine) =>
        Error(open.Span, DiagnosticCode.UnexpectedToken, $"'{open.Text}' is not closed: expected {close} before {found} on line {foundLine}");

    public void ReportExpectedExpression(TextSpan span, string found) =>
        Error(span, DiagnosticCode.ExpectedExpression, $"expected an expression, found {found}");

    public void ReportNestedTooDeeply(TextSpan span, int limit) =>
        Error(span, DiagnosticCode.NestedTooDeeply, $"expression nested too deeply (more than {limit} levels of parentheses, brackets and calls)");

    public void ReportChainedComparison(TextSpan span, string op) =>
        Error(span, DiagnosticCode.ChainedComparison, $"comparisons do not chain: add parentheses around one side of '{op}'");

    public void ReportExpectedStatement(TextSpan span, string found) =>
        Error(span, DiagnosticCode.ExpectedStatement, $"expected 'input', 'param', an assignment, 'minimize' or 'output', found {found}");

    public void ReportInvalidDimension(TextSpan span, string text) =>
        Error(span, DiagnosticCode.InvalidDimension, $"invalid dimension '{text}': a dimension is a non-negative integer below 2^31 or a size name");

    // ---- SG02xx: names and binding --------------------------------------------------------------

    public void ReportUndefinedName(TextSpan span, string name, string? suggestion) =>
        Error(span, DiagnosticCode.UndefinedName, UndefinedName(name, suggestion));

    private static string UndefinedName(string name, string? suggestion) => $"undefined name '{name}'{DidYouMean(suggestion)}";

    private static string UsedBeforeDefinition(string name, int definitionLine) => $"'{name}' is used before it is defined (on line {definitionLine})";

    /// <summary>
    /// A name used before anything in the file so far defines it: SG0202 (used before its definition)
    /// if a later line defines it, else SG0222 if it names a function, else SG0201 (undefined, with
    /// <paramref name="suggestion"/>). Decided once the file is read (see <see cref="ErrorDecidedLater"/>):
    /// <paramref name="definitionLine"/> then gives the line of the name's first definition, if any.
    /// </summary>
    public void ReportNotYetDefined(TextSpan span, string name, Func<int?> definitionLine, Func<string?> suggestion) =>
        ErrorDecidedLater(span, () =>
            definitionLine() is int line ? (DiagnosticCode.UsedBeforeDefinition, UsedBeforeDefinition(name, line))
            : Functions.Find(name) is not null ? (DiagnosticCode.FunctionUsedAsValue, FunctionUsedAsValue(name))
            : (DiagnosticCode.UndefinedName, UndefinedName(name, suggestion())));

    public void ReportRedefinition(TextSpan span, string name, int previousLine) =>
        Error(span, DiagnosticCode.Redefinition, $"'{name}' is already defined (on line {previousLine})");

    public void ReportDimensionConflict(TextSpan span, string name, Shape previous, int previousLine, Shape now) =>
        Error(span, DiagnosticCode.DimensionConflict, $"'{name}' is declared as {previous} on line {previousLine} but as {now} here");

    public void ReportUnknownFunction(TextSpan span, string name, string? suggestion) =>
        Error(span, DiagnosticCode.UnknownFunction, $"unknown function '{name}'{DidYouMean(suggestion)}");

    public void ReportTooManyArguments(TextSpan span, string function, int max, int given) =>
        Error(span, DiagnosticCode.TooManyArguments, $"{function}: takes at most {max} argument{(max == 1 ? "" : "s")}, got {given}");

    public void ReportUnknownNamedArgument(TextSpan span, string function, string name, string? suggestion) =>
        Error(span, DiagnosticCode.UnknownNamedArgument, $"{function}: has no parameter named '{name}'{DidYouMean(suggestion)}");

    public void ReportDuplicateArgument(TextSpan span, string function, string parameter) =>
        Error(span, DiagnosticCode.DuplicateArgument, $"{function}: '{parameter}' is given more than once");

    public void ReportPositionalAfterNamed(TextSpan span, string function) =>
        Error(span, DiagnosticCode.PositionalAfterNamed, $"{function}: a positional argument cannot follow a named one");

    public void ReportMissingArgument(TextSpan span, string function, string parameter) =>
        Error(span, DiagnosticCode.MissingArgument, $"{function}: missing argument '{parameter}'");

    public void ReportExpectedIntegerLiteral(TextSpan span, string what) =>
        Error(span, DiagnosticCode.ExpectedIntegerLiteral, $"{what} must be an integer literal such as 1 or -1");

    public void ReportExpectedDimensionList(TextSpan span, string function, string parameter) =>
        Error(span, DiagnosticCode.ExpectedDimensionList, $"{function}: '{parameter}' must be a list of dimensions such as [batch, 10]");

    public void ReportInvalidListedDimension(TextSpan span, string function, int size, bool secondInferred) =>
        Error(span, DiagnosticCode.InvalidListedDimension, secondInferred
            ? $"{function}: only one dimension can be -1 (inferred from the others)"
            : $"{function}: {size} is not a dimension: a dimension is a size, a size name, or -1 (inferred from the others)");

    public void ReportExpectedAxisList(TextSpan span, string function, string parameter) =>
        Error(span, DiagnosticCode.ExpectedAxisList, $"{function}: '{parameter}' must be a list of axes such as [1, 0]");

    public void ReportListNotAValue(TextSpan span) =>
        Error(span, DiagnosticCode.ListNotAValue, "a dimension list is not a value (lists are only for shapes, as in reshape(x, [2, 5]))");

    public void ReportDuplicateMinimize(TextSpan span, int firstLine) =>
        Error(span, DiagnosticCode.DuplicateMinimize, $"a model has one 'minimize'; the first is on line {firstLine}");

    public void ReportWrtNotALeaf(TextSpan span, string name) =>
        Error(span, DiagnosticCode.WrtNotALeaf, $"wrt: '{name}' is not an input or a parameter");

    public void ReportDuplicateWrt(TextSpan span, string name) =>
        Error(span, DiagnosticCode.DuplicateWrt, $"wrt: '{name}' is listed more than once");

    public void ReportNothingToDifferentiate(TextSpan span) =>
        Warning(span, DiagnosticCode.NothingToDifferentiate, "minimize: the model declares no 'param', so there is nothing to differentiate (declare one, or add 'wrt')");

    public void ReportDuplicateOutput(TextSpan span, string name) =>
        Warning(span, DiagnosticCode.DuplicateOutput, $"'{name}' is already an output");

    public void ReportNotAFunction(TextSpan span, string name) =>
        Error(span, DiagnosticCode.NotAFunction, $"'{name}' is a value, not a function");

    public void ReportFunctionUsedAsValue(TextSpan span, string name) =>
        Error(span, DiagnosticCode.FunctionUsedAsValue, FunctionUsedAsValue(name));

    private static string FunctionUsedAsValue(string name) => $"'{name}' is a function; call it, as in {name}(x)";

    // ---- SG03xx: shapes -------------------------------------------------------------------------

    public void ReportShapeMismatch(TextSpan span, string detail) =>
        Error(span, DiagnosticCode.ShapeMismatch, detail);

    // what: the cost as the message names it, "'loss'" or "the expression"
    public void ReportTooManySubscripts(TextSpan span, string what, Shape shape, int count) =>
        Error(span, DiagnosticCode.ShapeMismatch, $"subscript: {what} {shape} has {shape.Rank} ax{(shape.Rank == 1 ? "is" : "es")}, but {count} subscript{(count == 1 ? " is" : "s are")} given");

    public void ReportIndexOutOfRange(TextSpan span, int index, int axis, string what, Shape shape) =>
        Error(span, DiagnosticCode.ShapeMismatch, $"index: {index} is out of range for axis {axis} of {what} {shape}");

    // op: "index" or "slice"
    public void ReportSubscriptOnSymbolicAxis(TextSpan span, string op, int axis, string what, Shape shape) =>
        Error(span, DiagnosticCode.ShapeMismatch, $"{op}: axis {axis} of {what} {shape} must have a static size");

    public void ReportCostNotScalar(TextSpan span, string what, Shape shape) =>
        Error(span, DiagnosticCode.CostNotScalar, $"minimize: {what} must be a scalar, but its shape is {shape} (reduce it with sum or mean)");

    public void ReportBuildFailed(TextSpan span, string message) =>
        Error(span, DiagnosticCode.BuildFailed, message);

    // what: "'W'" for a declaration, "this value" for an expression; elements: the static sizes' product,
    // per unit of each symbolic size when the shape has any
    public void ReportTooManyElements(TextSpan span, string what, Shape shape, System.Numerics.BigInteger elements) =>
        Error(span, DiagnosticCode.TooManyElements,
            $"{what} {shape} has {elements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}" +
            $"{string.Concat(shape.Where(d => !d.IsStatic).Select(d => "·" + d.Symbol))} elements; " +
            $"a value has at most {int.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (2^31 - 1)");

    // ---- SG04xx: values files -------------------------------------------------------------------

    public void ReportInvalidJson(TextSpan span, string detail) =>
        Error(span, DiagnosticCode.InvalidJson, $"invalid JSON: {detail}");

    public void ReportValuesNotAnObject(TextSpan span) =>
        Error(span, DiagnosticCode.ValuesNotAnObject, "a values file is a JSON object mapping input and parameter names to numbers or nested arrays");

    public void ReportMissingValue(TextSpan span, string kind, string name, Shape shape) =>
        Error(span, DiagnosticCode.MissingValue, $"no value for {kind} '{name}' {shape}");

    public void ReportUnknownValueName(TextSpan span, string name, string? suggestion) =>
        Error(span, DiagnosticCode.UnknownValueName, $"the model has no input or parameter named '{name}'{DidYouMean(suggestion)}");

    public void ReportDuplicateValue(TextSpan span, string name, int previousLine) =>
        Error(span, DiagnosticCode.DuplicateValue, $"'{name}' is already given (on line {previousLine})");

    public void ReportNotNumeric(TextSpan span, string name, string found) =>
        Error(span, DiagnosticCode.NotNumeric, $"'{name}': expected a number or a nested array of numbers, found {found}");

    // suggestion: "NaN", "Infinity" or "-Infinity", for a string such as "nan" or "-inf"
    public void ReportMisspeltNonFinite(TextSpan span, string name, string text, string suggestion) =>
        Error(span, DiagnosticCode.NotNumeric,
            $"'{name}': \"{text}\" is not a number; did you mean \"{suggestion}\"? (NaN and the infinities are written \"NaN\", \"Infinity\" and \"-Infinity\", exactly so spelled)");

    public void ReportNumberOutOfRange(TextSpan span, string name, string text, bool negative) =>
        Error(span, DiagnosticCode.NumberOutOfRange,
            $"'{name}': '{text}' is out of range for float64 (write \"{(negative ? "-Infinity" : "Infinity")}\" for an infinite value)");

    public void ReportRaggedArray(TextSpan span, string name, string detail) =>
        Error(span, DiagnosticCode.RaggedArray, $"'{name}': ragged array: {detail}");

    public void ReportValueShapeMismatch(TextSpan span, string name, Shape expected, string actual) =>
        Error(span, DiagnosticCode.ValueShapeMismatch, $"'{name}': expected shape {expected}, got {actual}");

    public void ReportSizeConflict(TextSpan span, string name, string symbol, int here, int there, string thereName) =>
        Error(span, DiagnosticCode.SizeConflict, $"'{name}': size '{symbol}' is {here} here but {there} in '{thereName}'");
}
