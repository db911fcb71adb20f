using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// Builds one compiled method from a run of steps: a flat block of assignments to locals. Locals for
/// arrays, sizes and live-in scalars are loaded once at the top; scalars that later methods need are
/// spilled to the workspace at the bottom.
/// </summary>
internal sealed partial class ChunkBuilder<T> where T : unmanaged
{
    private static readonly Type Elem = typeof(T);
    private static readonly Type ArrayType = typeof(T[]);

    private readonly Schedule _schedule;
    private readonly HashSet<int> _shared;
    private ParameterExpression? _spillArray;
    private readonly ParameterExpression _args = Expression.Parameter(typeof(T[][]), "args");
    private readonly ParameterExpression _results = Expression.Parameter(typeof(T[][]), "results");
    private readonly ParameterExpression _ws = Expression.Parameter(typeof(Workspace<T>), "ws");
    private readonly List<ParameterExpression> _locals = new();
    private readonly List<Expression> _prologue = new();
    private readonly List<Expression> _body = new();
    private readonly Dictionary<(StorageKind, int), ParameterExpression> _arrays = new();
    private readonly Dictionary<int, ParameterExpression> _scalarArgs = new();
    private readonly Dictionary<int, ParameterExpression> _slots = new();
    private readonly Dictionary<string, ParameterExpression> _sizes = new();

    public ChunkBuilder(Schedule schedule, HashSet<int> sharedSlots, HashSet<Node> promoted)
    {
        _schedule = schedule;
        _shared = sharedSlots;
        _promoted = promoted;
    }

    public Expression<CompiledChunk<T>> Build(IEnumerable<Step> steps)
    {
        foreach (var step in steps) Lower(step);
        var all = new List<Expression>(_prologue);
        all.AddRange(_body);
        all.Add(Expression.Empty());
        return Expression.Lambda<CompiledChunk<T>>(Expression.Block(_locals, all), _args, _results, _ws);
    }

    private void Lower(Step step)
    {
        switch (step)
        {
            case ScalarStep s:
                Assign(s.Node, Elementwise(s.Node, s.Node.Inputs.Select(Scalar).ToArray()));
                foreach (var (stacked, offset) in s.Stores)
                    _body.Add(Expression.Assign(Expression.ArrayAccess(Array(stacked), Expression.Constant(offset)), Scalar(s.Node)));
                break;
            case LoopStep l:
                LowerLoop(l);
                break;
            case KernelStep k:
                LowerKernel(k.Node);
                break;
            case CopyToResultStep c:
                var target = Expression.ArrayIndex(_results, Expression.Constant(c.Result));
                if (c.Node.Shape.IsScalar)
                    _body.Add(Expression.Assign(Expression.ArrayAccess(target, Expression.Constant(0)), Scalar(c.Node)));
                else if (IsPromoted(c.Node))
                    for (int e = 0; e < c.Node.Shape.ElementCount; e++)
                        _body.Add(Expression.Assign(Expression.ArrayAccess(target, Expression.Constant(e)), At(c.Node, e)));
                else
                    _body.Add(Call(nameof(Runtime.Kernels.Copy), Array(c.Node), Expression.Constant(0), target, Expression.Constant(0), Count(c.Node.Shape)));
                break;
            default:
                throw new InvalidOperationException($"Unexpected step {step.GetType().Name}.");
        }
    }

    // ---- values ------------------------------------------------------------------------------------

    private ParameterExpression Local(Type type, string name)
    {
        var v = Expression.Variable(type, name);
        _locals.Add(v);
        return v;
    }

    /// <summary>The value of a scalar node.</summary>
    private Expression Scalar(Node n)
    {
        var st = _schedule.StorageOf(n);
        switch (st.Kind)
        {
            case StorageKind.Constant:
                return Constant(n.ScalarValue ?? ((Constant)n.Op).Value.Data[0]);
            case StorageKind.Argument:
                if (!_scalarArgs.TryGetValue(st.Index, out var a))
                {
                    a = Local(Elem, "arg" + st.Index);
                    _stable.Add(a); // assigned once, in the prologue
                    _prologue.Add(Expression.Assign(a, Expression.ArrayIndex(Expression.ArrayIndex(_args, Expression.Constant(st.Index)), Expression.Constant(0))));
                    _scalarArgs[st.Index] = a;
                }
                return a;
            case StorageKind.Scalar:
                return Slot(st.Index);
            default:
                // A one-element tensor read as a scalar never happens: the builder reshapes explicitly.
                throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored as a scalar ({st}).");
        }
    }

    /// <summary>
    /// Reads a scalar slot. A slot written in this method is a local; a slot shared between methods
    /// and not yet written here is read from the workspace's spill array, where the method that
    /// computed it stored it.
    /// </summary>
    private Expression Slot(int index)
    {
        if (_shared.Contains(index) && !_writtenHere.Contains(index))
            return Expression.ArrayAccess(SpillArray(), Expression.Constant(index));
        return SlotLocal(index);
    }

    private ParameterExpression SlotLocal(int index)
    {
        if (!_slots.TryGetValue(index, out var s)) _slots[index] = s = Local(Elem, "s" + index);
        return s;
    }

    private ParameterExpression SpillArray()
    {
        if (_spillArray is null)
        {
            _spillArray = Local(ArrayType, "spill");
            _prologue.Add(Expression.Assign(_spillArray, Expression.Property(_ws, nameof(Workspace<T>.Spill))));
        }
        return _spillArray;
    }

    /// <summary>Slots assigned so far in this method: they are read from their locals.</summary>
    private readonly HashSet<int> _writtenHere = new();

    /// <summary>
    /// <c>s = value;</c> into the slot's local; a slot shared between methods is also stored to the
    /// spill array (<c>spill[k] = s;</c>) for the methods after this one.
    /// </summary>
    private void Assign(Node n, Expression value)
    {
        var st = _schedule.StorageOf(n);
        if (st.Kind != StorageKind.Scalar) throw new InvalidOperationException($"{n} is not a scalar slot ({st}).");
        var local = SlotLocal(st.Index);
        _body.Add(Expression.Assign(local, value));
        _writtenHere.Add(st.Index);
        if (_shared.Contains(st.Index))
            _body.Add(Expression.Assign(Expression.ArrayAccess(SpillArray(), Expression.Constant(st.Index)), local));
    }

    /// <summary>The array that holds tensor node <paramref name="n"/> (its root's, for reshapes).</summary>
    private ParameterExpression Array(Node n)
    {
        RequireArray(n);
        var st = _schedule.StorageOf(n);
        if (!st.IsArray) throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored in an array ({st}).");
        var key = (st.Kind, st.Index);
        if (_arrays.TryGetValue(key, out var local)) return local;
        Expression source = st.Kind switch
        {
            StorageKind.Argument => Expression.ArrayIndex(_args, Expression.Constant(st.Index)),
            StorageKind.Result => Expression.ArrayIndex(_results, Expression.Constant(st.Index)),
            StorageKind.Buffer => Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Buffers)), Expression.Constant(st.Index)),
            StorageKind.Constant => Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Constants)), Expression.Constant(st.Index)),
            _ => throw new InvalidOperationException($"Unexpected storage {st}."),
        };
        local = Local(ArrayType, st.ToString().ToLowerInvariant());
        _prologue.Add(Expression.Assign(local, source));
        // The caller's arrays were checked by CompiledFunction.Invoke, but a static length checked
        // here too tells the JIT the length: it drops the bounds checks of loops over it (as in the
        // C# backend's inline checks).
        var checkedShape = st.Kind switch
        {
            StorageKind.Argument => _schedule.Arguments[st.Index].Shape,
            StorageKind.Result => _schedule.Outputs[st.Index].Shape,
            _ => null,
        };
        if (checkedShape is { IsStatic: true })
            _prologue.Add(Expression.IfThen(
                Expression.NotEqual(Expression.ArrayLength(local), Expression.Constant(checkedShape.ElementCount)),
                Expression.Throw(Expression.New(typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) })!,
                    Expression.Constant($"The {st.Kind.ToString().ToLowerInvariant()} array {st.Index} does not have {checkedShape.ElementCount} elements.")))));
        _arrays[key] = local;
        return local;
    }

    /// <summary>The size of <paramref name="d"/> as an int expression.</summary>
    private Expression Dim(Dim d)
    {
        if (d.IsStatic) return Expression.Constant(d.Size);
        if (!_sizes.TryGetValue(d.Symbol!, out var v))
        {
            v = Local(typeof(int), "size_" + d.Symbol);
            _prologue.Add(Expression.Assign(v, Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Sizes)), Expression.Constant(_schedule.SymbolIndex(d.Symbol!)))));
            _sizes[d.Symbol!] = v;
        }
        return v;
    }

    /// <summary>The product of dimensions <paramref name="from"/> ≤ k &lt; <paramref name="to"/>, folded where static.</summary>
    private Expression Product(Shape shape, int from, int to)
    {
        int constant = 1;
        Expression? symbolic = null;
        for (int k = from; k < to; k++)
        {
            if (shape[k].IsStatic) constant *= shape[k].Size;
            else symbolic = symbolic is null ? Dim(shape[k]) : Expression.Multiply(symbolic, Dim(shape[k]));
        }
        if (symbolic is null) return Expression.Constant(constant);
        return constant == 1 ? symbolic : Expression.Multiply(symbolic, Expression.Constant(constant));
    }

    private Expression Count(Shape shape) => Product(shape, 0, shape.Rank);

    private static Expression Constant(double value) =>
        Elem == typeof(double) ? Expression.Constant(value) : Expression.Constant((float)value);

    private static Expression Call(string method, params Expression[] args)
    {
        var m = typeof(Runtime.Kernels).GetMethod(method) ?? throw new InvalidOperationException($"No kernel {method}.");
        return Expression.Call(m.MakeGenericMethod(Elem), args);
    }

    // for (i = 0; i < count; i++) body
    private static Expression For(ParameterExpression i, Expression count, Expression body)
    {
        var done = Expression.Label("done");
        return Expression.Block(
            Expression.Assign(i, Expression.Constant(0)),
            Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThan(i, count),
                    Expression.Block(body, Expression.PreIncrementAssign(i)),
                    Expression.Break(done)),
                done));
    }
}
