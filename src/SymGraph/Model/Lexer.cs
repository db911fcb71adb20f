using System.Collections.Generic;
using System.Globalization;

namespace SymGraph.Model;

/// <summary>
/// Turns <c>.sg</c> text into tokens in one loop. Spaces and tabs separate tokens, <c>#</c> starts a
/// comment that runs to the end of the line, and line ends (<c>\n</c>, <c>\r\n</c>, <c>\r</c>) are
/// tokens because they end statements — except inside an open <c>(</c> or <c>[</c>, where they are
/// dropped so that a long expression can span lines (Python's implicit line joining; see
/// <see cref="JoinBracketedLines"/>). Characters no token starts with are reported (SG0101) and
/// become one <see cref="TokenKind.Bad"/> token per run, so the parser can skip them quietly.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<SyntaxToken> _tokens = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
    }

    public List<SyntaxToken> Lex()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = _lineStart = 1; // a byte-order mark is not text
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
                    Add(TokenKind.NewLine, start, 0);
                    _pos += c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
                    _line++;
                    _lineStart = _pos;
                    break;
                case '+': Single(TokenKind.Plus); break;
                case '-': Single(TokenKind.Minus); break;
                case '*': Single(TokenKind.Star); break;
                case '/': Single(TokenKind.Slash); break;
                case '^': Single(TokenKind.Caret); break;
                case '@': Single(TokenKind.At); break;
                case '(': Single(TokenKind.OpenParen); break;
                case ')': Single(TokenKind.CloseParen); break;
                case '[': Single(TokenKind.OpenBracket); break;
                case ']': Single(TokenKind.CloseBracket); break;
                case ',': Single(TokenKind.Comma); break;
                case ':': Single(TokenKind.Colon); break;
                case '<': OneOrTwo(TokenKind.Less, TokenKind.LessEqual); break;
                case '>': OneOrTwo(TokenKind.Greater, TokenKind.GreaterEqual); break;
                case '=': OneOrTwo(TokenKind.Equals, TokenKind.EqualEqual); break;
                case '!' when Peek(1) == '=':
                    _pos += 2;
                    Add(TokenKind.BangEqual, start, 2);
                    break;
                default:
                    if (char.IsWhiteSpace(c)) _pos++;
                    else if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) LexNumber();
                    else if (IsIdentifierStart(c)) LexIdentifier();
                    else LexBad();
                    break;
            }
        }
        _tokens.Add(new SyntaxToken(TokenKind.EndOfFile, "", new TextSpan(_line, _pos - _lineStart + 1, 0)));
        return JoinBracketedLines(_tokens);
    }

    /// <summary>
    /// Drops the line ends inside open brackets, so <c>f(a,⏎ b)</c> is one statement. A bracket left
    /// open must not swallow the rest of the file, so a line that starts like a statement
    /// (<c>name =</c>, or two names in a row as in <c>param W</c> or <c>minimize loss</c>, neither of
    /// which can continue an expression) ends it anyway: the parser then reports the unclosed bracket
    /// once and goes on with that line.
    /// </summary>
    private static List<SyntaxToken> JoinBracketedLines(List<SyntaxToken> tokens)
    {
        var kept = new List<SyntaxToken>(tokens.Count);
        int open = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.OpenParen or TokenKind.OpenBracket:
                    open++;
                    break;
                case TokenKind.CloseParen or TokenKind.CloseBracket:
                    if (open > 0) open--; // a mismatched ']' for '(' still closes: the parser reports it
                    break;
                case TokenKind.NewLine when open > 0:
                {
                    int next = i + 1;
                    while (tokens[next].Kind == TokenKind.NewLine) next++; // blank lines: decided once for the run
                    bool startsStatement = tokens[next].Kind == TokenKind.Identifier
                        && tokens[next + 1].Kind is TokenKind.Equals or TokenKind.Identifier;
                    i = next - 1;
                    if (!startsStatement) continue;
                    open = 0;
                    break;
                }
            }
            kept.Add(token);
        }
        return kept;
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static bool StartsToken(char c) =>
        IsDigit(c) || IsIdentifierStart(c) || char.IsWhiteSpace(c) || "#+-*/^@()[],:<>=!.".IndexOf(c) >= 0;

    private void Single(TokenKind kind)
    {
        _pos++;
        Add(kind, _pos - 1, 1);
    }

    private void OneOrTwo(TokenKind one, TokenKind two)
    {
        int start = _pos;
        if (Peek(1) == '=')
        {
            _pos += 2;
            Add(two, start, 2);
        }
        else
        {
            _pos++;
            Add(one, start, 1);
        }
    }

    private SyntaxToken Add(TokenKind kind, int start, int length, double value = 0)
    {
        var token = new SyntaxToken(kind, _text.Substring(start, length), new TextSpan(_line, start - _lineStart + 1, length), value);
        _tokens.Add(token);
        return token;
    }

    // digits [. digits] [e [+-] digits], or . digits [...]
    private void LexNumber()
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
        {
            Add(TokenKind.Number, start, _pos - start, value);
            return;
        }
        _diagnostics.ReportInvalidNumber(span, text);
        Add(TokenKind.Bad, start, _pos - start);
    }

    private void LexIdentifier()
    {
        int start = _pos;
        while (IsIdentifierPart(Peek(0))) _pos++;
        Add(TokenKind.Identifier, start, _pos - start);
    }

    private void LexBad()
    {
        int start = _pos;
        do _pos++;
        while (_pos < _text.Length && !StartsToken(_text[_pos]));
        string first = char.IsHighSurrogate(_text[start]) && start + 1 < _pos && char.IsLowSurrogate(_text[start + 1])
            ? _text.Substring(start, 2)
            : _text.Substring(start, 1);
        var token = Add(TokenKind.Bad, start, _pos - start);
        _diagnostics.ReportUnexpectedCharacter(token.Span, first);
    }
}
