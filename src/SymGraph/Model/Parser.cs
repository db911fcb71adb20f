using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace SymGraph.Model;

/// <summary>
/// Parses the tokens of a <see cref="Lexer"/>, pulled as needed, into statements, one at a time
/// (<see cref="NextStatement"/>). A statement is one line, or several when a bracket
/// is open (the lexer drops those line ends). A syntax error is reported
/// once and abandons the rest of its line (statement-level recovery), so every broken line of a file
/// is reported and nothing else is.
/// <para>
/// Expressions are parsed with an explicit operand/operator stack (shunting-yard), so a flat chain of
/// any length — <c>a+a+…+a</c>, <c>-(-…</c> written as <c>- - - x</c>, <c>2^2^…^2</c> — takes no
/// recursion. Recursion happens only for brackets (parentheses, calls, indexing, lists), and their
/// nesting is capped at <see cref="ModelCompiler.MaxNesting"/> (SG0105).
/// </para>
/// Precedence, tightest first: postfix subscripts (<c>x[i]</c>, <c>X[:, 1:3]</c>) and calls; <c>^</c> (right-associative:
/// <c>2^3^2</c> is <c>2^9</c>); unary <c>-</c> (so <c>-x^2</c> is <c>-(x^2)</c> and
/// <c>2^-1</c> is <c>2^(-1)</c>); <c>@</c>; <c>* /</c>; <c>+ -</c>; comparisons
/// <c>&lt; &lt;= &gt; &gt;= == !=</c>, which do not chain (SG0106). Binary operators other than
/// <c>^</c> are left-associative.
/// </summary>
internal sealed class Parser
{
    private const int UnaryPrecedence = 5;

    private readonly Lexer _lexer;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<SyntaxToken> _pendingNames = new();
    private SyntaxToken _current;
    private SyntaxToken? _peeked; // the token after _current, once asked for: one token of lookahead is all the grammar needs
    private int _depth;

    /// <summary>Thrown after a syntax error has been reported, to drop the rest of the statement.</summary>
    private sealed class AbandonStatement : Exception
    {
    }

    public Parser(Lexer lexer, DiagnosticBag diagnostics)
    {
        _lexer = lexer;
        _diagnostics = diagnostics;
        _current = lexer.Next();
    }

    private SyntaxToken Current => _current;

    private SyntaxToken Peek(int offset)
    {
        Debug.Assert(offset == 1);
        return _peeked ??= _current.Kind == TokenKind.EndOfFile ? _current : _lexer.Next();
    }

    /// <summary>Takes the current token; at the end of the file the end-of-file token stays current.</summary>
    private SyntaxToken Next()
    {
        var token = _current;
        if (token.Kind == TokenKind.EndOfFile) return token;
        _current = _peeked ?? _lexer.Next();
        _peeked = null;
        return token;
    }

    private bool AtLineEnd => Current.Kind is TokenKind.NewLine or TokenKind.EndOfFile;

    /// <summary>Every statement of the file (for tests and tools: the compiler takes them one at a time).</summary>
    public ModelSyntax ParseModel()
    {
        var statements = new List<StatementSyntax>();
        while (NextStatement() is { } statement) statements.Add(statement);
        return new ModelSyntax(statements);
    }

    /// <summary>
    /// The next statement, or <c>null</c> at the end of the file. A statement with a syntax error is
    /// reported and comes back as a <see cref="BrokenStatement"/>.
    /// </summary>
    public StatementSyntax? NextStatement()
    {
        while (Current.Kind == TokenKind.NewLine) Next();
        if (Current.Kind == TokenKind.EndOfFile) return null;
        _pendingNames.Clear();
        _depth = 0;
        try
        {
            return ParseStatement();
        }
        catch (AbandonStatement)
        {
            while (!AtLineEnd) Next();
            return new BrokenStatement(new List<SyntaxToken>(_pendingNames));
        }
    }

    // ---- errors ---------------------------------------------------------------------------------

    /// <summary>Reports "expected X, found Y" at the current token (unless it is a bad token, already reported).</summary>
    private AbandonStatement Unexpected(string expected)
    {
        if (Current.Kind != TokenKind.Bad) _diagnostics.ReportUnexpectedToken(Current.Span, expected, Current.Describe());
        return new AbandonStatement();
    }

    private SyntaxToken Expect(TokenKind kind, string expected) => Current.Kind == kind ? Next() : throw Unexpected(expected);

    /// <summary>The closing bracket of <paramref name="open"/>; a missing one is reported with where it was opened.</summary>
    private SyntaxToken ExpectClose(SyntaxToken open, TokenKind close, string expected)
    {
        if (Current.Kind == close) return Next();
        if (AtLineEnd)
        {
            string closeText = close == TokenKind.CloseParen ? "')'" : "']'";
            // Across lines, the line end is far from the mistake: point at the bracket left open.
            if (Current.Span.Line != open.Span.Line)
                _diagnostics.ReportUnclosedAcrossLines(open, closeText, Current.Describe(), Current.Span.Line);
            else
                _diagnostics.ReportUnclosed(Current.Span, closeText, open, Current.Describe());
            throw new AbandonStatement();
        }
        throw Unexpected(expected);
    }

    private void Enter(SyntaxToken open)
    {
        if (++_depth > ModelCompiler.MaxNesting)
        {
            _diagnostics.ReportNestedTooDeeply(open.Span, ModelCompiler.MaxNesting);
            throw new AbandonStatement();
        }
    }

    private void Exit() => _depth--;

    // ---- statements -----------------------------------------------------------------------------

    private StatementSyntax ParseStatement()
    {
        var first = Current;
        if (first.Kind != TokenKind.Identifier)
        {
            if (first.Kind != TokenKind.Bad) _diagnostics.ReportExpectedStatement(first.Span, first.Describe());
            throw new AbandonStatement();
        }

        // Keywords are contextual: "output = 3" assigns a variable named output.
        StatementSyntax statement;
        string end;
        if (Peek(1).Kind == TokenKind.Equals)
        {
            statement = ParseAssignment();
            end = "an operator or end of line";
        }
        else
        {
            switch (first.Text)
            {
                case "input":
                case "param":
                    statement = ParseDeclaration();
                    end = "',' or end of line";
                    break;
                case "minimize":
                    statement = ParseMinimize();
                    end = ((MinimizeStatement)statement).Wrt is null ? "an operator, 'wrt' or end of line" : "',' or end of line";
                    break;
                case "output":
                    statement = ParseOutput();
                    end = "',' or end of line";
                    break;
                default:
                    Next();
                    throw Unexpected("'='");
            }
        }
        if (!AtLineEnd)
        {
            // minimize loss wtr a, b: a misspelt keyword reads as a stray name.
            if (statement is MinimizeStatement { Wrt: null } && Current.Kind == TokenKind.Identifier && Suggestions.Closest(Current.Text, new[] { "wrt" }) is { } wrt)
            {
                _diagnostics.ReportUnexpectedToken(Current.Span, end, Current.Describe(), wrt);
                throw new AbandonStatement();
            }
            throw Unexpected(end);
        }
        return statement;
    }

    private AssignmentStatement ParseAssignment()
    {
        var name = Next();
        _pendingNames.Add(name);
        Next(); // '='
        return new AssignmentStatement(name, ParseExpression());
    }

    private DeclarationStatement ParseDeclaration()
    {
        var keyword = Next();
        var declarators = new List<DeclaratorSyntax>();
        while (true)
        {
            var name = Expect(TokenKind.Identifier, "a name");
            _pendingNames.Add(name);
            var dims = new List<SyntaxToken>();
            if (Current.Kind == TokenKind.OpenBracket)
            {
                var open = Next();
                if (Current.Kind != TokenKind.CloseBracket)
                {
                    while (true)
                    {
                        dims.Add(ParseDimension());
                        if (Current.Kind != TokenKind.Comma) break;
                        Next();
                    }
                }
                ExpectClose(open, TokenKind.CloseBracket, "',' or ']'");
            }
            declarators.Add(new DeclaratorSyntax(name, dims));
            if (Current.Kind != TokenKind.Comma) break;
            Next();
        }
        return new DeclarationStatement(keyword, keyword.Text == "param", declarators);
    }

    private SyntaxToken ParseDimension()
    {
        if (Current.Kind == TokenKind.Identifier) return Next();
        if (Current.Kind == TokenKind.Number)
        {
            if (Current.IsIntegerLiteral && int.TryParse(Current.Text, out _)) return Next();
            _diagnostics.ReportInvalidDimension(Current.Span, Current.Text);
            throw new AbandonStatement();
        }
        throw Unexpected("a dimension (an integer or a size name)");
    }

    private MinimizeStatement ParseMinimize()
    {
        var keyword = Next();
        // Any expression: a name (minimize loss) or the cost itself (minimize sum(w^2)). The
        // expression stops before 'wrt', since a name cannot follow an operand.
        var target = ParseExpression();
        List<SyntaxToken>? wrt = null;
        if (Current.Kind == TokenKind.Identifier && Current.Text == "wrt")
        {
            Next();
            wrt = ParseNameList();
        }
        return new MinimizeStatement(keyword, target, wrt);
    }

    private OutputStatement ParseOutput()
    {
        var keyword = Next();
        return new OutputStatement(keyword, ParseNameList());
    }

    private List<SyntaxToken> ParseNameList()
    {
        var names = new List<SyntaxToken> { Expect(TokenKind.Identifier, "a name") };
        while (Current.Kind == TokenKind.Comma)
        {
            Next();
            names.Add(Expect(TokenKind.Identifier, "a name"));
        }
        return names;
    }

    // ---- expressions ----------------------------------------------------------------------------

    /// <summary>The precedence of a binary operator token, or 0 when the token is not one.</summary>
    private static int BinaryPrecedence(TokenKind kind) => kind switch
    {
        TokenKind.Caret => 6,
        // unary minus: 5
        TokenKind.At => 4,
        TokenKind.Star or TokenKind.Slash => 3,
        TokenKind.Plus or TokenKind.Minus => 2,
        TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual
            or TokenKind.EqualEqual or TokenKind.BangEqual => 1,
        _ => 0,
    };

    private static bool IsComparison(TokenKind kind) => BinaryPrecedence(kind) == 1;

    private readonly struct PendingOperator
    {
        public PendingOperator(SyntaxToken token, bool isUnary)
        {
            Token = token;
            IsUnary = isUnary;
        }

        public SyntaxToken Token { get; }
        public bool IsUnary { get; }
        public int Precedence => IsUnary ? UnaryPrecedence : BinaryPrecedence(Token.Kind);
    }

    /// <summary>
    /// Shunting-yard: alternate between operand position (prefix minus signs, then a postfix
    /// expression) and operator position. Before pushing a binary operator, reduce the pending
    /// operators that bind at least as tightly (strictly more tightly for the right-associative ^).
    /// </summary>
    private ExpressionSyntax ParseExpression()
    {
        var operands = new List<ExpressionSyntax>();
        var operators = new List<PendingOperator>();
        while (true)
        {
            while (Current.Kind == TokenKind.Minus) operators.Add(new PendingOperator(Next(), isUnary: true));
            operands.Add(ParsePostfix());

            int precedence = BinaryPrecedence(Current.Kind);
            if (precedence == 0) break;
            bool rightAssociative = Current.Kind == TokenKind.Caret;
            while (operators.Count > 0)
            {
                int top = operators[operators.Count - 1].Precedence;
                if (top < precedence || (top == precedence && rightAssociative)) break;
                Reduce(operands, operators);
            }
            operators.Add(new PendingOperator(Next(), isUnary: false));
        }
        while (operators.Count > 0) Reduce(operands, operators);
        Debug.Assert(operands.Count == 1);
        return operands[0];
    }

    private void Reduce(List<ExpressionSyntax> operands, List<PendingOperator> operators)
    {
        var op = operators[operators.Count - 1];
        operators.RemoveAt(operators.Count - 1);
        var right = operands[operands.Count - 1];
        operands.RemoveAt(operands.Count - 1);
        if (op.IsUnary)
        {
            operands.Add(new UnaryExpression(op.Token, right));
            return;
        }
        var left = operands[operands.Count - 1];
        operands.RemoveAt(operands.Count - 1);
        if (IsComparison(op.Token.Kind) && left is BinaryExpression { Operator.Kind: var k } && IsComparison(k))
        {
            _diagnostics.ReportChainedComparison(op.Token.Span, op.Token.Text);
            throw new AbandonStatement();
        }
        operands.Add(new BinaryExpression(left, op.Token, right));
    }

    /// <summary>
    /// A primary expression followed by any number of subscript lists <c>[s, …]</c>, each subscript an
    /// index (<c>i</c>) or a slice (<c>a:b</c>, either bound optional).
    /// </summary>
    private ExpressionSyntax ParsePostfix()
    {
        var expression = ParsePrimary();
        while (Current.Kind == TokenKind.OpenBracket)
        {
            var open = Next();
            Enter(open);
            var subscripts = new List<SubscriptSyntax>();
            string expected;
            while (true)
            {
                ExpressionSyntax? start = Current.Kind == TokenKind.Colon ? null : ParseExpression();
                SyntaxToken? colon = null;
                ExpressionSyntax? stop = null;
                if (Current.Kind == TokenKind.Colon)
                {
                    colon = Next();
                    if (Current.Kind is not (TokenKind.CloseBracket or TokenKind.Comma)) stop = ParseExpression();
                }
                subscripts.Add(new SubscriptSyntax(start, colon, stop));
                expected = colon is null ? "':', ',' or ']'" : "',' or ']'";
                if (Current.Kind != TokenKind.Comma) break;
                Next();
            }
            expression = new SubscriptExpression(expression, open, subscripts, ExpectClose(open, TokenKind.CloseBracket, expected));
            Exit();
        }
        return expression;
    }

    private ExpressionSyntax ParsePrimary()
    {
        switch (Current.Kind)
        {
            case TokenKind.Number:
                return new NumberExpression(Next());
            case TokenKind.Identifier:
                return Peek(1).Kind == TokenKind.OpenParen ? ParseCall() : new NameExpression(Next());
            case TokenKind.OpenParen:
            {
                var open = Next();
                Enter(open);
                var inner = ParseExpression();
                var close = ExpectClose(open, TokenKind.CloseParen, "an operator or ')'");
                Exit();
                return new ParenthesizedExpression(open, inner, close);
            }
            case TokenKind.OpenBracket:
            {
                var open = Next();
                Enter(open);
                var elements = new List<ExpressionSyntax>();
                if (Current.Kind != TokenKind.CloseBracket)
                {
                    while (true)
                    {
                        elements.Add(ParseExpression());
                        if (Current.Kind != TokenKind.Comma) break;
                        Next();
                    }
                }
                var close = ExpectClose(open, TokenKind.CloseBracket, "',' or ']'");
                Exit();
                return new ListExpression(open, elements, close);
            }
            case TokenKind.Bad:
                throw new AbandonStatement();
            default:
                _diagnostics.ReportExpectedExpression(Current.Span, Current.Describe());
                throw new AbandonStatement();
        }
    }

    private CallExpression ParseCall()
    {
        var name = Next();
        var open = Next();
        Enter(open);
        var arguments = new List<ArgumentSyntax>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                SyntaxToken? argumentName = null;
                if (Current.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Colon)
                {
                    argumentName = Next();
                    Next();
                }
                arguments.Add(new ArgumentSyntax(argumentName, ParseExpression()));
                if (Current.Kind != TokenKind.Comma) break;
                Next();
            }
        }
        var close = ExpectClose(open, TokenKind.CloseParen, "',' or ')'");
        Exit();
        return new CallExpression(name, arguments, close);
    }
}
