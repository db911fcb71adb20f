using System.Collections.Generic;

namespace SymGraph.Model;

// The syntax tree of a .sg file. Nodes are plain immutable records of tokens and children; each
// expression knows the span its diagnostics point at (the operator of a binary expression, the
// function name of a call). Trees can be a million levels deep (a+a+...+a), so nothing here walks
// them recursively.

/// <summary>An expression.</summary>
internal abstract class ExpressionSyntax
{
    /// <summary>Where diagnostics about this expression point.</summary>
    public abstract TextSpan Span { get; }
}

/// <summary><c>2.5</c></summary>
internal sealed class NumberExpression : ExpressionSyntax
{
    public NumberExpression(SyntaxToken token) => Token = token;
    public SyntaxToken Token { get; }
    public override TextSpan Span => Token.Span;
}

/// <summary><c>W1</c></summary>
internal sealed class NameExpression : ExpressionSyntax
{
    public NameExpression(SyntaxToken identifier) => Identifier = identifier;
    public SyntaxToken Identifier { get; }
    public override TextSpan Span => Identifier.Span;
}

/// <summary><c>-x</c></summary>
internal sealed class UnaryExpression : ExpressionSyntax
{
    public UnaryExpression(SyntaxToken op, ExpressionSyntax operand)
    {
        Operator = op;
        Operand = operand;
    }

    public SyntaxToken Operator { get; }
    public ExpressionSyntax Operand { get; }
    public override TextSpan Span => Operator.Span;
}

/// <summary><c>a @ b</c></summary>
internal sealed class BinaryExpression : ExpressionSyntax
{
    public BinaryExpression(ExpressionSyntax left, SyntaxToken op, ExpressionSyntax right)
    {
        Left = left;
        Operator = op;
        Right = right;
    }

    public ExpressionSyntax Left { get; }
    public SyntaxToken Operator { get; }
    public ExpressionSyntax Right { get; }
    public override TextSpan Span => Operator.Span;
}

/// <summary><c>(a + b)</c>, kept so that <c>(a &lt; b) &lt; c</c> can be told from <c>a &lt; b &lt; c</c>.</summary>
internal sealed class ParenthesizedExpression : ExpressionSyntax
{
    public ParenthesizedExpression(SyntaxToken open, ExpressionSyntax inner, SyntaxToken close)
    {
        Open = open;
        Inner = inner;
        Close = close;
    }

    public SyntaxToken Open { get; }
    public ExpressionSyntax Inner { get; }
    public SyntaxToken Close { get; }
    public override TextSpan Span => TextSpan.Cover(Open.Span, Close.Span);
}

/// <summary><c>softmax(z, axis: 1)</c></summary>
internal sealed class CallExpression : ExpressionSyntax
{
    public CallExpression(SyntaxToken name, List<ArgumentSyntax> arguments, SyntaxToken close)
    {
        Name = name;
        Arguments = arguments;
        Close = close;
    }

    public SyntaxToken Name { get; }
    public List<ArgumentSyntax> Arguments { get; }
    public SyntaxToken Close { get; }
    public override TextSpan Span => Name.Span;
}

/// <summary>One argument of a call: <c>z</c> or <c>axis: 1</c>.</summary>
internal sealed class ArgumentSyntax
{
    public ArgumentSyntax(SyntaxToken? name, ExpressionSyntax value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The parameter name of a named argument, else <c>null</c>.</summary>
    public SyntaxToken? Name { get; }
    public ExpressionSyntax Value { get; }
}

/// <summary><c>x[-1]</c>, <c>x[1:]</c>, <c>X[:, 0]</c>, <c>A[0, 1]</c>: one subscript per leading axis.</summary>
internal sealed class SubscriptExpression : ExpressionSyntax
{
    public SubscriptExpression(ExpressionSyntax target, SyntaxToken open, List<SubscriptSyntax> subscripts, SyntaxToken close)
    {
        Target = target;
        Open = open;
        Subscripts = subscripts;
        Close = close;
    }

    public ExpressionSyntax Target { get; }
    public SyntaxToken Open { get; }

    /// <summary>At least one.</summary>
    public List<SubscriptSyntax> Subscripts { get; }

    public SyntaxToken Close { get; }
    public override TextSpan Span => TextSpan.Cover(Open.Span, Close.Span);
}

/// <summary>One subscript: an index <c>-1</c> (no colon), or a slice <c>1:3</c>, <c>1:</c>, <c>:-1</c>, <c>:</c>.</summary>
internal sealed class SubscriptSyntax
{
    public SubscriptSyntax(ExpressionSyntax? start, SyntaxToken? colon, ExpressionSyntax? stop)
    {
        Start = start;
        Colon = colon;
        Stop = stop;
    }

    /// <summary>The index, or the slice's start (<c>null</c>: from the beginning).</summary>
    public ExpressionSyntax? Start { get; }

    /// <summary>The colon of a slice; <c>null</c> for an index.</summary>
    public SyntaxToken? Colon { get; }

    /// <summary>The slice's stop (<c>null</c>: to the end).</summary>
    public ExpressionSyntax? Stop { get; }

    public bool IsIndex => Colon is null;

    /// <summary>Where diagnostics about this subscript point: the index (all of <c>-5</c>), or the slice's colon.</summary>
    public TextSpan Span => Start switch
    {
        _ when !IsIndex => Colon!.Span,
        UnaryExpression { Operand: NumberExpression n } u => TextSpan.Cover(u.Operator.Span, n.Span),
        _ => Start!.Span,
    };
}

/// <summary><c>[batch, 10]</c>: a dimension list (only valid as a shape argument).</summary>
internal sealed class ListExpression : ExpressionSyntax
{
    public ListExpression(SyntaxToken open, List<ExpressionSyntax> elements, SyntaxToken close)
    {
        Open = open;
        Elements = elements;
        Close = close;
    }

    public SyntaxToken Open { get; }
    public List<ExpressionSyntax> Elements { get; }
    public SyntaxToken Close { get; }
    public override TextSpan Span => TextSpan.Cover(Open.Span, Close.Span);
}

/// <summary>A statement (one line).</summary>
internal abstract class StatementSyntax
{
}

/// <summary><c>param W1[784,256], b1[256]</c> or <c>input x[batch,784]</c>.</summary>
internal sealed class DeclarationStatement : StatementSyntax
{
    public DeclarationStatement(SyntaxToken keyword, bool isParameter, List<DeclaratorSyntax> declarators)
    {
        Keyword = keyword;
        IsParameter = isParameter;
        Declarators = declarators;
    }

    public SyntaxToken Keyword { get; }
    public bool IsParameter { get; }
    public List<DeclaratorSyntax> Declarators { get; }
}

/// <summary><c>W1[784,256]</c>; no dimensions is a scalar.</summary>
internal sealed class DeclaratorSyntax
{
    public DeclaratorSyntax(SyntaxToken name, List<SyntaxToken> dims)
    {
        Name = name;
        Dims = dims;
    }

    public SyntaxToken Name { get; }

    /// <summary>Integer-literal or identifier tokens.</summary>
    public List<SyntaxToken> Dims { get; }
}

/// <summary><c>h = relu(x @ W1 + b1)</c></summary>
internal sealed class AssignmentStatement : StatementSyntax
{
    public AssignmentStatement(SyntaxToken name, ExpressionSyntax expression)
    {
        Name = name;
        Expression = expression;
    }

    public SyntaxToken Name { get; }
    public ExpressionSyntax Expression { get; }
}

/// <summary><c>minimize loss</c>, <c>minimize loss wrt W1, b1</c> or <c>minimize sum(w^2)</c>.</summary>
internal sealed class MinimizeStatement : StatementSyntax
{
    public MinimizeStatement(SyntaxToken keyword, ExpressionSyntax target, List<SyntaxToken>? wrt)
    {
        Keyword = keyword;
        Target = target;
        Wrt = wrt;
    }

    public SyntaxToken Keyword { get; }

    /// <summary>The cost: usually a name, but any expression.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The names after <c>wrt</c>, or <c>null</c> for every parameter.</summary>
    public List<SyntaxToken>? Wrt { get; }
}

/// <summary><c>output z, h</c></summary>
internal sealed class OutputStatement : StatementSyntax
{
    public OutputStatement(SyntaxToken keyword, List<SyntaxToken> names)
    {
        Keyword = keyword;
        Names = names;
    }

    public SyntaxToken Keyword { get; }
    public List<SyntaxToken> Names { get; }
}

/// <summary>
/// A statement with a syntax error (already reported) and the names it would have defined, so the
/// binder treats them as defined-but-broken instead of reporting every later use as undefined.
/// </summary>
internal sealed class BrokenStatement : StatementSyntax
{
    public BrokenStatement(List<SyntaxToken> definedNames) => DefinedNames = definedNames;
    public List<SyntaxToken> DefinedNames { get; }
}

/// <summary>A whole file.</summary>
internal sealed class ModelSyntax
{
    public ModelSyntax(List<StatementSyntax> statements) => Statements = statements;
    public List<StatementSyntax> Statements { get; }
}
