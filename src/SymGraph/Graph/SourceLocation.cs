using System;

namespace SymGraph;

/// <summary>A position in a model file (1-based line and column), carried by nodes built from it.</summary>
public sealed class SourceLocation : IEquatable<SourceLocation>
{
    /// <summary>Creates a location.</summary>
    public SourceLocation(string file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file name as given by the user.</summary>
    public string File { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column.</summary>
    public int Column { get; }

    /// <inheritdoc/>
    public bool Equals(SourceLocation? other) =>
        other is not null && File == other.File && Line == other.Line && Column == other.Column;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SourceLocation);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((File.GetHashCode() * 31 + Line) * 31 + Column);

    /// <summary><c>file:line:col</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
