using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace SymGraph.Codegen.Compilation;

/// <summary>Generated C# did not compile cleanly. The message lists each diagnostic with the generated line it points at.</summary>
public sealed class CSharpCompilationException : Exception
{
    internal CSharpCompilationException(ImmutableArray<Diagnostic> diagnostics)
        : base(Format(diagnostics))
    {
        Diagnostics = diagnostics.Select(d => d.ToString()).ToArray();
    }

    /// <summary>The compiler's diagnostics (errors, and warnings, which count as errors), formatted.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    private static string Format(ImmutableArray<Diagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        sb.Append("The generated C# does not compile (").Append(diagnostics.Length.ToString(CultureInfo.InvariantCulture))
          .Append(diagnostics.Length == 1 ? " diagnostic" : " diagnostics").Append("):");
        foreach (var d in diagnostics.Take(20))
        {
            sb.Append('\n').Append(d.ToString());
            if (d.Location.IsInSource)
            {
                var span = d.Location.GetLineSpan();
                var line = span.StartLinePosition.Line;
                var text = d.Location.SourceTree!.GetText().Lines[line].ToString();
                sb.Append('\n').Append((line + 1).ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append(" | ").Append(text.Trim());
            }
        }
        if (diagnostics.Length > 20) sb.Append("\n... and ").Append((diagnostics.Length - 20).ToString(CultureInfo.InvariantCulture)).Append(" more.");
        return sb.ToString();
    }
}
