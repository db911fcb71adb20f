namespace SymGraph.Model;

/// <summary>The kinds of tokens of the <c>.sg</c> language.</summary>
internal enum TokenKind
{
    Number,
    Identifier,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    At,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    BangEqual,
    NewLine,
    EndOfFile,

    /// <summary>Characters no token starts with; the lexer has already reported them.</summary>
    Bad,
}

/// <summary>A position in the text: 1-based line and column, and a length on that line.</summary>
internal readonly struct TextSpan
{
    public TextSpan(int line, int column, int length)
    {
        Line = line;
        Column = column;
        Length = length;
    }

    public int Line { get; }
    public int Column { get; }
    public int Length { get; }

    /// <summary>From the start of <paramref name="first"/> to the end of <paramref name="last"/> (same line), else <paramref name="first"/>.</summary>
    public static TextSpan Cover(TextSpan first, TextSpan last) =>
        first.Line == last.Line && last.Column + last.Length >= first.Column
            ? new TextSpan(first.Line, first.Column, last.Column + last.Length - first.Column)
            : first;
}

/// <summary>A token: its kind, its text as written, where it is, and for numbers the value.</summary>
internal sealed class SyntaxToken
{
    public SyntaxToken(TokenKind kind, string text, TextSpan span, double value = 0)
    {
        Kind = kind;
        Text = text;
        Span = span;
        Value = value;
    }

    public TokenKind Kind { get; }
    public string Text { get; }
    public TextSpan Span { get; }

    /// <summary>The value of a <see cref="TokenKind.Number"/>.</summary>
    public double Value { get; }

    /// <summary>True for a number written with digits only (a dimension, axis or index).</summary>
    public bool IsIntegerLiteral
    {
        get
        {
            if (Kind != TokenKind.Number) return false;
            foreach (char c in Text)
                if (c < '0' || c > '9') return false;
            return true;
        }
    }

    /// <summary>How the token is named in messages: <c>'+'</c>, <c>name 'x'</c>, <c>end of line</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Identifier => $"name '{Text}'",
        TokenKind.Number => $"number '{Text}'",
        TokenKind.NewLine => "end of line",
        TokenKind.EndOfFile => "end of file",
        _ => $"'{Text}'",
    };

    public override string ToString() => Text;
}
