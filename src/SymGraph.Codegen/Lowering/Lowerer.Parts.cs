using System;
using System.Collections.Generic;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.Lowering;

// Functions too large for one method are cut at Schedule.Split into parts. A scalar computed in one
// part and read in a later one (or returned) crosses through the spill array: stored where it is
// computed, loaded at the top of each part that reads it. Arrays cross by name: a part re-declares
// the buffer or array a node lives in. Frame variables (arguments, results, sizes, buffers) are
// visible in every part.
//
//     part 1:  T t100 = ...;  spill[0] = t100;         part 2:  T t100 = spill[0];  ... t100 ...
internal sealed partial class Lowerer
{
    private bool _split;
    private readonly NodeMap<int> _spillIndex = new();
    private readonly NodeMap<int> _definedInPart = new(); // the part a scalar was computed or loaded in
    private int _part;
    private readonly HashSet<Var> _partArrays = new();
    private readonly List<Stmt> _partLoads = new();      // scalars, then arrays (_partArrayLoads)
    private readonly List<Stmt> _partArrayLoads = new();

    /// <summary>Numbers the scalars that cross a cut (or are results, read after the last part).</summary>
    private void PlanSpill(List<List<Step>> chunks)
    {
        var chunkOfStep = new int[_schedule.Steps.Count];
        for (int c = 0, s = 0; c < chunks.Count; c++)
            for (int k = 0; k < chunks[c].Count; k++) chunkOfStep[s++] = c;
        foreach (var kv in _schedule.DefinedAt)
        {
            int last = _schedule.LastUse[kv.Key];
            if (last == int.MaxValue || chunkOfStep[kv.Value] != chunkOfStep[last]) _spillIndex[kv.Key] = _spillIndex.Count;
        }
        _function.Spill = (NewVar("spill", VarKind.Array, FrameKind.Spill), _spillIndex.Count);
    }

    private void BeginPart()
    {
        _out = new List<Stmt>();
        _partLoads.Clear();
        _partArrayLoads.Clear();
        _part++;
        _partArrays.Clear();
        _bufferNames.Clear();
    }

    /// <summary>After a step of a part: its scalars are defined here, and those read later are stored.</summary>
    private void AfterStep(Step step)
    {
        IEnumerable<Node> written = step switch
        {
            ScalarStep s => new[] { s.Node },
            KernelStep k when k.Node.Shape.IsScalar => new[] { k.Node },
            LoopStep l => l.Reductions,
            _ => Array.Empty<Node>(),
        };
        foreach (var n in written)
        {
            _definedInPart[n] = _part;
            if (_spillIndex.TryGetValue(n, out var index)) Emit(new Store(_function.Spill!.Value.Array, IntExpr.Const(index), new Read(VarOf(n))));
        }
    }

    /// <summary>Loads scalar <paramref name="n"/>, computed in an earlier part, at the top of this one.</summary>
    private void LoadScalar(Node n)
    {
        if (!_spillIndex.TryGetValue(n, out var index))
            throw new InvalidOperationException($"{n} is read in a part that does not compute it, but it is not passed between parts.");
        _definedInPart[n] = _part;
        _partLoads.Add(new Declare(VarOf(n), new Load(_function.Spill!.Value.Array, IntExpr.Const(index))));
    }

    private bool DefinedInThisPart(Node n) => _definedInPart.TryGetValue(n, out var part) && part == _part;

    /// <summary>Names, at the top of this part, the array of <paramref name="n"/> declared in an earlier one.</summary>
    private void LoadArray(Node n, Var local)
    {
        if (!_partArrays.Add(local)) return;
        var root = Schedule.Root(n);
        var st = _schedule.StorageOf(root);
        _partArrayLoads.Add(new DeclareArray(local, st.Kind == StorageKind.Buffer ? BufferOf(st.Index) : ArrayOf(root)));
    }

    /// <summary>A scalar result, read after the parts ran.</summary>
    private ValueExpr MainValue(Node n) => _schedule.StorageOf(n).Kind switch
    {
        StorageKind.Scalar => new Load(_function.Spill!.Value.Array, IntExpr.Const(_spillIndex[n])),
        StorageKind.Argument => new Read(_function.Arguments[_schedule.StorageOf(n).Index]),
        _ => Scalar(n),
    };
}
