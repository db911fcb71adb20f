using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymGraph.Generators;

/// <summary>A construct outside the <c>[Differentiable]</c> subset: its code, where it is, what to write instead.</summary>
internal sealed class UnsupportedException : Exception
{
    public UnsupportedException(string code, Location location, string message) : base(message) => (Code, Location) = (code, location);

    public string Code { get; }

    public Location Location { get; }
}

/// <summary>
/// Translates the body of a <c>[Differentiable]</c> method into a SymGraph graph: parameters are
/// leaves, locals are names for nodes, each expression builds nodes with the builder API (so the
/// graph is interned and simplified like any other), calls to other <c>[Differentiable]</c> methods
/// are inlined. The first construct outside the subset throws <see cref="UnsupportedException"/> at
/// its location, saying what to write instead.
/// </summary>
internal sealed class MethodTranslator
{
    /// <summary>The most nested <c>[Differentiable]</c> calls followed; deeper is treated as recursion.</summary>
    private const int MaxCallDepth = 64;

    private readonly Graph _graph;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly List<IMethodSymbol> _calls = new();

    public MethodTranslator(Graph graph, Compilation compilation, CancellationToken cancellationToken) =>
        (_graph, _compilation, _cancellationToken) = (graph, compilation, cancellationToken);

    /// <summary>The value <paramref name="method"/> returns, its parameters bound to <paramref name="arguments"/>.</summary>
    public Node Translate(IMethodSymbol method, MethodDeclarationSyntax syntax, IReadOnlyList<Node> arguments)
    {
        if (_calls.Any(m => SymbolEqualityComparer.Default.Equals(m, method)) || _calls.Count >= MaxCallDepth)
            throw new UnsupportedException(GeneratorCodes.RecursiveCall, syntax.Identifier.GetLocation(),
                $"'{method.Name}' calls itself through [Differentiable] methods ({string.Join(" → ", _calls.Select(c => c.Name).Append(method.Name))}); recursion cannot be inlined: write it as a loop-free expression");
        _calls.Add(method);
        var scope = new Scope(_compilation.GetSemanticModel(syntax.SyntaxTree));
        for (int i = 0; i < method.Parameters.Length; i++) scope.Locals[method.Parameters[i].Name] = arguments[i];
        Node result;
        if (syntax.ExpressionBody is { } arrow) result = Expression(scope, arrow.Expression);
        else if (syntax.Body is { } body) result = Block(scope, body);
        else throw new UnsupportedException(GeneratorCodes.UnsupportedSignature, syntax.Identifier.GetLocation(), $"'{method.Name}' has no body; [Differentiable] needs a block or an expression body");
        _calls.RemoveAt(_calls.Count - 1);
        return result;
    }

    private sealed class Scope
    {
        public Scope(SemanticModel model) => Model = model;

        public SemanticModel Model { get; }

        public Dictionary<string, Node> Locals { get; } = new(StringComparer.Ordinal);
    }

    private Node Block(Scope scope, BlockSyntax block)
    {
        var statements = block.Statements;
        for (int s = 0; s < statements.Count; s++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var statement = statements[s];
            switch (statement)
            {
                case ReturnStatementSyntax { Expression: { } value } when s == statements.Count - 1:
                    return Expression(scope, value);
                case ReturnStatementSyntax:
                    throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, statement.GetLocation(),
                        "an early 'return': the subset returns once, as the last statement; compute the result with the conditional operator (c ? a : b) and return it at the end");
                case LocalDeclarationStatementSyntax local:
                    Declare(scope, local);
                    break;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                    Assign(scope, assignment);
                    break;
                case IfStatementSyntax:
                    throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, statement.GetFirstToken().GetLocation(),
                        "'if' statements are not in the subset; write the conditional operator: 'y = x < 0 ? -x : x;'");
                case ForStatementSyntax:
                    throw new UnsupportedException(GeneratorCodes.UnsupportedLoop, statement.GetFirstToken().GetLocation(),
                        "'for' loops are lowered to slices and sums of array parameters, which need arrays of run-time length (not generated yet); write the terms out over double parameters");
                case EmptyStatementSyntax:
                    break;
                default:
                    throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, statement.GetFirstToken().GetLocation(),
                        $"{Describe(statement)} is not in the subset; use locals, assignments (=, +=, -=, *=, /=) and one 'return' at the end");
            }
        }
        throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, block.CloseBraceToken.GetLocation(), "the method does not end with 'return'; return the value as its last statement");
    }

    private void Declare(Scope scope, LocalDeclarationStatementSyntax local)
    {
        var type = local.Declaration.Type;
        if (!type.IsVar && scope.Model.GetTypeInfo(type, _cancellationToken).Type?.SpecialType != SpecialType.System_Double)
            throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, type.GetLocation(),
                $"a local of type '{type}': the subset computes in double; declare 'double' (or 'var') locals");
        foreach (var variable in local.Declaration.Variables)
        {
            if (variable.Initializer is null)
                throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, variable.GetLocation(), $"'{variable.Identifier.Text}' has no initial value; give it one where it is declared");
            scope.Locals[variable.Identifier.ValueText] = Expression(scope, variable.Initializer.Value);
        }
    }

    private void Assign(Scope scope, AssignmentExpressionSyntax assignment)
    {
        if (assignment.Left is not IdentifierNameSyntax target || !scope.Locals.TryGetValue(target.Identifier.ValueText, out var old))
            throw new UnsupportedException(GeneratorCodes.UnsupportedStatement, assignment.Left.GetLocation(),
                $"an assignment to '{assignment.Left}': only locals and double parameters of the method can be assigned");
        var value = Expression(scope, assignment.Right);
        scope.Locals[target.Identifier.ValueText] = assignment.Kind() switch
        {
            SyntaxKind.SimpleAssignmentExpression => value,
            SyntaxKind.AddAssignmentExpression => old + value,
            SyntaxKind.SubtractAssignmentExpression => old - value,
            SyntaxKind.MultiplyAssignmentExpression => old * value,
            SyntaxKind.DivideAssignmentExpression => old / value,
            _ => throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, assignment.OperatorToken.GetLocation(),
                $"the operator '{assignment.OperatorToken.Text}' is not in the subset; use =, +=, -=, *= or /="),
        };
    }

    private Node Expression(Scope scope, ExpressionSyntax expression)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (expression)
        {
            case ParenthesizedExpressionSyntax p:
                return Expression(scope, p.Expression);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return _graph.Constant(Convert.ToDouble(literal.Token.Value, CultureInfo.InvariantCulture));
            case IdentifierNameSyntax name:
                if (scope.Locals.TryGetValue(name.Identifier.ValueText, out var node)) return node;
                if (scope.Model.GetSymbolInfo(name, _cancellationToken).Symbol is IFieldSymbol { IsConst: true, ConstantValue: { } constant })
                    return _graph.Constant(Convert.ToDouble(constant, CultureInfo.InvariantCulture));
                throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, name.GetLocation(),
                    $"'{name.Identifier.Text}' is not a parameter or local of the method (only constants are read from outside); pass it as a double parameter");
            case MemberAccessExpressionSyntax member when scope.Model.GetSymbolInfo(member, _cancellationToken).Symbol is IFieldSymbol { IsConst: true, ConstantValue: { } memberConstant }:
                return _graph.Constant(Convert.ToDouble(memberConstant, CultureInfo.InvariantCulture));
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                return -Expression(scope, unary.Operand);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                return Expression(scope, unary.Operand);
            case CastExpressionSyntax cast when scope.Model.GetTypeInfo(cast.Type, _cancellationToken).Type?.SpecialType == SpecialType.System_Double:
                return Expression(scope, cast.Expression);
            case BinaryExpressionSyntax binary:
                return Binary(scope, binary);
            case ConditionalExpressionSyntax conditional:
                return Sym.Where(Condition(scope, conditional.Condition), Expression(scope, conditional.WhenTrue), Expression(scope, conditional.WhenFalse));
            case InvocationExpressionSyntax call:
                return Call(scope, call);
            case ElementAccessExpressionSyntax access:
                throw new UnsupportedException(GeneratorCodes.UnsupportedIndex, access.GetLocation(),
                    "element reads need array parameters, which are not generated yet (arrays of run-time length); pass the elements as double parameters");
            default:
                throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, expression.GetLocation(),
                    $"{Describe(expression)} is not in the subset; use numbers, + - * /, unary minus, Math functions, the conditional operator and calls of [Differentiable] methods");
        }
    }

    private Node Binary(Scope scope, BinaryExpressionSyntax binary)
    {
        switch (binary.Kind())
        {
            case SyntaxKind.AddExpression: return Expression(scope, binary.Left) + Expression(scope, binary.Right);
            case SyntaxKind.SubtractExpression: return Expression(scope, binary.Left) - Expression(scope, binary.Right);
            case SyntaxKind.MultiplyExpression: return Expression(scope, binary.Left) * Expression(scope, binary.Right);
            case SyntaxKind.DivideExpression: return Expression(scope, binary.Left) / Expression(scope, binary.Right);
            case SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, binary.OperatorToken.GetLocation(),
                    $"a comparison ('{binary.OperatorToken.Text}') is a value only as the condition of the conditional operator: write 'a {binary.OperatorToken.Text} b ? x : y'");
            default:
                throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, binary.OperatorToken.GetLocation(),
                    $"the operator '{binary.OperatorToken.Text}' is not in the subset; use + - * / (and comparisons as the condition of c ? a : b)"
                    + (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) ? "; nest conditionals instead of && and ||" : ""));
        }
    }

    private Node Condition(Scope scope, ExpressionSyntax condition)
    {
        while (condition is ParenthesizedExpressionSyntax p) condition = p.Expression;
        if (condition is BinaryExpressionSyntax binary)
        {
            Func<Node, Node, Node>? compare = binary.Kind() switch
            {
                SyntaxKind.LessThanExpression => Sym.Less,
                SyntaxKind.LessThanOrEqualExpression => Sym.LessEqual,
                SyntaxKind.GreaterThanExpression => Sym.Greater,
                SyntaxKind.GreaterThanOrEqualExpression => Sym.GreaterEqual,
                SyntaxKind.EqualsExpression => Sym.Equal,
                SyntaxKind.NotEqualsExpression => Sym.NotEqual,
                _ => null,
            };
            if (compare is not null) return compare(Expression(scope, binary.Left), Expression(scope, binary.Right));
        }
        throw new UnsupportedException(GeneratorCodes.UnsupportedExpression, condition.GetLocation(),
            $"the condition '{condition}' is not one comparison of two values (<, <=, >, >=, ==, !=); nest conditional operators to combine conditions");
    }

    private Node Call(Scope scope, InvocationExpressionSyntax call)
    {
        var symbol = scope.Model.GetSymbolInfo(call, _cancellationToken).Symbol as IMethodSymbol;
        var arguments = call.ArgumentList.Arguments;
        foreach (var argument in arguments)
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                throw new UnsupportedException(GeneratorCodes.UnsupportedCall, argument.GetLocation(), "named, ref and out arguments are not in the subset; pass the arguments in order");
        if (symbol is { IsStatic: true, ContainingType: { Name: "Math", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
            && symbol.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double))
        {
            var args = arguments.Select(a => Expression(scope, a.Expression)).ToArray();
            Node? result = (symbol.Name, args.Length) switch
            {
                ("Exp", 1) => Sym.Exp(args[0]),
                ("Log", 1) => Sym.Log(args[0]),
                ("Sqrt", 1) => Sym.Sqrt(args[0]),
                ("Sin", 1) => Sym.Sin(args[0]),
                ("Cos", 1) => Sym.Cos(args[0]),
                ("Tan", 1) => Sym.Tan(args[0]),
                ("Tanh", 1) => Sym.Tanh(args[0]),
                ("Abs", 1) => Sym.Abs(args[0]),
                ("Pow", 2) => Sym.Pow(args[0], args[1]),
                ("Max", 2) => Sym.Maximum(args[0], args[1]),
                ("Min", 2) => Sym.Minimum(args[0], args[1]),
                _ => null,
            };
            if (result is not null) return result;
        }
        if (symbol is { IsStatic: true, ReturnType.SpecialType: SpecialType.System_Double } callee
            && callee.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableMethods.AttributeFullName)
            && callee.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double && p.RefKind == RefKind.None)
            && callee.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is MethodDeclarationSyntax calleeSyntax
            && arguments.Count == callee.Parameters.Length)
        {
            var args = arguments.Select(a => Expression(scope, a.Expression)).ToArray();
            return Translate(callee, calleeSyntax, args);
        }
        throw new UnsupportedException(GeneratorCodes.UnsupportedCall, call.GetLocation(),
            $"the call '{call.Expression}' is not in the subset; call Math.Exp, Log, Sqrt, Sin, Cos, Tan, Tanh, Abs, Pow, Max or Min, or a static [Differentiable] method of double parameters");
    }

    private static string Describe(SyntaxNode node)
    {
        var words = node.Kind().ToString();
        foreach (var suffix in new[] { "Statement", "Expression" })
            if (words.EndsWith(suffix, StringComparison.Ordinal) && words.Length > suffix.Length) words = words.Substring(0, words.Length - suffix.Length) + " " + suffix.ToLowerInvariant();
        var spaced = new System.Text.StringBuilder();
        foreach (char c in words)
        {
            if (char.IsUpper(c) && spaced.Length > 0) spaced.Append(' ');
            spaced.Append(char.ToLowerInvariant(c));
        }
        return "'" + spaced.ToString().Replace("  ", " ") + "'";
    }
}
