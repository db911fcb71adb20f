using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using SymGraph.Codegen.Lowering;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// Vectors of one width (128, 256 or 512 bits) of <typeparamref name="T"/> as Expression nodes: loads,
/// stores, broadcasts, horizontal sums, and formulas over vectors (the vector forms
/// <see cref="Vectorizer"/> states: the runtime's <c>Vector512.Exp</c> and friends, comparisons as
/// masks, selects as <c>ConditionalSelect</c>, tanh from <see cref="Vectorizer.Tanh"/>).
/// </summary>
internal sealed class VectorExpressions<T> where T : unmanaged
{
    private static readonly Type Elem = typeof(T);
    private readonly Type _static;

    private VectorExpressions(int bits)
    {
        Bits = bits;
        (_static, Type) = bits switch
        {
            128 => (typeof(Vector128), typeof(Vector128<T>)),
            256 => (typeof(Vector256), typeof(Vector256<T>)),
            512 => (typeof(Vector512), typeof(Vector512<T>)),
            _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "Vectors are 128, 256 or 512 bits wide."),
        };
        Count = bits / 8 / System.Runtime.InteropServices.Marshal.SizeOf<T>();
    }

    private static readonly Dictionary<int, VectorExpressions<T>> Cache = new()
    {
        [128] = new VectorExpressions<T>(128),
        [256] = new VectorExpressions<T>(256),
        [512] = new VectorExpressions<T>(512),
    };

    /// <summary>The vectors of <paramref name="bits"/> bits.</summary>
    public static VectorExpressions<T> Of(int bits) => Cache.TryGetValue(bits, out var v) ? v : new VectorExpressions<T>(bits);

    /// <summary>The width in bits.</summary>
    public int Bits { get; }

    /// <summary>Elements per vector.</summary>
    public int Count { get; }

    /// <summary><c>Vector512&lt;T&gt;</c> (or 256, 128).</summary>
    public Type Type { get; }

    /// <summary>Every lane <paramref name="scalar"/>.</summary>
    public Expression Splat(Expression scalar) => Expression.Call(Generic("Create", p => p.Length == 1 && p[0].ParameterType.IsGenericParameter), scalar);

    /// <summary><paramref name="array"/>[index .. index + Count) (bounds-checked).</summary>
    public Expression Load(Expression array, Expression index) =>
        Expression.Call(Generic("Create", p => p.Length == 2 && p[0].ParameterType.IsArray), array, index);

    /// <summary>Writes <paramref name="value"/> to <paramref name="array"/>[index .. index + Count) (bounds-checked).</summary>
    public Expression Store(Expression value, Expression array, Expression index) =>
        Expression.Call(Generic("CopyTo", p => p.Length == 3 && p[1].ParameterType.IsArray), value, array, index);

    /// <summary>The sum of the lanes (the runtime's order).</summary>
    public Expression Sum(Expression vector) => Expression.Call(Generic("Sum", p => p.Length == 1), vector);

    /// <summary>All lanes zero.</summary>
    public Expression Zero => Expression.Property(null, Type, "Zero");

    /// <summary><paramref name="formula"/> over vector operands.</summary>
    public Expression Formula(Formula formula, IReadOnlyList<Expression> operands) => new Builder(this, operands).Number(formula);

    private MethodInfo Generic(string name, Func<ParameterInfo[], bool> match) =>
        _static.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && match(m.GetParameters()))
            .MakeGenericMethod(Elem);

    /// <summary>A lane-wise function of vectors (<c>Max&lt;T&gt;(a, b)</c>, <c>IsNaN&lt;T&gt;(x)</c>, …).</summary>
    private Expression Lanewise(string name, params Expression[] args) =>
        Expression.Call(Generic(name, p => p.Length == args.Length && p.All(q => q.ParameterType.IsGenericType)), args);

    private sealed class Builder
    {
        private readonly VectorExpressions<T> _v;
        private readonly IReadOnlyList<Expression> _operands;
        private readonly Dictionary<FormulaVariable, ParameterExpression> _variables = new();

        public Builder(VectorExpressions<T> v, IReadOnlyList<Expression> operands)
        {
            _v = v;
            _operands = operands;
        }

        public Expression Number(Formula f) => f switch
        {
            FormulaArgument a => _operands[a.Index],
            FormulaConstant c => _v.Splat(Elem == typeof(double) ? Expression.Constant(c.Value) : Expression.Constant((float)c.Value)),
            FormulaNegate n => Expression.Negate(Number(n.Operand)),
            FormulaBinary b => b.Operator switch
            {
                FormulaOperator.Add => Expression.Add(Number(b.Left), Number(b.Right)),
                FormulaOperator.Subtract => Expression.Subtract(Number(b.Left), Number(b.Right)),
                FormulaOperator.Multiply => Expression.Multiply(Number(b.Left), Number(b.Right)),
                _ => Expression.Divide(Number(b.Left), Number(b.Right)),
            },
            FormulaMath m => MathCall(m),
            FormulaSelect s => _v.Lanewise("ConditionalSelect", Condition(s.Condition), Number(s.IfTrue), Number(s.IfFalse)),
            FormulaVariable v => _variables[v],
            FormulaLet l => Let(l),
            FormulaCall c => Call(c.Helper, c.Arguments.Select(Number).ToArray()),
            _ => throw new InvalidOperationException($"Unexpected formula {f.GetType().Name}."),
        };

        private Expression Let(FormulaLet l)
        {
            var p = Expression.Variable(_v.Type, l.Variable.Name);
            var value = Number(l.Value);
            _variables[l.Variable] = p;
            return Expression.Block(new[] { p }, Expression.Assign(p, value), Number(l.Body));
        }

        // A named formula, inlined over vector operands held in locals (in float lanes in float32 code).
        private Expression Call(NamedFormula helper, Expression[] arguments)
        {
            var locals = arguments.Select((_, i) => Expression.Variable(_v.Type, helper.Parameters[i])).ToArray();
            var body = arguments.Select((a, i) => (Expression)Expression.Assign(locals[i], a)).ToList();
            body.Add(new Builder(_v, locals).Number(helper.Body));
            return Expression.Block(locals, body);
        }

        private Expression Condition(Formula f) => f switch
        {
            // a ≠ b is ¬(a = b): true where either is NaN, as in scalar code.
            FormulaComparison { Kind: ComparisonKind.NotEqual } c => _v.Lanewise("OnesComplement", _v.Lanewise("Equals", Number(c.Left), Number(c.Right))),
            FormulaComparison c => _v.Lanewise(Name(c.Kind), Number(c.Left), Number(c.Right)),
            FormulaTest t => _v.Lanewise(t.Kind == FormulaTestKind.IsNaN ? "IsNaN" : "IsInfinity", Number(t.Operand)),
            FormulaOr o => _v.Lanewise("BitwiseOr", Condition(o.Left), Condition(o.Right)),
            _ => throw new InvalidOperationException($"{f.GetType().Name} is not a condition."),
        };

        private static string Name(ComparisonKind kind) => kind switch
        {
            ComparisonKind.Less => "LessThan",
            ComparisonKind.LessEqual => "LessThanOrEqual",
            ComparisonKind.Greater => "GreaterThan",
            ComparisonKind.GreaterEqual => "GreaterThanOrEqual",
            _ => "Equals",
        };

        private Expression MathCall(FormulaMath m)
        {
            var args = m.Arguments.Select(Number).ToArray();
            if (Vectorizer.FormulaFor(m.Function) is { } formula) return Call(formula, args);
            return m.Function switch
            {
                MathFunction.Abs or MathFunction.Sqrt or MathFunction.Max => _v.Lanewise(m.Function.ToString(), args),
                MathFunction.Exp or MathFunction.Log or MathFunction.Sin or MathFunction.Cos =>
                    Expression.Call(_v._static.GetMethod(m.Function.ToString(), new[] { _v.Type })
                        ?? throw new InvalidOperationException($"{_v._static.Name}.{m.Function} is not found."), args),
                _ => throw new InvalidOperationException($"{m.Function} has no vector form."),
            };
        }
    }
}
