using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

/// <summary>
/// Lowers a <see cref="Schedule"/> to a <see cref="LoweredFunction"/>: one statement list per method
/// part, with every decision about the code made here, once — which small tensors live in locals
/// (<see cref="Promotion"/>), where the function is cut into parts and which scalars cross the cuts
/// (through the spill array), how each step becomes loops, loads, stores and kernel calls, and which
/// buffers remain. The Expression and C# printers print the result and decide nothing.
/// </summary>
/// <remarks>
/// The shape of the lowered code, for <c>h = relu(x·W + b)</c> over a batch:
/// <code>
/// T[] t6 = buffer0;                      DeclareArray
/// MatMul(x, W, t6, batch, 3, 4, ...);    Call
/// for (i0, f = 0 ..) for (i1 .., f++)    Loop (a nest with a flat counter)
///     T t8 = t6[f] + b[i1];              Declare (a per-element temporary)
///     h[f] = Relu(t8);                   Store
/// </code>
/// </remarks>
internal sealed partial class Lowerer
{
    private readonly Schedule _schedule;
    private readonly LoweredFunction _function;
    private readonly NodeMap<Var> _vars = new();           // scalars, arrays in buffers, aliases, loop temporaries
    private readonly Dictionary<string, Var> _loopVars = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Var> _bufferOf = new();       // planned buffer → the buffer variable used
    private readonly Dictionary<int, Var> _constants = new();
    private readonly Dictionary<Var, Var> _bufferNames = new();    // work buffer → its latest name in this part
    private List<Stmt> _out = new();

    private readonly bool _vectorize;

    private Lowerer(Schedule schedule, bool vectorize)
    {
        _schedule = schedule;
        _vectorize = vectorize;
        _function = new LoweredFunction(schedule);
    }

    /// <summary>
    /// Lowers <paramref name="schedule"/>, cut into parts of at most <paramref name="maxPartWeight"/>
    /// (see <see cref="Schedule.Split"/>); with <paramref name="vectorize"/>, flat loops that can run in
    /// vectors do (see <see cref="Vectorizer"/>).
    /// </summary>
    public static LoweredFunction Lower(Schedule schedule, int maxPartWeight, bool vectorize = true) => new Lowerer(schedule, vectorize).Run(Math.Max(1, maxPartWeight));

    private LoweredFunction Run(int maxPartWeight)
    {
        var chunks = _schedule.Split(maxPartWeight);
        _split = chunks.Count > 1;
        // Small tensors in locals only in single-part functions: their elements would otherwise cross parts.
        _promoted = _split ? new HashSet<Node>() : Promotion.Decide(_schedule);
        _function.TensorsInLocals = _promoted.ToArray();
        _function.IsSplit = _split;

        // Variables in the order printers name them: the frame, then the nodes in schedule order.
        _function.Arguments = _schedule.Arguments.Select((a, i) =>
            NewVar(((Leaf)a.Op).LeafName, a.Shape.IsScalar ? VarKind.Element : VarKind.Array, FrameKind.Argument, i)).ToArray();
        _function.Results = _schedule.Outputs.Select((o, j) =>
            o.Shape.IsScalar ? null : NewVar(o.Name ?? "result" + j, VarKind.Array, FrameKind.Result, j)).ToArray();
        _function.Sizes = _schedule.Symbols.Select((s, i) => NewVar(s, VarKind.Int, FrameKind.Size, i)).ToArray();
        PlanBuffers();
        DeclareNodes();
        if (_split) PlanSpill(chunks);

        for (int c = 0; c < chunks.Count; c++)
        {
            BeginPart();
            foreach (var step in chunks[c])
            {
                Lower(step);
                if (_split) AfterStep(step);
            }
            if (_out.Count == 0) continue; // only results the epilogue sets
            _function.Parts.Add(new LoweredPart(_partLoads.Concat(_partArrayLoads).ToArray(), _out));
        }
        if (_function.Parts.Count == 0) _function.Parts.Add(new LoweredPart(Array.Empty<Stmt>(), Array.Empty<Stmt>()));
        return _function;
    }

    private Var NewVar(string name, VarKind kind, FrameKind frame = FrameKind.None, int index = -1)
    {
        var v = new Var(_function.Variables.Count, name, kind, frame, index);
        _function.Variables.Add(v);
        return v;
    }

    /// <summary>The nodes' variables, in schedule order: scalars, tensors in buffers, aliases, loop temporaries, sums.</summary>
    private void DeclareNodes()
    {
        foreach (var step in _schedule.Steps)
        {
            switch (step)
            {
                case ScalarStep s:
                    DeclareNode(s.Node, VarKind.Element);
                    break;
                case KernelStep k:
                {
                    var st = _schedule.StorageOf(k.Node);
                    if (st.Kind == StorageKind.Scalar) DeclareNode(k.Node, VarKind.Element);
                    else if (st.Kind == StorageKind.Buffer || IsAlias(k.Node)) DeclareNode(k.Node, VarKind.Array);
                    break;
                }
                case LoopStep l:
                    foreach (var n in l.Nodes)
                    {
                        var kind = _schedule.StorageOf(n).Kind;
                        if (kind == StorageKind.LoopLocal) DeclareNode(n, VarKind.Element);
                        else if (kind == StorageKind.Buffer) DeclareNode(n, VarKind.Array);
                    }
                    foreach (var n in l.Reductions) DeclareNode(n, VarKind.Element);
                    break;
            }
        }
    }

    private void DeclareNode(Node n, VarKind kind)
    {
        if (_vars.ContainsKey(n)) return;
        var v = _vars[n] = NewVar(n.Name ?? "t" + n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), kind);
        var st = _schedule.StorageOf(n);
        if (st.Kind == StorageKind.Scalar) v.Slot = st.Index;
    }

    /// <summary>
    /// The work buffers still needed once small tensors live in locals, numbered in plan order, each
    /// as long as the largest tensor it holds (a max of products where symbolic sizes differ).
    /// </summary>
    private void PlanBuffers()
    {
        var shapes = new SortedDictionary<int, List<Shape>>();
        foreach (var kv in _schedule.Storage)
        {
            if (kv.Value.Kind != StorageKind.Buffer || IsPromoted(kv.Key)) continue;
            if (!shapes.TryGetValue(kv.Value.Index, out var list)) shapes[kv.Value.Index] = list = new List<Shape>();
            if (!IsAlias(kv.Key)) list.Add(kv.Key.Shape);
        }
        foreach (var kv in shapes)
        {
            var v = NewVar("buffer" + _function.Buffers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), VarKind.Array, FrameKind.Buffer, _function.Buffers.Count);
            _bufferOf[kv.Key] = v;
            _function.Buffers.Add(new BufferPlan(v, MaxCount(kv.Value)));
        }
    }

    /// <summary>The largest element count among <paramref name="shapes"/>: per set of symbols the largest static factor, then a max over the sets.</summary>
    private IntExpr MaxCount(List<Shape> shapes)
    {
        var best = new List<(string symbols, long coefficient, Shape shape)>();
        foreach (var s in shapes)
        {
            var symbols = string.Join("*", s.Where(d => !d.IsStatic).Select(d => d.Symbol!).OrderBy(x => x, StringComparer.Ordinal));
            long c = s.Where(d => d.IsStatic).Aggregate(1L, (p, d) => p * d.Size);
            int k = best.FindIndex(b => b.symbols == symbols);
            if (k < 0) best.Add((symbols, c, s));
            else if (c > best[k].coefficient) best[k] = (symbols, c, s);
        }
        var result = Count(best[best.Count - 1].shape);
        for (int k = best.Count - 2; k >= 0; k--) result = IntExpr.Max(Count(best[k].shape), result);
        return result;
    }

    // ---- steps ---------------------------------------------------------------------------------------

    private void Lower(Step step)
    {
        switch (step)
        {
            case ScalarStep s:
                Comment(s.Node);
                Emit(new Declare(VarOf(s.Node), Elementwise(s.Node, s.Node.Inputs.Select(Scalar).ToArray())));
                // Into a stacked result (=) or a scatter, which adds (+=: pieces may overlap).
                foreach (var (target, offset) in s.Stores) Emit(new Store(ArrayOf(target), IntExpr.Const(offset), new Read(VarOf(s.Node)), IsAccumulating: target.Op is Scatter));
                break;
            case LoopStep l:
                LowerLoop(l);
                break;
            case KernelStep k:
                Comment(k.Node);
                LowerKernel(k.Node);
                break;
            case CopyToResultStep c:
                LowerCopy(c);
                break;
            default:
                throw new InvalidOperationException($"Unexpected step {step.GetType().Name}.");
        }
    }

    private void Emit(Stmt s) => _out.Add(s);

    /// <summary>The statements <paramref name="body"/> emits, collected instead of emitted.</summary>
    private List<Stmt> Capture(Action body)
    {
        var saved = _out;
        _out = new List<Stmt>();
        try
        {
            body();
            return _out;
        }
        finally
        {
            _out = saved;
        }
    }

    /// <summary>Derivative nodes are marked with their name (<c>// dloss/dW1</c>).</summary>
    private void Comment(Node n)
    {
        if (n.IsDerivative && n.Name is not null) Emit(new Comment(n.Name));
    }

    private void LowerCopy(CopyToResultStep c)
    {
        int o = c.Result; // one scheduled node per result (packed scalars are stacked)
        if (c.Node.Shape.IsScalar)
        {
            if (_split) _function.Epilogue.Add(new SetResult(o, MainValue(c.Node))); // after the parts
            else Emit(new SetResult(o, Scalar(c.Node)));
        }
        else if (IsPromoted(c.Node))
        {
            for (int e = 0; e < c.Node.Shape.ElementCount; e++) Emit(new Store(ResultOf(o), IntExpr.Const(e), At(c.Node, e)));
        }
        else
        {
            Emit(new Call(Kernel.Copy, new[] { KernelArg.Of(ArrayOf(c.Node)), KernelArg.Of(IntExpr.Const(0)), KernelArg.Of(ResultOf(o)), KernelArg.Of(IntExpr.Const(0)), KernelArg.Of(Count(c.Node.Shape)) }));
        }
    }

    // ---- values --------------------------------------------------------------------------------------

    private Var VarOf(Node n) => _vars.TryGetValue(n, out var v) ? v : throw new InvalidOperationException($"{n} ({n.Op.Name}) has no variable.");

    private Var ResultOf(int output) => _function.Results[output] ?? throw new InvalidOperationException($"Output {output} has no result array.");

    /// <summary>A tensor-to-tensor reshape: it shares its input's array.</summary>
    private static bool IsAlias(Node n) => n.Op is Ops.Reshape && !n.Shape.IsScalar && !n.Inputs[0].Shape.IsScalar;

    /// <summary>The value of a scalar node: a literal, an argument or a variable (loaded from the spill array in a later part).</summary>
    private ValueExpr Scalar(Node n)
    {
        var st = _schedule.StorageOf(n);
        switch (st.Kind)
        {
            case StorageKind.Constant:
                return new Literal(n.ScalarValue ?? ((Constant)n.Op).Value.Data[0]);
            case StorageKind.Argument:
                return new Read(_function.Arguments[st.Index]);
            case StorageKind.Scalar:
                if (_split && !DefinedInThisPart(n)) LoadScalar(n);
                return new Read(VarOf(n));
            default:
                throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored as a scalar ({st}).");
        }
    }

    /// <summary>The array holding tensor node <paramref name="n"/>.</summary>
    private Var ArrayOf(Node n)
    {
        if (IsPromoted(n)) throw new InvalidOperationException($"{n} lives in locals but a step reads it as an array (Promotion let it through).");
        if (_vars.TryGetValue(n, out var local))
        {
            if (_split) LoadArray(n, local);
            return local;
        }
        var st = _schedule.StorageOf(n);
        return st.Kind switch
        {
            StorageKind.Argument => _function.Arguments[st.Index],
            StorageKind.Result => ResultOf(st.Index),
            StorageKind.Constant when st.Index >= 0 => ConstantArray(st.Index),
            _ => throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored in an array ({st})."),
        };
    }

    private Var ConstantArray(int index)
    {
        if (!_constants.TryGetValue(index, out var v)) _constants[index] = v = NewVar("constant" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), VarKind.Array, FrameKind.Constant, index);
        return v;
    }

    private Var BufferOf(int planned) =>
        _bufferOf.TryGetValue(planned, out var v) ? v : throw new InvalidOperationException($"Buffer {planned} is used but was not planned.");

    /// <summary>Declares the name of a tensor node living in a work buffer, or sharing another array (a reshape).</summary>
    private void DeclareArrayOf(Node n)
    {
        if (!_vars.TryGetValue(n, out var local) || IsPromoted(n)) return;
        _partArrays.Add(local);
        var st = _schedule.StorageOf(n);
        if (IsAlias(n)) Emit(new DeclareArray(local, ArrayOf(n.Inputs[0]), $"reshaped to {n.Shape}, same elements"));
        else if (st.Kind == StorageKind.Buffer)
        {
            // A buffer is reused once its value is dead: the new name says which one it replaces.
            var buffer = BufferOf(st.Index);
            _bufferNames.TryGetValue(buffer, out var previous);
            Emit(new DeclareArray(local, buffer, Replaces: previous));
            _bufferNames[buffer] = local;
        }
        else throw new InvalidOperationException($"{n} ({st}) needs no array name.");
    }

    /// <summary>A loop variable, one per name (sibling loops share it): an int index, or an element accumulator.</summary>
    private Var LoopVar(string name, VarKind kind = VarKind.Int)
    {
        if (!_loopVars.TryGetValue(name, out var v)) _loopVars[name] = v = NewVar(name, kind);
        else if (v.Kind != kind) throw new InvalidOperationException($"The loop variable '{name}' is used as {v.Kind} and as {kind}.");
        return v;
    }

    private IntExpr Dim(Dim d) => _function.Size(d);

    private IntExpr Product(Shape shape, int from, int to) => _function.Product(shape, from, to);

    private IntExpr Count(Shape shape) => _function.Count(shape);

    private static IntExpr Scale(int factor, IntExpr inner) => IntExpr.Mul(IntExpr.Const(factor), inner);
}

/// <summary>A work buffer: its variable and its length (the largest count of the tensors it holds), printed by C# and evaluated by the Expression backend's entry point.</summary>
internal sealed record BufferPlan(Var Buffer, IntExpr Length);
