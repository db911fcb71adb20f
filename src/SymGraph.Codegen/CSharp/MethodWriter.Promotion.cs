using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

// Small tensors in locals (scalar replacement of aggregates). A work buffer of a few static elements
// costs more than its arithmetic in a small network: fetching the per-thread buffers, bounds checks,
// a store and a load per element. When every step that touches such a tensor can name its elements
// one by one (written-out matmuls, loops of at most Schedule.PromotedTensorLimit elements, which are
// then unrolled, scalar reshapes and copies), each element becomes a local:
//
//     double t7_0 = W1[0] * x[0] + W1[1] * x[1];      instead of   t7[0] = W1[0] * x[0] + ...;
//     double h_0 = Math.Tanh(t7_0 + b1[0]);                         h[i] = Math.Tanh(t8[i] + b1[i]);
//
// Which tensors qualify is found by rendering: every tensor that could qualify starts promoted, and
// any step that asks for one as a whole array (a kernel call, a loop that stays a loop) demotes it
// and the method is rendered again, until a rendering demotes nothing. Demotion only shrinks the set,
// so this ends, and the result depends on nothing but the schedule.
internal sealed partial class MethodWriter
{
    private readonly HashSet<Node> _promoted = new();
    private readonly Dictionary<(Node node, int element), string> _elementNames = new();
    private readonly Dictionary<(Node node, int element), string> _elementValues = new();
    private readonly Dictionary<int, int> _bufferNumber = new(); // planned buffer → the buffer local used
    private bool _demoted;

    private void FindPromotionCandidates() => _promoted.UnionWith(_schedule.PromotionCandidates());

    private static Node Root(Node n) => Schedule.Root(n);

    private bool IsPromoted(Node n) => _promoted.Contains(Root(n));

    /// <summary>Called when a step needs <paramref name="n"/> as an array: it cannot live in locals.</summary>
    private void RequireArray(Node n)
    {
        if (_promoted.Remove(Root(n))) _demoted = true;
    }

    /// <summary>Starts a rendering: forgets element values and numbers the buffers still in use.</summary>
    private void BeginRendering()
    {
        _demoted = false;
        _elementLocals = 0;
        _selfComparison = false;
        _elementValues.Clear();
        _returnValue = null;
        _bufferNumber.Clear();
        foreach (var b in UsedBuffers()) _bufferNumber[b] = _bufferNumber.Count;
    }

    /// <summary>
    /// The local holding planned buffer <paramref name="b"/>. A tensor demoted during this rendering
    /// may use a buffer that was not numbered when it began: that rendering is discarded anyway.
    /// </summary>
    private string BufferLocal(int b) =>
        _bufferNumber.TryGetValue(b, out var number) ? _bufferLocals[number]
        : _demoted ? "discarded"
        : throw new System.InvalidOperationException($"Buffer {b} is used but was not allocated.");

    /// <summary>The planned buffers some unpromoted tensor still uses, in plan order.</summary>
    private List<int> UsedBuffers()
    {
        var used = new SortedSet<int>();
        foreach (var kv in _schedule.Storage)
            if (kv.Value.Kind == StorageKind.Buffer && !IsPromoted(kv.Key)) used.Add(kv.Value.Index);
        return used.ToList();
    }

    /// <summary>The shapes of the unpromoted tensors in planned buffer <paramref name="b"/>.</summary>
    private IEnumerable<Shape> BufferShapes(int b) => _schedule.Storage
        .Where(kv => kv.Value.Kind == StorageKind.Buffer && kv.Value.Index == b && !IsAlias(kv.Key) && !IsPromoted(kv.Key))
        .Select(kv => kv.Key.Shape);

    /// <summary>Element <paramref name="k"/> (row-major) of tensor <paramref name="n"/>, at a constant index.</summary>
    private string At(Node n, int k)
    {
        if (n.Op is Slice && _schedule.StorageOf(n).Kind == StorageKind.Virtual && IsPromoted(n.Inputs[0]))
            return At(n.Inputs[0], Schedule.SliceElement(n, k));
        if (IsPromoted(n))
        {
            return _elementValues.TryGetValue((Root(n), k), out var value)
                ? value
                : throw new System.InvalidOperationException($"Element {k} of {n} is read before it is written.");
        }
        return Element(n, Literals.Int(k));
    }

    /// <summary>Writes element <paramref name="k"/> of tensor <paramref name="n"/>: a new local when it is promoted.</summary>
    private void WriteElement(Node n, int k, string value)
    {
        if (!IsPromoted(n))
        {
            Statement(n, $"{Array(n)}[{Literals.Int(k)}] = {value};");
            return;
        }
        if (IsAtomic(value))
        {
            // A literal or another local: no copy (and no constant local that nothing reads, CS0219).
            _selfComparison = false;
            AliasElement(n, k, value);
            return;
        }
        var local = ElementLocal(Root(n), k);
        CountElementLocal();
        Statement(n, $"{_t} {local} = {value};");
        _elementValues[(Root(n), k)] = local;
    }

    /// <summary>A literal (<c>2.0</c>, <c>(-1.5)</c>, <c>double.NaN</c>) or a local's name: never written to again, so it can stand for an element.</summary>
    private static bool IsAtomic(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, @"^(\(-[0-9][0-9.E+\-]*f?\)|[0-9][0-9.E+\-]*f?|(double|float)\.(NaN|PositiveInfinity|NegativeInfinity)|@?[\p{L}_][\p{L}\p{Nd}_]*)$");

    /// <summary>
    /// Counts a local declared for one element. Past <see cref="ElementLocalLimit"/> in one rendering,
    /// nothing is kept in locals (a long fused loop multiplies them when unrolled).
    /// </summary>
    private void CountElementLocal()
    {
        if (++_elementLocals > ElementLocalLimit && _promoted.Count > 0)
        {
            _promoted.Clear();
            _demoted = true;
        }
    }

    private const int ElementLocalLimit = 512;
    private int _elementLocals;

    /// <summary>Makes element <paramref name="k"/> of promoted <paramref name="n"/> another name for <paramref name="value"/> (a scalar reshaped to one element).</summary>
    private void AliasElement(Node n, int k, string value) => _elementValues[(Root(n), k)] = value;

    /// <summary>The local for element <paramref name="k"/> of <paramref name="n"/> (<c>h_3</c>), the same in every rendering.</summary>
    private string ElementLocal(Node n, int k)
    {
        if (!_elementNames.TryGetValue((n, k), out var name))
            _elementNames[(n, k)] = name = _scope.Declare(BaseName(n) + "_" + Literals.Int(k));
        return name;
    }

    /// <summary>
    /// The name element locals of <paramref name="n"/> are derived from: its own, else that of a
    /// reshape of it (<c>z = W @ x</c> names the reshape of the [4,1] product), else <c>t{id}</c>.
    /// </summary>
    private string BaseName(Node n)
    {
        if (n.Name is not null) return _names.TryGetValue(n, out var declared) ? declared : n.Name;
        foreach (var step in _schedule.Steps)
            if (step is KernelStep { Node: var alias } && IsAlias(alias) && alias.Name is not null && ReferenceEquals(Root(alias), n))
                return alias.Name;
        return _names.TryGetValue(n, out var local) ? local : "t" + Literals.Int(n.Id);
    }

    /// <summary>A loop is written out element by element when it is small, static, flat and touches a promoted tensor.</summary>
    private bool Unrolls(LoopStep loop) => _schedule.Unrolls(loop, _promoted.Contains);
}
