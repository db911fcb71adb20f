using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;

namespace SymGraph.Ops;

/// <summary>
/// A formula as an Expression tree over given operands, in double or float: what the interpreter
/// compiles (once per op) and what the Expression backend inlines into its loops. Named formulas are
/// inlined as blocks; in float code those that compute in double convert in and out.
/// </summary>
public static class FormulaExpressions
{
    /// <summary>The formula applied to <paramref name="operands"/> (each of type <paramref name="element"/>, double or float).</summary>
    public static Expression Build(Formula formula, IReadOnlyList<Expression> operands, Type element)
    {
        if (element != typeof(double) && element != typeof(float)) throw new ArgumentException($"Formulas compute in double or float, not {element.Name}.", nameof(element));
        return new Builder(element, operands).Number(formula);
    }

    /// <summary>The formula of <paramref name="arity"/> operands compiled to a delegate over doubles (Func&lt;double, …, double&gt;).</summary>
    public static Delegate Compile(Formula formula, int arity)
    {
        var parameters = Enumerable.Range(0, arity).Select(i => Expression.Parameter(typeof(double), "x" + i)).ToArray();
        return Expression.Lambda(Build(formula, parameters, typeof(double)), parameters).Compile();
    }

    private sealed class Builder
    {
        private readonly Type _t;
        private readonly IReadOnlyList<Expression> _operands;
        private readonly Dictionary<FormulaVariable, ParameterExpression> _variables = new();

        public Builder(Type t, IReadOnlyList<Expression> operands)
        {
            _t = t;
            _operands = operands;
        }

        public Expression Number(Formula f) => f switch
        {
            FormulaArgument a => a.Index < _operands.Count ? _operands[a.Index] : throw new ArgumentException($"The formula reads operand {a.Index} of {_operands.Count}."),
            FormulaConstant c => _t == typeof(double) ? Expression.Constant(c.Value) : Expression.Constant((float)c.Value),
            FormulaNegate n => Expression.Negate(Number(n.Operand)),
            FormulaBinary b => b.Operator switch
            {
                FormulaOperator.Add => Expression.Add(Number(b.Left), Number(b.Right)),
                FormulaOperator.Subtract => Expression.Subtract(Number(b.Left), Number(b.Right)),
                FormulaOperator.Multiply => Expression.Multiply(Number(b.Left), Number(b.Right)),
                _ => Expression.Divide(Number(b.Left), Number(b.Right)),
            },
            FormulaMath m => MathCall(m),
            FormulaSelect s => Expression.Condition(Condition(s.Condition), Number(s.IfTrue), Number(s.IfFalse)),
            FormulaVariable v => _variables.TryGetValue(v, out var p) ? p : throw new InvalidOperationException($"The variable '{v.Name}' is used outside its let."),
            FormulaLet l => Let(l),
            FormulaCall c => Call(c),
            _ => throw new InvalidOperationException($"Unexpected formula {f.GetType().Name}."),
        };

        private Expression Let(FormulaLet l)
        {
            var p = Expression.Variable(_t, l.Variable.Name);
            var value = Number(l.Value);
            _variables[l.Variable] = p;
            return Expression.Block(new[] { p }, Expression.Assign(p, value), Number(l.Body));
        }

        // A named formula, inlined: its operands in locals (each evaluated once), its body over them.
        private Expression Call(FormulaCall c)
        {
            var inDouble = c.Helper.ComputesInDouble && _t != typeof(double);
            var type = inDouble ? typeof(double) : _t;
            var locals = c.Arguments.Select((_, i) => Expression.Variable(type, c.Helper.Parameters[i])).ToArray();
            var assigns = c.Arguments.Select((a, i) =>
            {
                var value = Number(a);
                return (Expression)Expression.Assign(locals[i], inDouble ? Expression.Convert(value, typeof(double)) : value);
            }).ToList();
            Expression body = new Builder(type, locals).Number(c.Helper.Body);
            if (inDouble) body = Expression.Convert(body, _t);
            assigns.Add(body);
            return Expression.Block(locals, assigns);
        }

        private Expression Condition(Formula f) => f switch
        {
            FormulaComparison c => c.Kind switch
            {
                ComparisonKind.Less => Expression.LessThan(Number(c.Left), Number(c.Right)),
                ComparisonKind.LessEqual => Expression.LessThanOrEqual(Number(c.Left), Number(c.Right)),
                ComparisonKind.Greater => Expression.GreaterThan(Number(c.Left), Number(c.Right)),
                ComparisonKind.GreaterEqual => Expression.GreaterThanOrEqual(Number(c.Left), Number(c.Right)),
                ComparisonKind.Equal => Expression.Equal(Number(c.Left), Number(c.Right)),
                _ => Expression.NotEqual(Number(c.Left), Number(c.Right)),
            },
            FormulaTest t => Expression.Call(_t.GetMethod(t.Kind == FormulaTestKind.IsNaN ? "IsNaN" : "IsInfinity", new[] { _t })!, Number(t.Operand)),
            FormulaOr o => Expression.OrElse(Condition(o.Left), Condition(o.Right)),
            _ => throw new InvalidOperationException($"{f.GetType().Name} is not a condition."),
        };

        private Expression MathCall(FormulaMath m)
        {
            var args = m.Arguments.Select(Number).ToArray();
            var type = _t == typeof(double) ? typeof(Math) : MathFType;
            var method = type.GetMethod(m.Function.ToString(), args.Select(_ => _t).ToArray())
                ?? throw new InvalidOperationException($"{type.Name}.{m.Function} is not found.");
            return Expression.Call(method, args);
        }
    }

    // System.MathF (netstandard2.0 has no MathF: float32 code there computes in double and rounds).
    private static readonly Type MathFType = Type.GetType("System.MathF") ?? typeof(Math);
}
