using System;

namespace SymGraph.Model;

/// <summary>
/// One message about a model or values file: where (file, 1-based line and column, and the length of
/// the offending text on that line), how serious, a stable code from <see cref="DiagnosticCode"/>, and
/// the message. <see cref="ToString"/> gives MSBuild's canonical form, which editors and CI logs pick up:
/// <c>model.sg(7,12): error SG0301: matmul: cannot multiply [128,784] by [256,10]</c>.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    public Diagnostic(SourceLocation location, int length, DiagnosticSeverity severity, string code, string message)
    {
        Location = location ?? throw new ArgumentNullException(nameof(location));
        if (location.Line < 1 || location.Column < 1) throw new ArgumentOutOfRangeException(nameof(location), location, "Lines and columns are 1-based.");
        Length = Math.Max(0, length);
        Severity = severity;
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>The file, 1-based line and 1-based column (in UTF-16 code units; a tab counts as one) where the problem starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>The number of characters, on <see cref="SourceLocation.Line"/>, that the problem spans (0 at the end of a line or file).</summary>
    public int Length { get; }

    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>The stable code, such as <c>SG0201</c> (see <see cref="DiagnosticCode"/>).</summary>
    public string Code { get; }

    /// <summary>The message, without location, severity or code.</summary>
    public string Message { get; }

    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>MSBuild's canonical form: <c>file(line,col): error CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Location.File}({Location.Line},{Location.Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}
