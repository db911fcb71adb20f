using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Codegen.Scheduling;

/// <summary>
/// Builds a <see cref="Schedule"/>: orders the nodes, groups element-wise nodes into fusion regions,
/// marks transposes its matmuls can read directly, and plans storage by lifetime.
/// </summary>
internal sealed class Scheduler
{
    private readonly List<Node> _outputs;
    private readonly IReadOnlyList<Node> _arguments;
    private readonly Schedule _schedule;
    private List<Node> _order = new();
    private readonly NodeMap<LoopStep> _regionOf = new();
    private readonly NodeMap<int> _position = new(); // step index that computes the node
    private readonly NodeMap<int> _firstOutput = new(); // a node's first result index (graphs with 10^5 results: no list searches)
    private readonly NodeMap<int> _orderIndex = new(); // a node's index in _order
    private int[] _consumerStart = Array.Empty<int>(); // by order index: where its consumers start in _consumerList
    private Node[] _consumerList = Array.Empty<Node>();

    public Scheduler(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments)
    {
        if (outputs.Count == 0) throw new ArgumentException("Nothing to compile: no outputs.", nameof(outputs));
        var dtypes = outputs.Concat(arguments).Select(n => n.DType).Distinct().ToList();
        if (dtypes.Count > 1) throw new ArgumentException("A compiled function has one element type; these nodes mix f32 and f64.", nameof(outputs));
        _outputs = outputs.ToList();
        for (int j = _outputs.Count - 1; j >= 0; j--) _firstOutput[_outputs[j]] = j;
        _arguments = arguments;
        _schedule = new Schedule(dtypes[0], arguments, outputs);
    }

    public Schedule Run()
    {
        _order = Topology.Sort(_outputs);
        foreach (var n in _order)
        {
            _orderIndex[n] = _orderIndex.Count;
            if (!n.Shape.IsStatic || n.Op is DimSize)
                foreach (var s in n.Shape.Concat(n.Op is DimSize ds ? ds.Dims : Array.Empty<Dim>()))
                    if (!s.IsStatic && !_schedule.Symbols.Contains(s.Symbol!)) _schedule.Symbols.Add(s.Symbol!);
        }
        FindConsumers();

        for (int a = 0; a < _arguments.Count; a++)
        {
            if (_arguments[a].Op is not Leaf) throw new ArgumentException($"Argument {a} ({_arguments[a]}) is not an input or parameter.");
            if (_schedule.Storage.ContainsKey(_arguments[a])) throw new ArgumentException($"{_arguments[a]} is passed twice.");
            _schedule.Storage[_arguments[a]] = new Storage(StorageKind.Argument, a);
        }

        BuildSteps();
        PlanStorage();
        return _schedule;
    }

    // Every node's consumers, in _order, as one flat array (no list per node).
    private void FindConsumers()
    {
        _consumerStart = new int[_order.Count + 1];
        foreach (var n in _order)
            foreach (var i in n.Inputs)
                _consumerStart[_orderIndex[i] + 1]++;
        for (int k = 0; k < _order.Count; k++) _consumerStart[k + 1] += _consumerStart[k];
        _consumerList = new Node[_consumerStart[_order.Count]];
        var next = (int[])_consumerStart.Clone();
        foreach (var n in _order)
            foreach (var i in n.Inputs)
                _consumerList[next[_orderIndex[i]]++] = n;
    }

    private ArraySegment<Node> Consumers(Node n)
    {
        int k = _orderIndex[n];
        return new ArraySegment<Node>(_consumerList, _consumerStart[k], _consumerStart[k + 1] - _consumerStart[k]);
    }

    private bool IsOutput(Node n) => _firstOutput.ContainsKey(n);

    private int OutputIndex(Node n) => _firstOutput.TryGetValue(n, out var j) ? j : -1;

    private static bool IsElementwise(Node n) =>
        !n.Shape.IsScalar && n.Op is UnaryElementwiseOp or BinaryElementwiseOp or Where or Broadcast;

    // Views that need no storage of their own:
    //  - a transpose read only by matmuls (C = Aᵀ·B and C = A·Bᵀ kernels);
    //  - a leading-axis slice read only element-wise (loops read x[f + start·inner]) or as a scalar;
    //  - a broadcast read only element-wise (loops read the scalar, or the input at strided offsets);
    //  - a scalar reshaped or broadcast to a static shape, read only by concats and scatters (filled or added straight into them).
    private bool IsVirtual(Node n)
    {
        if (n.Op is not (Transpose or Slice or Ops.Reshape or Broadcast)) return false;
        var consumers = Consumers(n);
        if (IsOutput(n) || consumers.Count == 0) return false;
        return n.Op switch
        {
            Transpose => n.Rank == 2 && consumers.All(c => c.Op is MatMul),
            Slice => n.Inputs[0].Op is not Constant
                && consumers.All(c => (IsElementwise(c) && c.Op is not Broadcast && c.Shape == n.Shape) || (c.Op is Ops.Reshape && c.Shape.IsScalar)),
            Ops.Reshape => n.Inputs[0].Shape.IsScalar && !n.Shape.IsScalar && n.Shape.IsStatic && consumers.All(c => c.Op is Concat or Scatter),
            Broadcast => (n.Inputs[0].Shape.IsScalar && n.Shape.IsStatic && consumers.All(c => c.Op is Concat or Scatter))
                || consumers.All(c => IsElementwise(c) && c.Op is not Broadcast),
            _ => false,
        };
    }

    /// <summary>What a step reading <paramref name="n"/> really reads: through virtual views.</summary>
    private IEnumerable<Node> Underlying(Node n) =>
        _schedule.Storage.TryGetValue(n, out var st) && st.Kind == StorageKind.Virtual ? n.Inputs.SelectMany(Underlying) : new[] { n };

    private void BuildSteps()
    {
        var steps = _schedule.Steps;
        foreach (var n in _order)
        {
            switch (n.Op)
            {
                case Leaf:
                    if (!_schedule.Storage.ContainsKey(n))
                        throw new ArgumentException($"{((Leaf)n.Op).Name} '{((Leaf)n.Op).LeafName}' is used but not passed as an argument.");
                    continue;
                case Constant c:
                    if (n.Shape.IsScalar) _schedule.Storage[n] = new Storage(StorageKind.Constant, -1);
                    else
                    {
                        _schedule.Storage[n] = new Storage(StorageKind.Constant, _schedule.Constants.Count);
                        _schedule.Constants.Add(c.Value);
                    }
                    continue;
            }
            if (IsVirtual(n))
            {
                _schedule.Storage[n] = new Storage(StorageKind.Virtual, -1);
                // Ready as soon as its input is (arguments and constants have no position).
                if (_position.TryGetValue(n.Inputs[0], out var ready)) _position[n] = ready;
                continue;
            }
            if (n.Op is Sum { Axis: null } && _regionOf.TryGetValue(n.Inputs[0], out var reduced) && !n.Inputs[0].Shape.IsScalar)
            {
                // Σ over a loop node: accumulated by that loop.
                reduced.Reductions.Add(n);
                _position[n] = _position[reduced.Nodes[0]];
                continue;
            }
            if (IsElementwise(n))
            {
                var region = ChooseRegion(n);
                if (region is null)
                {
                    region = new LoopStep(n.Shape);
                    _position[n] = steps.Count;
                    steps.Add(region);
                }
                else
                {
                    _position[n] = _position[region.Nodes[0]];
                }
                region.Nodes.Add(n);
                _regionOf[n] = region;
                continue;
            }
            _position[n] = steps.Count;
            steps.Add(n.Shape.IsScalar && n.Inputs.All(i => i.Shape.IsScalar) && n.Op is not Ops.Reshape && n.Op is not DimSize
                ? new ScalarStep(n)
                : new KernelStep(n));
        }

        steps.RemoveAll(s => s is LoopStep { Nodes.Count: 0 }); // emptied by MergeOperandRegions

        // Outputs that are not computed in their result array are copied there at the end. A
        // reshaped output is computed in place too when its root is computed here and is not
        // returned otherwise: the root is written straight into the result array.
        for (int j = 0; j < _outputs.Count; j++)
        {
            var o = _outputs[j];
            bool inPlace = !o.Shape.IsScalar && o.Op is not (Leaf or Constant or Ops.Reshape) && OutputIndex(o) == j
                && !_schedule.Storage.ContainsKey(o);
            if (!inPlace && o.Op is Ops.Reshape && !o.Shape.IsScalar && OutputIndex(o) == j)
            {
                var root = Root(o);
                if (root.Op is not (Leaf or Constant) && !_schedule.Storage.ContainsKey(root) && !_resultOfRoot.ContainsKey(root) && !IsOutput(root))
                {
                    _resultOfRoot[root] = j;
                    inPlace = true;
                }
            }
            if (!inPlace) steps.Add(new CopyToResultStep(o, j));
            else _inResult[o.Op is Ops.Reshape ? Root(o) : o] = true;
        }
        NodeMap<ScalarStep>? scalarSteps = null;
        foreach (var step in steps.ToList())
        {
            if (step is not KernelStep { Node.Op: Concat or Scatter } k) continue;
            if (scalarSteps is null)
            {
                scalarSteps = new NodeMap<ScalarStep>();
                foreach (var s in steps) if (s is ScalarStep scalar) scalarSteps[scalar.Node] = scalar;
            }
            if (k.Node.Op is Concat && _inResult.ContainsKey(k.Node)) StoreStackedScalarsWhereComputed(k, scalarSteps);
            else if (k.Node.Op is Scatter) AddScatteredScalarsWhereComputed(k, scalarSteps);
        }
    }

    // A scatter of many scalars (the gradient of a vector indexed element by element) would read every
    // one at its step: all stay alive until then, and in a function written in parts each crosses to the
    // scatter's part through the spill array (thousands of locals in one method). When every piece is a
    // scalar placed by a virtual reshape or broadcast, computed by a scalar step (or a constant or an
    // argument), the scatter moves to the front, where it clears its array and adds the constants, and
    // each computed scalar is added in by the step that computes it: y[k] += t.
    private void AddScatteredScalarsWhereComputed(KernelStep scatter, NodeMap<ScalarStep> scalarSteps)
    {
        var n = scatter.Node;
        if (!n.Shape.IsStatic || n.Shape.ElementCount <= Schedule.PromotedTensorLimit || n.Inputs.Count < 2 * Schedule.PromotedTensorLimit) return;
        var op = (Scatter)n.Op;
        int inner = n.Shape.ElementCount / op.Length;
        var stores = new List<(Node part, ScalarStep step, int offset)>();
        for (int k = 0; k < n.Inputs.Count; k++)
        {
            var part = n.Inputs[k];
            if (!_schedule.Storage.TryGetValue(part, out var st) || st.Kind != StorageKind.Virtual) return;
            var scalar = part.Inputs[0];
            if (!_position.ContainsKey(scalar)) continue; // a constant or an argument: added by the scatter
            if (part.Shape.ElementCount != 1 || !scalarSteps.TryGetValue(scalar, out var step)) return;
            stores.Add((part, step, op.Offsets[k] * inner));
        }
        StoreWhereComputed(scatter, stores);
    }

    // Each part's scalar step stores (or adds) it into the kernel's array at its offset, and the kernel
    // moves to the front, where it fills what no step writes.
    private void StoreWhereComputed(KernelStep kernel, List<(Node part, ScalarStep step, int offset)> stores)
    {
        if (stores.Count == 0) return;
        foreach (var (part, step, at) in stores)
        {
            _schedule.StoredWhereComputed[part] = true;
            step.StoresList.Add((kernel.Node, at));
        }
        _schedule.Steps.Remove(kernel);
        _schedule.Steps.Insert(0, kernel);
    }

    private readonly NodeMap<bool> _inResult = new(); // computed straight into their result arrays

    // A stacked result (a dense Hessian, a packed gradient) gathers its scalars at the end: every
    // one must stay alive until then, and in a function written in parts each crosses to the last
    // part through the spill array. When every part is a constant, an argument or a scalar computed
    // by a ScalarStep, the concat moves to the front instead, where it fills the constants (most of
    // a sparse Hessian: one background fill), and each computed scalar is stored into the result by
    // the step that computes it, as one writes a Hessian by hand.
    private void StoreStackedScalarsWhereComputed(KernelStep concat, NodeMap<ScalarStep> scalarSteps)
    {
        var n = concat.Node;
        if (!n.Shape.IsStatic) return;
        var stores = new List<(Node part, ScalarStep step, int offset)>();
        int offset = 0;
        foreach (var part in n.Inputs)
        {
            if (!_schedule.Storage.TryGetValue(part, out var st) || st.Kind != StorageKind.Virtual) return;
            var scalar = part.Inputs[0];
            if (_position.ContainsKey(scalar))
            {
                // Computed here: only by a scalar step (not a loop's sum or a kernel), into one element.
                if (part.Shape.ElementCount != 1 || !scalarSteps.TryGetValue(scalar, out var step)) return;
                stores.Add((part, step, offset));
            }
            offset += part.Shape.ElementCount;
        }
        StoreWhereComputed(concat, stores);
    }

    private readonly NodeMap<int> _resultOfRoot = new();

    // Joins the region of an operand with the same shape when every other operand is already
    // computed before that region's loop runs (so fusing cannot create a cycle). Operands in two
    // regions of the shape are first brought into one (see MergeOperandRegions).
    private LoopStep? ChooseRegion(Node n)
    {
        MergeOperandRegions(n);
        foreach (var input in n.Inputs)
        {
            if (!_regionOf.TryGetValue(input, out var region) || region.Shape != n.Shape) continue;
            int start = _position[region.Nodes[0]];
            bool ready = n.Inputs.All(i =>
                (_regionOf.TryGetValue(i, out var r) && ReferenceEquals(r, region))
                || !_position.TryGetValue(i, out var p) // arguments and constants
                || p < start);
            if (ready) return region;
        }
        return null;
    }

    // When n reads loop nodes of its shape from several regions, each later region moves into the
    // earliest one if everything it reads from outside is computed before that earlier loop
    // starts: (1 − x)² and 100(y − x²)² started as two loops over x, and their sum would otherwise
    // store one of them to a buffer and read it back in a second pass. The moved nodes come after
    // the earlier region's nodes, which cannot read them (they started later), so the region stays
    // in topological order; the emptied step is dropped once all steps are built.
    private void MergeOperandRegions(Node n)
    {
        LoopStep? first = null;
        foreach (var region in n.Inputs.Select(i => _regionOf.TryGetValue(i, out var r) && r.Shape == n.Shape ? r : null)
                     .OfType<LoopStep>().Distinct().OrderBy(r => _position[r.Nodes[0]]))
        {
            if (first is null) { first = region; continue; }
            int start = _position[first.Nodes[0]];
            bool movable = region.Nodes.All(m => m.Inputs.All(i =>
                (_regionOf.TryGetValue(i, out var r) && (ReferenceEquals(r, region) || ReferenceEquals(r, first)))
                || !_position.TryGetValue(i, out var p)
                || p < start));
            if (!movable) continue;
            foreach (var m in region.Nodes) { _regionOf[m] = first; _position[m] = start; }
            foreach (var s in region.Reductions) _position[s] = start;
            // Views of moved nodes keep the later position: only ever more cautious.
            first.Nodes.AddRange(region.Nodes);
            first.Reductions.AddRange(region.Reductions);
            region.Nodes.Clear();
            region.Reductions.Clear();
        }
    }

    private void PlanStorage()
    {
        var steps = _schedule.Steps;
        // Loop-local unless used outside the region or returned.
        foreach (var step in steps.OfType<LoopStep>())
        {
            foreach (var n in step.Nodes)
            {
                bool escapes = IsOutput(n) || Consumers(n).Any(c =>
                    !(_regionOf.TryGetValue(c, out var r) && ReferenceEquals(r, step)) && !step.Reductions.Contains(c));
                if (escapes) step.Materialized.Add(n);
                else _schedule.Storage[n] = new Storage(StorageKind.LoopLocal, -1);
                if (n.Op is Broadcast && !n.Inputs[0].Shape.IsScalar) step.HasStridedReads = true;
                if (n.Inputs.Any(i => i.Op is Broadcast && !i.Inputs[0].Shape.IsScalar
                        && _schedule.Storage.TryGetValue(i, out var st) && st.Kind == StorageKind.Virtual))
                    step.HasStridedReads = true;
            }
        }

        // Last use of each value, by step index (outputs live to the end).
        var lastUse = new NodeMap<int>();
        for (int s = 0; s < steps.Count; s++)
            foreach (var read in Reads(steps[s]))
                lastUse[Root(read)] = s;
        foreach (var o in _outputs) lastUse[Root(o)] = int.MaxValue;
        foreach (var root in _resultOfRoot.Keys) lastUse[root] = int.MaxValue;

        var freeBuffers = new List<int>();
        var freeSlots = new Stack<int>();
        var releaseAt = new List<Node>?[steps.Count];
        for (int s = 0; s < steps.Count; s++)
        {
            foreach (var n in Writes(steps[s]))
            {
                if (_schedule.Storage.ContainsKey(n)) continue;
                if (n.Op is Ops.Reshape && !n.Shape.IsScalar && !n.Inputs[0].Shape.IsScalar)
                {
                    continue; // an alias: shares its input's storage (see Root)
                }
                int result = OutputIndex(n);
                if (result < 0 && _resultOfRoot.TryGetValue(n, out var rooted)) result = rooted;
                if (n.Shape.IsScalar)
                {
                    _schedule.Storage[n] = new Storage(StorageKind.Scalar, freeSlots.Count > 0 ? freeSlots.Pop() : _schedule.ScalarSlots++);
                    _schedule.DefinedAt[n] = s;
                    _schedule.LastUse[n] = lastUse.TryGetValue(n, out var lu) ? lu : s;
                }
                else if (result >= 0)
                    _schedule.Storage[n] = new Storage(StorageKind.Result, result);
                else
                {
                    int b;
                    if (freeBuffers.Count > 0) { b = freeBuffers[freeBuffers.Count - 1]; freeBuffers.RemoveAt(freeBuffers.Count - 1); }
                    else { b = _schedule.Buffers.Count; _schedule.Buffers.Add(new List<Shape>()); }
                    _schedule.Buffers[b].Add(n.Shape);
                    _schedule.Storage[n] = new Storage(StorageKind.Buffer, b);
                }
                int last = lastUse.TryGetValue(n, out var l) ? l : s;
                if (last != int.MaxValue) (releaseAt[last] ??= new List<Node>()).Add(n);
            }
            // Values whose last reader is this step are free for the next steps (never for this one,
            // so no step writes where it reads).
            if (releaseAt[s] is { } dead)
                foreach (var n in dead)
                {
                    var st = _schedule.Storage[n];
                    if (st.Kind == StorageKind.Buffer) freeBuffers.Add(st.Index);
                    else if (st.Kind == StorageKind.Scalar) freeSlots.Push(st.Index);
                }
        }
        // Aliases (reshapes) take their root's storage.
        foreach (var n in _order)
            if (!_schedule.Storage.ContainsKey(n) && n.Op is Ops.Reshape)
                _schedule.Storage[n] = _schedule.StorageOf(Root(n));
    }

    private static Node Root(Node n) => Schedule.Root(n);

    private IEnumerable<Node> Writes(Step step) => step switch
    {
        ScalarStep s => new[] { s.Node },
        KernelStep k => new[] { k.Node },
        LoopStep l => l.Materialized.Concat(l.Reductions),
        CopyToResultStep => Array.Empty<Node>(),
        _ => throw Unexpected(step),
    };

    private IEnumerable<Node> Reads(Step step)
    {
        switch (step)
        {
            case ScalarStep s: return s.Node.Inputs;
            case KernelStep k: return k.Node.Inputs.Where(i => !_schedule.StoredWhereComputed.ContainsKey(i)).SelectMany(Underlying);
            case LoopStep l:
                return l.Nodes.SelectMany(n => n.Inputs).Where(i => !_regionOf.TryGetValue(i, out var r) || !ReferenceEquals(r, l)).SelectMany(Underlying);
            case CopyToResultStep c: return new[] { c.Node };
            default: throw Unexpected(step);
        }
    }

    private static InvalidOperationException Unexpected(object value) => new($"Unexpected value '{value}' of type {value.GetType().Name}.");
}
