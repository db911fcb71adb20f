using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

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
    private readonly TextReader _reader;
    private readonly DiagnosticBag _diagnostics;

    // The text is read in blocks: _buffer holds characters [_bufferStart, _bufferStart + _bufferLength)
    // of it, from the start of the token being scanned on (a token longer than the buffer grows it).
    private char[] _buffer = new char[1 << 16];
    private long _bufferStart;
    private int _bufferLength;
    private long _tokenStart;
    private bool _readAll;

    // Scanned but not yet returned: at most two, to see whether a line after a line end inside a
    // bracket starts a statement. A queue of two as a pair of fields.
    private SyntaxToken? _ahead0;
    private SyntaxToken? _ahead1;
    private SyntaxToken? _endOfFile;
    private int _open;
    private long _pos;
    private int _line = 1;
    private long _lineStart;

    public Lexer(string text, DiagnosticBag diagnostics)
        : this(new StringReader(text), diagnostics)
    {
    }

    /// <summary>Lexes the text <paramref name="reader"/> reads, holding a block of it at a time.</summary>
    public Lexer(TextReader reader, DiagnosticBag diagnostics)
    {
        _reader = reader;
        _diagnostics = diagnostics;
        if (At(0) && _buffer[0] == '\uFEFF') _pos = _lineStart = 1; // a byte-order mark is not text
    }

    /// <summary>Where the lexer reports, and the parser and binder after it.</summary>
    public DiagnosticBag Diagnostics => _diagnostics;

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
        while (At(_pos))
        {
            char c = Char(_pos);
            long start = _tokenStart = _pos;
            switch (c)
            {
                case ' ' or '\t' or '\f' or '\v':
                    _pos++;
                    break;
                case '#':
                    while (At(_pos) && Char(_pos) != '\n' && Char(_pos) != '\r') _pos++;
                    break;
                case '\r' or '\n':
                {
                    var token = Make(TokenKind.NewLine, start, 0);
                    _pos += c == '\r' && At(_pos + 1) && Char(_pos + 1) == '\n' ? 2 : 1;
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
        return _endOfFile ??= new SyntaxToken(TokenKind.EndOfFile, "", new TextSpan(_line, Column(_pos), 0));
    }

    private char Peek(int offset) => At(_pos + offset) ? Char(_pos + offset) : '\0';

    /// <summary>True when the text has a character at <paramref name="pos"/>, reading more of it if needed.</summary>
    private bool At(long pos) => pos < _bufferStart + _bufferLength || Fill(pos);

    private bool Fill(long pos)
    {
        while (pos >= _bufferStart + _bufferLength)
        {
            if (_readAll) return false;
            // Keep the token being scanned (its text is cut out when it ends), drop what is before it.
            int drop = (int)(_tokenStart - _bufferStart);
            if (drop > 0)
            {
                Array.Copy(_buffer, drop, _buffer, 0, _bufferLength - drop);
                _bufferLength -= drop;
                _bufferStart = _tokenStart;
            }
            if (_bufferLength == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int read = _reader.Read(_buffer, _bufferLength, _buffer.Length - _bufferLength);
            if (read == 0) _readAll = true;
            _bufferLength += read;
        }
        return true;
    }

    /// <summary>The character at <paramref name="pos"/>, which <see cref="At"/> has read.</summary>
    private char Char(long pos) => _buffer[pos - _bufferStart];

    /// <summary>The text from <paramref name="start"/> (not before the current token's start) to the current position.</summary>
    private string Text(long start, int length) => length == 0 ? "" : new string(_buffer, (int)(start - _bufferStart), length);

    private int Column(long pos) => (int)(pos - _lineStart + 1);

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
        long start = _pos;
        if (Peek(1) == '=')
        {
            _pos += 2;
            return Make(two, start, 2);
        }
        _pos++;
        return Make(one, start, 1);
    }

    private SyntaxToken Make(TokenKind kind, long start, int length, double value = 0) =>
        new(kind, Text(start, length), new TextSpan(_line, Column(start), length), value);

    // digits [. digits] [e [+-] digits], or . digits [...]
    private SyntaxToken LexNumber()
    {
        long start = _pos;
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
        int length = (int)(_pos - start);
        var span = new TextSpan(_line, Column(start), length);
        string text = Text(start, length);
        if (!malformed && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsInfinity(value))
            return new SyntaxToken(TokenKind.Number, text, span, value);
        _diagnostics.ReportInvalidNumber(span, text);
        return new SyntaxToken(TokenKind.Bad, text, span);
    }

    private SyntaxToken LexIdentifier()
    {
        long start = _pos;
        while (IsIdentifierPart(Peek(0))) _pos++;
        return Make(TokenKind.Identifier, start, (int)(_pos - start));
    }

    private SyntaxToken LexBad()
    {
        long start = _pos;
        do _pos++;
        while (At(_pos) && !StartsToken(Char(_pos)));
        string first = char.IsHighSurrogate(Char(start)) && start + 1 < _pos && char.IsLowSurrogate(Char(start + 1))
            ? Text(start, 2)
            : Text(start, 1);
        var token = Make(TokenKind.Bad, start, (int)(_pos - start));
        _diagnostics.ReportUnexpectedCharacter(token.Span, first);
        return token;
    }
}
