using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// A <see cref="Formula"/> as IL, for <see cref="IlPrinter{T}"/>: the same operations in the same order
/// as <see cref="FormulaExpressions.Build"/> gives the Expression compiler (so both round alike), with
/// named formulas inlined over locals and, in float code, those that compute in double converted in
/// and out. Temporaries are rented from a pool so a long method reuses a handful of locals.
/// </summary>
internal sealed class FormulaEmitter
{
    private static readonly Dictionary<(MathFunction, Type), MethodInfo> MathMethods = new();

    private readonly ILGenerator _il;
    private readonly Dictionary<Type, Stack<LocalBuilder>> _free = new();

    public FormulaEmitter(ILGenerator il) => _il = il;

    /// <summary>A temporary local of <paramref name="type"/>; give it back with <see cref="Return"/>.</summary>
    public LocalBuilder Rent(Type type) =>
        _free.TryGetValue(type, out var free) && free.Count > 0 ? free.Pop() : _il.DeclareLocal(type);

    /// <summary>Gives a temporary back.</summary>
    public void Return(LocalBuilder local)
    {
        if (!_free.TryGetValue(local.LocalType, out var free)) _free[local.LocalType] = free = new Stack<LocalBuilder>();
        free.Push(local);
    }

    /// <summary>Pushes <paramref name="value"/> as a <paramref name="type"/> (double or float).</summary>
    public void Constant(double value, Type type)
    {
        if (type == typeof(double)) _il.Emit(OpCodes.Ldc_R8, value);
        else _il.Emit(OpCodes.Ldc_R4, (float)value);
    }

    /// <summary>
    /// Pushes the value of <paramref name="formula"/> computed in <paramref name="type"/>; operand
    /// <c>i</c> is pushed by <c>operands[i]</c> wherever the formula reads it.
    /// </summary>
    public void Emit(Formula formula, IReadOnlyList<Action> operands, Type type) =>
        new Scope(this, operands, type).Number(formula);

    private sealed class Scope
    {
        private readonly FormulaEmitter _emitter;
        private readonly IReadOnlyList<Action> _operands;
        private readonly Type _t;
        private readonly Dictionary<FormulaVariable, LocalBuilder> _variables = new();

        public Scope(FormulaEmitter emitter, IReadOnlyList<Action> operands, Type t)
        {
            _emitter = emitter;
            _operands = operands;
            _t = t;
        }

        private ILGenerator Il => _emitter._il;

        public void Number(Formula f)
        {
            switch (f)
            {
                case FormulaArgument a:
                    if (a.Index >= _operands.Count) throw new ArgumentException($"The formula reads operand {a.Index} of {_operands.Count}.");
                    _operands[a.Index]();
                    break;
                case FormulaConstant c:
                    _emitter.Constant(c.Value, _t);
                    break;
                case FormulaNegate n:
                    Number(n.Operand);
                    Il.Emit(OpCodes.Neg);
                    break;
                case FormulaBinary b:
                    Number(b.Left);
                    Number(b.Right);
                    Il.Emit(b.Operator switch
                    {
                        FormulaOperator.Add => OpCodes.Add,
                        FormulaOperator.Subtract => OpCodes.Sub,
                        FormulaOperator.Multiply => OpCodes.Mul,
                        _ => OpCodes.Div,
                    });
                    break;
                case FormulaMath m:
                    foreach (var argument in m.Arguments) Number(argument);
                    Il.Emit(OpCodes.Call, MathMethod(m.Function, _t, m.Arguments.Count));
                    break;
                case FormulaSelect s:
                {
                    var otherwise = Il.DefineLabel();
                    var done = Il.DefineLabel();
                    Condition(s.Condition);
                    Il.Emit(OpCodes.Brfalse, otherwise);
                    Number(s.IfTrue);
                    Il.Emit(OpCodes.Br, done);
                    Il.MarkLabel(otherwise);
                    Number(s.IfFalse);
                    Il.MarkLabel(done);
                    break;
                }
                case FormulaVariable v:
                    Il.Emit(OpCodes.Ldloc, _variables.TryGetValue(v, out var bound) ? bound : throw new InvalidOperationException($"The variable '{v.Name}' is used outside its let."));
                    break;
                case FormulaLet l:
                {
                    Number(l.Value);
                    var local = _emitter.Rent(_t);
                    Il.Emit(OpCodes.Stloc, local);
                    _variables[l.Variable] = local;
                    Number(l.Body);
                    _variables.Remove(l.Variable);
                    _emitter.Return(local);
                    break;
                }
                case FormulaCall c:
                    Call(c);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected formula {f.GetType().Name}.");
            }
        }

        // A named formula, inlined: its operands in locals (each evaluated once), its body over them.
        private void Call(FormulaCall c)
        {
            var inDouble = c.Helper.ComputesInDouble && _t != typeof(double);
            var type = inDouble ? typeof(double) : _t;
            var locals = new LocalBuilder[c.Arguments.Count];
            for (int i = 0; i < locals.Length; i++)
            {
                Number(c.Arguments[i]);
                if (inDouble) Il.Emit(OpCodes.Conv_R8);
                locals[i] = _emitter.Rent(type);
                Il.Emit(OpCodes.Stloc, locals[i]);
            }
            var loads = new Action[locals.Length];
            for (int i = 0; i < locals.Length; i++)
            {
                var local = locals[i];
                loads[i] = () => Il.Emit(OpCodes.Ldloc, local);
            }
            new Scope(_emitter, loads, type).Number(c.Helper.Body);
            if (inDouble) Il.Emit(OpCodes.Conv_R4);
            foreach (var local in locals) _emitter.Return(local);
        }

        // Pushes 1 or 0. NaN compares false except under ≠: a ≤ b is "not (a > b or unordered)".
        private void Condition(Formula f)
        {
            switch (f)
            {
                case FormulaComparison c:
                    Number(c.Left);
                    Number(c.Right);
                    switch (c.Kind)
                    {
                        case ComparisonKind.Less: Il.Emit(OpCodes.Clt); break;
                        case ComparisonKind.Greater: Il.Emit(OpCodes.Cgt); break;
                        case ComparisonKind.Equal: Il.Emit(OpCodes.Ceq); break;
                        case ComparisonKind.LessEqual: Il.Emit(OpCodes.Cgt_Un); Not(); break;
                        case ComparisonKind.GreaterEqual: Il.Emit(OpCodes.Clt_Un); Not(); break;
                        default: Il.Emit(OpCodes.Ceq); Not(); break;
                    }
                    break;
                case FormulaTest t:
                    Number(t.Operand);
                    Il.Emit(OpCodes.Call, _t.GetMethod(t.Kind == FormulaTestKind.IsNaN ? "IsNaN" : "IsInfinity", new[] { _t })!);
                    break;
                case FormulaOr o:
                    Condition(o.Left);
                    Condition(o.Right);
                    Il.Emit(OpCodes.Or); // both sides are pure: no need to short-circuit
                    break;
                default:
                    throw new InvalidOperationException($"{f.GetType().Name} is not a condition.");
            }
        }

        private void Not()
        {
            Il.Emit(OpCodes.Ldc_I4_0);
            Il.Emit(OpCodes.Ceq);
        }
    }

    private static MethodInfo MathMethod(MathFunction function, Type t, int arity)
    {
        lock (MathMethods)
        {
            if (MathMethods.TryGetValue((function, t), out var method)) return method;
            var type = t == typeof(double) ? typeof(Math) : typeof(MathF);
            var parameters = new Type[arity];
            for (int i = 0; i < arity; i++) parameters[i] = t;
            method = type.GetMethod(function.ToString(), parameters) ?? throw new InvalidOperationException($"{type.Name}.{function} is not found.");
            return MathMethods[(function, t)] = method;
        }
    }
}
