using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using SymGraph.Codegen.Lowering;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// Prints a straight-line part of a <see cref="LoweredFunction"/> (declarations, accumulations,
/// stores, results: no loops, no kernel calls) as IL directly, with <see cref="ILGenerator"/>. Graphs
/// written element by element (10^5–10^7 scalar nodes) are nothing but such parts, and for them
/// building Expression trees and running <c>LambdaExpression.Compile</c> over them cost more than the
/// JIT itself. Parts with loops and kernel calls (tensor code: few statements, much work each) stay
/// with <see cref="ExpressionPrinter{T}"/>. Like it, this prints and decides nothing; the same method
/// signature (<see cref="CompiledChunk{T}"/>), the same frame prologue, the same slot-shared locals.
/// </summary>
internal sealed class IlPrinter<T> where T : unmanaged
{
    private static readonly Type Elem = typeof(T);
    private static readonly bool IsDouble = typeof(T) == typeof(double);
    private static readonly MethodInfo MaxInt = typeof(Math).GetMethod(nameof(Math.Max), new[] { typeof(int), typeof(int) })!;
    private static readonly ConstructorInfo Failure = typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) })!;

    private readonly LoweredFunction _function;
    private readonly ILGenerator _il;
    private readonly DynamicMethod _method;
    private readonly Dictionary<Var, LocalBuilder> _vars = new();
    private readonly Dictionary<int, LocalBuilder> _slots = new(); // slot-shared element locals
    private readonly FormulaEmitter _formulas;

    private IlPrinter(LoweredFunction function, int statements)
    {
        _function = function;
        _method = new DynamicMethod("part", typeof(void), new[] { typeof(T[][]), typeof(T[][]), typeof(Workspace<T>) },
            typeof(IlPrinter<T>).Module, skipVisibility: true);
        _il = _method.GetILGenerator(Math.Max(64, statements * 16));
        _formulas = new FormulaEmitter(_il);
    }

    /// <summary>True when every statement is one this printer prints: straight-line element code.</summary>
    public static bool CanPrint(IReadOnlyList<Stmt> statements)
    {
        foreach (var s in statements)
        {
            bool ok = s switch
            {
                Declare d => d.Var.Kind == VarKind.Element && CanPrint(d.Value),
                Accumulate a => CanPrint(a.Value),
                Store st => CanPrint(st.Value),
                SetResult r => CanPrint(r.Value),
                DeclareArray or Comment => true,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool CanPrint(ValueExpr e) => e switch
    {
        Literal or Read or Load or SizeProduct => true,
        Apply a => a.Op.Formula is not null && AllPrintable(a.Operands),
        _ => false,
    };

    private static bool AllPrintable(IReadOnlyList<ValueExpr> operands)
    {
        foreach (var o in operands) if (!CanPrint(o)) return false;
        return true;
    }

    /// <summary>The compiled method of <paramref name="statements"/> (which <see cref="CanPrint(IReadOnlyList{Stmt})"/> accepts).</summary>
    public static CompiledChunk<T> Print(LoweredFunction function, IReadOnlyList<Stmt> statements)
    {
        var printer = new IlPrinter<T>(function, statements.Count);
        printer.Prologue(statements);
        foreach (var s in statements) printer.Statement(s);
        printer._il.Emit(OpCodes.Ret);
        return (CompiledChunk<T>)printer._method.CreateDelegate(typeof(CompiledChunk<T>));
    }

    // ---- frame variables: read off the call's arrays and workspace before the first statement ---------

    private void Prologue(IReadOnlyList<Stmt> statements)
    {
        var seen = new HashSet<Var>();
        void Use(Var v)
        {
            if (v.Frame != FrameKind.None && seen.Add(v)) LoadFrame(v);
        }
        void UseInt(IntExpr e)
        {
            switch (e)
            {
                case IntRead r: Use(r.Var); break;
                case IntBinary b: UseInt(b.Left); UseInt(b.Right); break;
            }
        }
        void UseValue(ValueExpr e)
        {
            switch (e)
            {
                case Read r: Use(r.Var); break;
                case Load l: Use(l.Array); UseInt(l.Index); break;
                case Apply a: foreach (var o in a.Operands) UseValue(o); break;
                case SizeProduct p: foreach (var f in p.Factors) UseInt(f); break;
            }
        }
        foreach (var s in statements)
        {
            switch (s)
            {
                case Declare d: UseValue(d.Value); break;
                case Accumulate a: Use(a.Var); UseValue(a.Value); break;
                case Store st: Use(st.Array); UseInt(st.Index); UseValue(st.Value); break;
                case SetResult r: UseValue(r.Value); break;
                case DeclareArray d: Use(d.Source); break;
            }
        }
    }

    private void LoadFrame(Var v)
    {
        var local = Local(v);
        switch (v.Frame)
        {
            case FrameKind.Argument:
                _il.Emit(OpCodes.Ldarg_0);
                Int(v.Index);
                _il.Emit(OpCodes.Ldelem_Ref);
                if (v.Kind == VarKind.Element)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    LoadElement();
                }
                break;
            case FrameKind.Result:
                _il.Emit(OpCodes.Ldarg_1);
                Int(v.Index);
                _il.Emit(OpCodes.Ldelem_Ref);
                break;
            case FrameKind.Size:
                WorkspaceArray(nameof(Workspace<T>.Sizes), v.Index, typeof(int));
                break;
            case FrameKind.Buffer:
                WorkspaceArray(nameof(Workspace<T>.Buffers), v.Index, typeof(T[]));
                break;
            case FrameKind.Constant:
                WorkspaceArray(nameof(Workspace<T>.Constants), v.Index, typeof(T[]));
                break;
            case FrameKind.Spill:
                _il.Emit(OpCodes.Ldarg_2);
                _il.Emit(OpCodes.Callvirt, typeof(Workspace<T>).GetProperty(nameof(Workspace<T>.Spill))!.GetMethod!);
                break;
            default:
                throw new InvalidOperationException($"Unexpected frame kind {v.Frame}.");
        }
        _il.Emit(OpCodes.Stloc, local);
        CheckStaticLength(v, local);
    }

    private void WorkspaceArray(string property, int index, Type element)
    {
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Callvirt, typeof(Workspace<T>).GetProperty(property)!.GetMethod!);
        Int(index);
        _il.Emit(element == typeof(int) ? OpCodes.Ldelem_I4 : OpCodes.Ldelem_Ref);
    }

    // See LoweredFunction.StaticLength: the length checked again tells the JIT the length.
    private void CheckStaticLength(Var v, LocalBuilder local)
    {
        if (_function.StaticLength(v) is not int length) return;
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_I4);
        Int(length);
        _il.Emit(OpCodes.Beq, ok);
        _il.Emit(OpCodes.Ldstr, LoweredFunction.LengthMessage(v, length));
        _il.Emit(OpCodes.Newobj, Failure);
        _il.Emit(OpCodes.Throw);
        _il.MarkLabel(ok);
    }

    /// <summary>The local of <paramref name="v"/>: slot-shared for element values with a slot, aliases resolved.</summary>
    private LocalBuilder Local(Var v)
    {
        if (_vars.TryGetValue(v, out var local)) return local;
        if (v.Slot >= 0 && _slots.TryGetValue(v.Slot, out local)) return _vars[v] = local;
        local = _il.DeclareLocal(v.Kind switch { VarKind.Element => Elem, VarKind.Int => typeof(int), _ => typeof(T[]) });
        if (v.Slot >= 0) _slots[v.Slot] = local;
        return _vars[v] = local;
    }

    // ---- statements ----------------------------------------------------------------------------------

    private void Statement(Stmt s)
    {
        switch (s)
        {
            case Declare d:
                Value(d.Value);
                _il.Emit(OpCodes.Stloc, Local(d.Var));
                break;
            case Accumulate a:
                _il.Emit(OpCodes.Ldloc, Local(a.Var));
                Value(a.Value);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Stloc, Local(a.Var));
                break;
            case Store st:
                _il.Emit(OpCodes.Ldloc, Local(st.Array));
                Int(st.Index);
                if (st.IsAccumulating)
                {
                    _il.Emit(OpCodes.Ldloc, Local(st.Array));
                    Int(st.Index);
                    LoadElement();
                    Value(st.Value);
                    _il.Emit(OpCodes.Add);
                }
                else Value(st.Value);
                StoreElement();
                break;
            case SetResult r:
                _il.Emit(OpCodes.Ldarg_1);
                Int(r.Output);
                _il.Emit(OpCodes.Ldelem_Ref);
                _il.Emit(OpCodes.Ldc_I4_0);
                Value(r.Value);
                StoreElement();
                break;
            case DeclareArray d:
                _vars[d.Var] = Local(d.Source); // a name for another array is that array's local
                break;
            case Comment:
                break;
            default:
                throw new InvalidOperationException($"Unexpected statement {s.GetType().Name}.");
        }
    }

    private void LoadElement() => _il.Emit(IsDouble ? OpCodes.Ldelem_R8 : OpCodes.Ldelem_R4);

    private void StoreElement() => _il.Emit(IsDouble ? OpCodes.Stelem_R8 : OpCodes.Stelem_R4);

    // ---- expressions ---------------------------------------------------------------------------------

    private void Int(int value) => _il.Emit(OpCodes.Ldc_I4, value);

    private void Int(IntExpr e)
    {
        switch (e)
        {
            case IntConst c: Int(c.Value); break;
            case IntRead r: _il.Emit(OpCodes.Ldloc, Local(r.Var)); break;
            case IntBinary b:
                Int(b.Left);
                Int(b.Right);
                if (b.Operator == IntOperator.Max) _il.Emit(OpCodes.Call, MaxInt);
                else _il.Emit(b.Operator == IntOperator.Add ? OpCodes.Add : OpCodes.Mul);
                break;
            default: throw new InvalidOperationException($"Unexpected int expression {e.GetType().Name}.");
        }
    }

    private void Value(ValueExpr e)
    {
        switch (e)
        {
            case Literal l: _formulas.Constant(l.Value, Elem); break;
            case Read r: _il.Emit(OpCodes.Ldloc, Local(r.Var)); break;
            case Load l:
                _il.Emit(OpCodes.Ldloc, Local(l.Array));
                Int(l.Index);
                LoadElement();
                break;
            case Apply a: Apply(a); break;
            case SizeProduct p:
                // 1.0 · each size, in double (exact for int sizes), then the element type.
                _il.Emit(OpCodes.Ldc_R8, 1.0);
                foreach (var f in p.Factors)
                {
                    Int(f);
                    _il.Emit(OpCodes.Conv_R8);
                    _il.Emit(OpCodes.Mul);
                }
                if (!IsDouble) _il.Emit(OpCodes.Conv_R4);
                break;
            default: throw new InvalidOperationException($"Unexpected value expression {e.GetType().Name}.");
        }
    }

    // An op's formula over its operands. Variables and literals are read where the formula reads them;
    // anything else is evaluated once, into a temporary, first.
    private void Apply(Apply a)
    {
        var operands = new Action[a.Operands.Count];
        var temporaries = new List<LocalBuilder>();
        for (int i = 0; i < operands.Length; i++)
        {
            var operand = a.Operands[i];
            if (operand is Read or Literal) operands[i] = () => Value(operand);
            else
            {
                Value(operand);
                var temporary = _formulas.Rent(Elem);
                temporaries.Add(temporary);
                _il.Emit(OpCodes.Stloc, temporary);
                operands[i] = () => _il.Emit(OpCodes.Ldloc, temporary);
            }
        }
        _formulas.Emit(a.Op.Formula!, operands, Elem);
        foreach (var t in temporaries) _formulas.Return(t);
    }
}
