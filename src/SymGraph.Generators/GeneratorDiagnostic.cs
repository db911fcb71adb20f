using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymGraph.Generators;

/// <summary>
/// A diagnostic as plain values (code, severity, message, file and span), so results that carry
/// diagnostics compare by value between generator runs; <see cref="ToDiagnostic"/> makes the Roslyn one.
/// </summary>
internal sealed record GeneratorDiagnostic(string Code, bool IsError, string Message, string FilePath, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>
    /// A diagnostic at 1-based <paramref name="line"/> and <paramref name="column"/> of <paramref name="text"/>
    /// spanning <paramref name="length"/> characters on that line (clamped to the text).
    /// </summary>
    public static GeneratorDiagnostic At(string code, bool isError, string message, string path, SourceText? text, int line, int column, int length)
    {
        int lineIndex = Math.Max(0, line - 1), columnIndex = Math.Max(0, column - 1), start = 0;
        if (text is not null && text.Lines.Count > 0)
        {
            lineIndex = Math.Min(lineIndex, text.Lines.Count - 1);
            var textLine = text.Lines[lineIndex];
            columnIndex = Math.Min(columnIndex, textLine.End - textLine.Start);
            start = textLine.Start + columnIndex;
            length = Math.Max(0, Math.Min(length, textLine.End - start));
        }
        else
        {
            length = 0;
        }
        return new GeneratorDiagnostic(code, isError, message, path, start, length, lineIndex, columnIndex, lineIndex, columnIndex + length);
    }

    /// <summary>A diagnostic at a location in C# source (a method, a construct).</summary>
    public static GeneratorDiagnostic At(string code, bool isError, string message, Location location)
    {
        var span = location.GetLineSpan();
        return new GeneratorDiagnostic(code, isError, message, span.Path ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
    }

    /// <summary>The Roslyn diagnostic.</summary>
    public Diagnostic ToDiagnostic()
    {
        var descriptor = new DiagnosticDescriptor(Code, Code, "{0}", "SymGraph", IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, isEnabledByDefault: true);
        var location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(Line, Column), new LinePosition(EndLine, EndColumn)));
        return Diagnostic.Create(descriptor, location, Message);
    }
}
