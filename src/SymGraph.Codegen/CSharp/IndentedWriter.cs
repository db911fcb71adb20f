using System;
using System.Text;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// Text with indentation, one line at a time (the shape Roslyn's source-generator cookbook recommends
/// over building syntax trees). Four spaces per level, <c>\n</c> line endings, no trailing whitespace.
/// </summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>An empty writer at nesting depth 0.</summary>
    public IndentedWriter()
    {
    }

    /// <summary>An empty writer whose lines start at nesting depth <paramref name="depth"/> (text rendered ahead, then <see cref="Append"/>ed).</summary>
    public IndentedWriter(int depth) => _depth = depth;

    /// <summary>Appends the lines of <paramref name="other"/>, already indented.</summary>
    public IndentedWriter Append(IndentedWriter other)
    {
        _text.Append(other._text);
        return this;
    }

    /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
    public IndentedWriter Line(string text = "")
    {
        // Defence in depth: every user-supplied string is sanitized before it gets here, and nothing
        // may start a new line behind the writer's back (a newline in a comment would end it).
        foreach (char c in text)
            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
                throw new InvalidOperationException($"A generated line contains a line terminator (U+{(int)c:X4}): {Identifiers.CommentText(text)}");
        if (text.Length > 0) _text.Append(' ', 4 * _depth).Append(text.TrimEnd());
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public IndentedWriter Open()
    {
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Dedents and writes <c>}</c> (or <paramref name="closing"/>, such as <c>};</c>).</summary>
    public IndentedWriter Close(string closing = "}")
    {
        if (_depth == 0) throw new InvalidOperationException("Unbalanced braces in generated code.");
        _depth--;
        return Line(closing);
    }

    /// <summary>True when nothing has been written.</summary>
    public bool IsEmpty => _text.Length == 0;

    /// <summary>The current nesting depth.</summary>
    public int Depth => _depth;

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();
}
