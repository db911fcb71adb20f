using SymGraph.Model;

namespace SymGraph.Tests;

public class ModelLexerTests
{
    private static List<SyntaxToken> Lex(string text, out List<Diagnostic> diagnostics)
    {
        var bag = new DiagnosticBag("m.sg");
        var tokens = new Lexer(text, bag).Lex();
        diagnostics = bag.ToList();
        return tokens;
    }

    [Fact]
    public void Lex_AllOperators_OneTokenEach()
    {
        var tokens = Lex("+ - * / ^ @ ( ) [ ] , : = < <= > >= == !=", out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(
            new[]
            {
                TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.Caret, TokenKind.At,
                TokenKind.OpenParen, TokenKind.CloseParen, TokenKind.OpenBracket, TokenKind.CloseBracket, TokenKind.Comma,
                TokenKind.Colon, TokenKind.Equals, TokenKind.Less, TokenKind.LessEqual, TokenKind.Greater,
                TokenKind.GreaterEqual, TokenKind.EqualEqual, TokenKind.BangEqual, TokenKind.EndOfFile,
            },
            tokens.Select(t => t.Kind));
    }

    [Theory]
    [InlineData("1", 1.0, true)]
    [InlineData("2.5", 2.5, false)]
    [InlineData("1e-4", 1e-4, false)]
    [InlineData("3E+2", 300.0, false)]
    [InlineData(".5", 0.5, false)]
    [InlineData("784", 784.0, true)]
    public void Lex_Number_ValueAndIntegerness(string text, double value, bool integer)
    {
        var token = Lex(text, out var diagnostics)[0];
        Assert.Empty(diagnostics);
        Assert.Equal(TokenKind.Number, token.Kind);
        Assert.Equal(value, token.Value);
        Assert.Equal(integer, token.IsIntegerLiteral);
    }

    [Theory]
    [InlineData("1e")]
    [InlineData("2x")]
    [InlineData("1.5.2")]
    [InlineData("1e999")]
    public void Lex_MalformedNumber_ReportsInvalidNumberOnce(string text)
    {
        var tokens = Lex(text, out var diagnostics);
        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCode.InvalidNumber, d.Code);
        Assert.Equal($"invalid number '{text}'", d.Message);
        Assert.Equal(text.Length, d.Length);
        Assert.Equal(TokenKind.Bad, tokens[0].Kind);
    }

    [Fact]
    public void Lex_CommentsAndLineEnds_CommentsSkippedLineEndsKept()
    {
        var tokens = Lex("a # comment = (\r\nb\rc\n", out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("a;\n;b;\n;c;\n;", string.Concat(tokens.Where(t => t.Kind != TokenKind.EndOfFile).Select(t => (t.Kind == TokenKind.NewLine ? "\n" : t.Text) + ";")));
        Assert.Equal((3, 1), (tokens[4].Span.Line, tokens[4].Span.Column));
    }

    [Fact]
    public void Lex_Positions_OneBasedLineAndColumn()
    {
        var tokens = Lex("x = a\n  loss2 = b_1", out _);
        var loss = tokens.Single(t => t.Text == "loss2");
        Assert.Equal((2, 3, 5), (loss.Span.Line, loss.Span.Column, loss.Span.Length));
        Assert.Equal((2, 14), (tokens[^1].Span.Line, tokens[^1].Span.Column));
    }

    [Fact]
    public void Lex_BadCharacters_OneDiagnosticPerRun()
    {
        var tokens = Lex("a $$ b ! c\u0007", out var diagnostics);
        Assert.Equal(new[] { "unexpected character '$'", "unexpected character '!'", "unexpected character U+0007" }, diagnostics.Select(d => d.Message));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCode.UnexpectedCharacter, d.Code));
        Assert.Equal((1, 3, 2), (diagnostics[0].Location.Line, diagnostics[0].Location.Column, diagnostics[0].Length));
        Assert.Equal(3, tokens.Count(t => t.Kind == TokenKind.Bad));
    }

    [Fact]
    public void Lex_UnicodeIdentifierAndByteOrderMark_Accepted()
    {
        var tokens = Lex("\uFEFFα_1 = β", out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal((TokenKind.Identifier, "α_1", 1), (tokens[0].Kind, tokens[0].Text, tokens[0].Span.Column));
    }
}
