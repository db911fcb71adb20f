using System.Collections.Generic;
using System.Globalization;

namespace SymGraph.Model;

/// <summary>
/// Turns <c>.sg</c> text into tokens, one at a time as the parser asks for them (<see cref="Next"/>), so
/// the tokens of a file are never all in memory: a 40 MB model is 11 million tokens. Spaces and tabs
/// separate tokens, <c>#</c> starts a comment that runs to the end of the line, and line ends
/// (<c>\n</c>, <c>\r\n</c>, <c>\r</c>) are tokens because they end statements — except inside an open
/// <c>(</c> or <c>[</c>, where they are dropped so that a long expression can span lines (Python's
/// implicit line joining; see <see cref="Next"/>). Characters no token starts with are reported
/// (SG0101) and become one <see cref="TokenKind.Bad"/> token per run, so the parser can skip them quietly.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;

    // Scanned but not yet returned: at most two, to see whether a line after a line end inside a
    // bracket starts a statement. A queue of two as a pair of fields.
    private SyntaxToken? _ahead0;
    private SyntaxToken? _ahead1;
    private SyntaxToken? _endOfFile;
    private int _open;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
        if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = _lineStart = 1; // a byte-order mark is not text
    }

    /// <summary>Every token up to and including the end of file (for tests: the parser pulls them one by one).</summary>
    public List<SyntaxToken> Lex()
    {
        var tokens = new List<SyntaxToken>();
        SyntaxToken token;
        do tokens.Add(token = Next());
        while (token.Kind != TokenKind.EndOfFile);
        return tokens;
    }

    /// <summary>
    /// The next token; after the end of the file, the end-of-file token again. Line ends inside open
    /// brackets are dropped, so <c>f(a,⏎ b)</c> is one statement. A bracket left open must not swallow
    /// the rest of the file, so a line that starts like a statement (<c>name =</c>, or two names in a
    /// row as in <c>param W</c> or <c>minimize loss</c>, neither of which can continue an expression)
    /// ends it anyway, with the first line end of the run before it: the parser then reports the
    /// unclosed bracket once and goes on with that line.
    /// </summary>
    public SyntaxToken Next()
    {
        while (true)
        {
            var token = Take();
            switch (token.Kind)
            {
                case TokenKind.OpenParen or TokenKind.OpenBracket:
                    _open++;
                    return token;
                case TokenKind.CloseParen or TokenKind.CloseBracket:
                    if (_open > 0) _open--; // a mismatched ']' for '(' still closes: the parser reports it
                    return token;
                case TokenKind.NewLine when _open > 0:
                {
                    while (Ahead(0).Kind == TokenKind.NewLine) Take(); // blank lines: decided once for the run
                    bool startsStatement = Ahead(0).Kind == TokenKind.Identifier
                        && Ahead(1).Kind is TokenKind.Equals or TokenKind.Identifier;
                    if (!startsStatement) continue;
                    _open = 0;
                    return token;
                }
                default:
                    return token;
            }
        }
    }

    /// <summary>The token <paramref name="offset"/> (0 or 1) after those taken, scanning it if needed.</summary>
    private SyntaxToken Ahead(int offset)
    {
        _ahead0 ??= Scan();
        if (offset == 0) return _ahead0;
        return _ahead1 ??= _ahead0.Kind == TokenKind.EndOfFile ? _ahead0 : Scan();
    }

    private SyntaxToken Take()
    {
        var token = Ahead(0);
        _ahead0 = _ahead1;
        _ahead1 = null;
        return token;
    }

    /// <summary>Scans the next token of the text, reporting bad characters and numbers as it goes.</summary>
    private SyntaxToken Scan()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            int start = _pos;
            switch (c)
            {
                case ' ' or '\t' or '\f' or '\v':
                    _pos++;
                    break;
                case '#':
                    while (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r') _pos++;
                    break;
                case '\r' or '\n':
                {
                    var token = Make(TokenKind.NewLine, start, 0);
                    _pos += c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
                    _line++;
                    _lineStart = _pos;
                    return token;
                }
                case '+': return Single(TokenKind.Plus);
                case '-': return Single(TokenKind.Minus);
                case '*': return Single(TokenKind.Star);
                case '/': return Single(TokenKind.Slash);
                case '^': return Single(TokenKind.Caret);
                case '@': return Single(TokenKind.At);
                case '(': return Single(TokenKind.OpenParen);
                case ')': return Single(TokenKind.CloseParen);
                case '[': return Single(TokenKind.OpenBracket);
                case ']': return Single(TokenKind.CloseBracket);
                case ',': return Single(TokenKind.Comma);
                case ':': return Single(TokenKind.Colon);
                case '<': return OneOrTwo(TokenKind.Less, TokenKind.LessEqual);
                case '>': return OneOrTwo(TokenKind.Greater, TokenKind.GreaterEqual);
                case '=': return OneOrTwo(TokenKind.Equals, TokenKind.EqualEqual);
                case '!' when Peek(1) == '=':
                    _pos += 2;
                    return Make(TokenKind.BangEqual, start, 2);
                default:
                    if (char.IsWhiteSpace(c)) _pos++;
                    else if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber();
                    else if (IsIdentifierStart(c)) return LexIdentifier();
                    else return LexBad();
                    break;
            }
        }
        return _endOfFile ??= new SyntaxToken(TokenKind.EndOfFile, "", new TextSpan(_line, _pos - _lineStart + 1, 0));
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static bool StartsToken(char c) =>
        IsDigit(c) || IsIdentifierStart(c) || char.IsWhiteSpace(c) || "#+-*/^@()[],:<>=!.".IndexOf(c) >= 0;

    private SyntaxToken Single(TokenKind kind)
    {
        _pos++;
        return Make(kind, _pos - 1, 1);
    }

    private SyntaxToken OneOrTwo(TokenKind one, TokenKind two)
    {
        int start = _pos;
        if (Peek(1) == '=')
        {
            _pos += 2;
            return Make(two, start, 2);
        }
        _pos++;
        return Make(one, start, 1);
    }

    private SyntaxToken Make(TokenKind kind, int start, int length, double value = 0) =>
        new(kind, _text.Substring(start, length), new TextSpan(_line, start - _lineStart + 1, length), value);

    // digits [. digits] [e [+-] digits], or . digits [...]
    private SyntaxToken LexNumber()
    {
        int start = _pos;
        while (IsDigit(Peek(0))) _pos++;
        if (Peek(0) == '.')
        {
            _pos++;
            while (IsDigit(Peek(0))) _pos++;
        }
        bool malformed = false;
        if (Peek(0) is 'e' or 'E')
        {
            _pos++;
            if (Peek(0) is '+' or '-') _pos++;
            if (!IsDigit(Peek(0))) malformed = true;
            while (IsDigit(Peek(0))) _pos++;
        }
        // "2x" and "1.5.2" are not numbers: take the rest of the word so one message covers it
        while (IsIdentifierPart(Peek(0)) || (Peek(0) == '.' && IsDigit(Peek(1))))
        {
            malformed = true;
            _pos++;
        }
        var span = new TextSpan(_line, start - _lineStart + 1, _pos - start);
        string text = _text.Substring(start, _pos - start);
        if (!malformed && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsInfinity(value))
            return new SyntaxToken(TokenKind.Number, text, span, value);
        _diagnostics.ReportInvalidNumber(span, text);
        return new SyntaxToken(TokenKind.Bad, text, span);
    }

    private SyntaxToken LexIdentifier()
    {
        int start = _pos;
        while (IsIdentifierPart(Peek(0))) _pos++;
        return Make(TokenKind.Identifier, start, _pos - start);
    }

    private SyntaxToken LexBad()
    {
        int start = _pos;
        do _pos++;
        while (_pos < _text.Length && !StartsToken(_text[_pos]));
        string first = char.IsHighSurrogate(_text[start]) && start + 1 < _pos && char.IsLowSurrogate(_text[start + 1])
            ? _text.Substring(start, 2)
            : _text.Substring(start, 1);
        var token = Make(TokenKind.Bad, start, _pos - start);
        _diagnostics.ReportUnexpectedCharacter(token.Span, first);
        return token;
    }
}
