using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

/// <summary>C# operator precedence levels, as printers need them (higher binds tighter).</summary>
internal static class Precedence
{
    public const int Conditional = 0, Or = 1, Equality = 2, Relational = 3, Additive = 4, Multiplicative = 5, Unary = 6, Primary = 7;

    /// <summary>The text of <paramref name="e"/>, parenthesized when its precedence is below <paramref name="least"/>.</summary>
    public static string Operand((string text, int precedence) e, int least) => e.precedence < least ? "(" + e.text + ")" : e.text;
}

/// <summary>
/// Prints <see cref="Formula"/>s as C#: an op's formula inline over its operands' text, and the
/// named formulas it calls as helper methods of the generated class (<c>Sigmoid(x)</c>).
/// </summary>
internal sealed class FormulaWriter
{
    private const string Vector = "global::System.Numerics.Vector";

    private readonly DType _dtype;
    private readonly Action<NamedFormula> _use;
    private readonly bool _vector;
    private readonly Dictionary<FormulaVariable, string> _variables = new();

    /// <summary>A writer of formulas over <paramref name="dtype"/> elements, or, with <paramref name="vector"/>, over <c>Vector&lt;T&gt;</c> (see <see cref="Lowering.Vectorizer"/>).</summary>
    public FormulaWriter(DType dtype, Action<NamedFormula> use, bool vector = false)
    {
        _dtype = dtype;
        _use = use;
        _vector = vector;
    }

    /// <summary>The vector type: <c>global::System.Numerics.Vector&lt;double&gt;</c>.</summary>
    public static string VectorType(DType dtype) => Vector + "<" + Literals.Type(dtype) + ">";

    /// <summary>Every lane <paramref name="scalar"/>.</summary>
    public static string Splat(string scalar) => Vector + ".Create(" + scalar + ")";

    /// <summary>True once a comparison of a text with itself was printed (C# warns: CS1718).</summary>
    public bool SelfComparison { get; set; }

    /// <summary><paramref name="f"/> over operands already printed.</summary>
    public (string text, int precedence) Print(Formula f, IReadOnlyList<(string text, int precedence)> operands)
    {
        string Sub(Formula x, int least) => Precedence.Operand(Print(x, operands), least);
        string Type = Literals.Type(_dtype);
        switch (f)
        {
            case FormulaArgument a:
                return operands[a.Index];
            case FormulaConstant c:
                return (_vector ? Splat(Literals.Number(c.Value, _dtype)) : Literals.Number(c.Value, _dtype), Precedence.Primary);
            case FormulaVariable v:
                return (_variables[v], Precedence.Primary);
            case FormulaNegate n:
            {
                var operand = Sub(n.Operand, Precedence.Unary);
                // "--x" would be a decrement.
                return ("-" + (operand.StartsWith("-", StringComparison.Ordinal) ? "(" + operand + ")" : operand), Precedence.Unary);
            }
            case FormulaBinary b:
            {
                bool additive = b.Operator is FormulaOperator.Add or FormulaOperator.Subtract;
                int p = additive ? Precedence.Additive : Precedence.Multiplicative;
                string symbol = b.Operator switch { FormulaOperator.Add => "+", FormulaOperator.Subtract => "-", FormulaOperator.Multiply => "*", _ => "/" };
                return ($"{Sub(b.Left, p)} {symbol} {Sub(b.Right, p + 1)}", p);
            }
            case FormulaMath m when _vector:
                return (VectorMath(m.Function) + "(" + string.Join(", ", m.Arguments.Select(x => Print(x, operands).text)) + ")", Precedence.Primary);
            case FormulaComparison c when _vector:
            {
                // Masks of the element type (generic overloads), so comparisons and tests combine with |.
                var (left, right) = (Print(c.Left, operands).text, Print(c.Right, operands).text);
                return c.Kind == ComparisonKind.NotEqual
                    ? ($"~{Vector}.Equals<{Type}>({left}, {right})", Precedence.Unary)
                    : ($"{Vector}.{VectorComparison(c.Kind)}<{Type}>({left}, {right})", Precedence.Primary);
            }
            case FormulaTest t when _vector:
                return ($"{Vector}.{t.Kind}({Print(t.Operand, operands).text})", Precedence.Primary);
            case FormulaOr o when _vector:
                return ($"{Sub(o.Left, Precedence.Or)} | {Sub(o.Right, Precedence.Equality)}", Precedence.Or);
            case FormulaSelect s when _vector:
                return ($"{Vector}.ConditionalSelect({Print(s.Condition, operands).text}, {Print(s.IfTrue, operands).text}, {Print(s.IfFalse, operands).text})", Precedence.Primary);
            case FormulaMath m:
                return ($"{Literals.MathClass(_dtype)}.{m.Function}({string.Join(", ", m.Arguments.Select(x => Print(x, operands).text))})", Precedence.Primary);
            case FormulaComparison c:
            {
                var (left, right) = (Sub(c.Left, Precedence.Additive), Sub(c.Right, Precedence.Additive));
                if (left == right) SelfComparison = true;
                bool equality = c.Kind is ComparisonKind.Equal or ComparisonKind.NotEqual;
                return ($"{left} {Operator(c.Kind)} {right}", equality ? Precedence.Equality : Precedence.Relational);
            }
            case FormulaTest t:
                return ($"{Type}.{t.Kind}({Print(t.Operand, operands).text})", Precedence.Primary);
            case FormulaOr o:
                return ($"{Sub(o.Left, Precedence.Or)} || {Sub(o.Right, Precedence.Equality)}", Precedence.Or);
            case FormulaSelect s:
                // Right-associative: a conditional in the false branch needs no parentheses.
                return ($"{Sub(s.Condition, Precedence.Or)} ? {Sub(s.IfTrue, Precedence.Or)} : {Sub(s.IfFalse, Precedence.Conditional)}", Precedence.Conditional);
            case FormulaCall call:
                _use(call.Helper);
                return ($"{call.Helper.Name}({string.Join(", ", call.Arguments.Select(x => Print(x, operands).text))})", Precedence.Primary);
            case FormulaLet:
                throw new InvalidOperationException("A let is written only at the top of a named formula.");
            default:
                throw new InvalidOperationException($"Unexpected formula {f.GetType().Name}.");
        }
    }

    // Vector.Exp(x), or the helper that computes a function the runtime has no vector method for.
    private string VectorMath(MathFunction function)
    {
        if (Lowering.Vectorizer.FormulaFor(function) is { } helper)
        {
            _use(helper);
            return helper.Name;
        }
        return Vector + "." + (function == MathFunction.Sqrt ? "SquareRoot" : function.ToString());
    }

    private static string VectorComparison(ComparisonKind kind) => kind switch
    {
        ComparisonKind.Less => "LessThan",
        ComparisonKind.LessEqual => "LessThanOrEqual",
        ComparisonKind.Greater => "GreaterThan",
        ComparisonKind.GreaterEqual => "GreaterThanOrEqual",
        _ => "Equals",
    };

    private static string Operator(ComparisonKind kind) => kind switch
    {
        ComparisonKind.Less => "<",
        ComparisonKind.LessEqual => "<=",
        ComparisonKind.Greater => ">",
        ComparisonKind.GreaterEqual => ">=",
        ComparisonKind.Equal => "==",
        _ => "!=",
    };

    /// <summary>
    /// Writes <paramref name="helper"/> as a private static method: expression-bodied, or its lets as
    /// locals then a return. A helper that computes in double gets a float overload that converts.
    /// </summary>
    /// <remarks>With <paramref name="vector"/>, the helper is an overload over <c>Vector&lt;T&gt;</c>, computed in the element type's lanes.</remarks>
    public static void WriteHelper(IndentedWriter w, NamedFormula helper, DType dtype, bool vector = false)
    {
        const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
        var type = helper.ComputesInDouble && !vector ? DType.Float64 : dtype;
        string t = vector ? VectorType(type) : Literals.Type(type);
        var parameters = helper.Parameters.Select(p => Identifiers.Escape(p)).ToArray();
        var writer = new FormulaWriter(type, _ => { }, vector);
        var operands = parameters.Select(p => (p, Precedence.Primary)).ToArray();
        string signature = $"private static {t} {helper.Name}({string.Join(", ", parameters.Select(p => t + " " + p))})";

        w.Line().Line("// " + Identifiers.CommentText(helper.Summary)).Line(Inline);
        var body = helper.Body;
        if (body is not FormulaLet)
        {
            w.Line($"{signature} => {writer.Print(body, operands).text};");
        }
        else
        {
            w.Line(signature).Open();
            while (body is FormulaLet let)
            {
                var name = Identifiers.Escape(let.Variable.Name);
                w.Line($"{t} {name} = {writer.Print(let.Value, operands).text};");
                writer._variables[let.Variable] = name;
                body = let.Body;
            }
            w.Line($"return {writer.Print(body, operands).text};").Close();
        }
        if (helper.ComputesInDouble && dtype == DType.Float32 && !vector)
        {
            var floats = string.Join(", ", parameters.Select(p => "float " + p));
            var casts = string.Join(", ", parameters.Select(p => "(double)" + p));
            w.Line().Line(Inline).Line($"private static float {helper.Name}({floats}) => (float){helper.Name}({casts});");
        }
    }
}
