using System;
using System.Globalization;
using System.Text;

namespace SymGraph.Model;

/// <summary>The tokens of JSON.</summary>
internal enum JsonTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Colon,
    Comma,
    String,
    Number,
    True,
    False,
    Null,
    EndOfFile,
}

/// <summary>One JSON token with its position; <see cref="Text"/> is the decoded string for strings.</summary>
internal readonly struct JsonToken
{
    public JsonToken(JsonTokenKind kind, TextSpan span, string text = "", double number = 0)
    {
        Kind = kind;
        Span = span;
        Text = text;
        Number = number;
    }

    public JsonTokenKind Kind { get; }
    public TextSpan Span { get; }
    public string Text { get; }
    public double Number { get; }

    public string Describe() => Kind switch
    {
        JsonTokenKind.String => "a string",
        JsonTokenKind.Number => "a number",
        JsonTokenKind.True or JsonTokenKind.False => "a boolean",
        JsonTokenKind.Null => "null",
        JsonTokenKind.OpenBrace => "an object",
        JsonTokenKind.EndOfFile => "end of file",
        _ => $"'{Text}'",
    };
}

/// <summary>Malformed JSON at a position (caught by <see cref="ModelValues"/> and reported as SG0401).</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(TextSpan span, string message) : base(message) => Span = span;

    public TextSpan Span { get; }
}

/// <summary>
/// A minimal JSON tokenizer (RFC 8259 tokens, positions in 1-based lines and columns). Enough for
/// values files; the library stays free of a JSON package, which the netstandard2.0 build (loaded by
/// the source generator inside the compiler) would otherwise have to carry.
/// </summary>
internal sealed class JsonReader
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public JsonReader(string text)
    {
        _text = text;
        if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = _lineStart = 1;
    }

    private TextSpan SpanFrom(int start) => new(_line, start - _lineStart + 1, _pos - start);

    public JsonToken Next()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r') _pos++;
            else break;
        }
        int start = _pos;
        if (_pos >= _text.Length) return new JsonToken(JsonTokenKind.EndOfFile, SpanFrom(start));
        char ch = _text[_pos];
        switch (ch)
        {
            case '{': _pos++; return new JsonToken(JsonTokenKind.OpenBrace, SpanFrom(start), "{");
            case '}': _pos++; return new JsonToken(JsonTokenKind.CloseBrace, SpanFrom(start), "}");
            case '[': _pos++; return new JsonToken(JsonTokenKind.OpenBracket, SpanFrom(start), "[");
            case ']': _pos++; return new JsonToken(JsonTokenKind.CloseBracket, SpanFrom(start), "]");
            case ':': _pos++; return new JsonToken(JsonTokenKind.Colon, SpanFrom(start), ":");
            case ',': _pos++; return new JsonToken(JsonTokenKind.Comma, SpanFrom(start), ",");
            case '"': return ReadString();
        }
        if (ch == '-' || (ch >= '0' && ch <= '9')) return ReadNumber();
        if (char.IsLetter(ch))
        {
            while (_pos < _text.Length && char.IsLetter(_text[_pos])) _pos++;
            string word = _text.Substring(start, _pos - start);
            return word switch
            {
                "true" => new JsonToken(JsonTokenKind.True, SpanFrom(start), word),
                "false" => new JsonToken(JsonTokenKind.False, SpanFrom(start), word),
                "null" => new JsonToken(JsonTokenKind.Null, SpanFrom(start), word),
                _ => throw new JsonSyntaxException(SpanFrom(start), $"unexpected word '{(word.Length > 20 ? word.Substring(0, 20) + "…" : word)}'"),
            };
        }
        _pos++;
        throw new JsonSyntaxException(SpanFrom(start), char.IsControl(ch) || char.IsWhiteSpace(ch) || char.IsSurrogate(ch)
            ? $"unexpected character U+{(int)ch:X4}"
            : $"unexpected character '{ch}'");
    }

    // -? digits [. digits] [e [+-] digits]
    private JsonToken ReadNumber()
    {
        int start = _pos;
        if (Peek() == '-') _pos++;
        int digits = SkipDigits();
        if (Peek() == '.')
        {
            _pos++;
            digits = Math.Min(digits, SkipDigits());
        }
        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-') _pos++;
            digits = Math.Min(digits, SkipDigits());
        }
        string text = _text.Substring(start, _pos - start);
        if (digits == 0) throw new JsonSyntaxException(SpanFrom(start), $"invalid number '{text}'");
        // Valid JSON beyond float64 (1e400) is an infinity here, which the reader of the value reports.
        // (.NET parses it so; .NET Framework, under the netstandard2.0 build, fails instead.)
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        return new JsonToken(JsonTokenKind.Number, SpanFrom(start), text, value);
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private int SkipDigits()
    {
        int start = _pos;
        while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9') _pos++;
        return _pos - start;
    }

    private JsonToken ReadString()
    {
        int start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n' || _text[_pos] == '\r')
                throw new JsonSyntaxException(SpanFrom(start), "unterminated string");
            char c = _text[_pos++];
            if (c == '"') break;
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            char e = Peek();
            _pos++;
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when _pos + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code):
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw new JsonSyntaxException(SpanFrom(start), "invalid escape in string");
            }
        }
        return new JsonToken(JsonTokenKind.String, SpanFrom(start), sb.ToString());
    }
}
