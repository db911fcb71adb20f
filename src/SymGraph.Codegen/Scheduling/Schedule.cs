using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Codegen.Scheduling;

/// <summary>
/// The flat program between the graph and the backends: the steps in order, where each node's value
/// lives (arguments, results, planned buffers reused by lifetime, scalar slots, per-element loop
/// temporaries), the tensor constants and the symbolic sizes. Both backends are thin renderers over it.
/// </summary>
public sealed partial class Schedule
{
    internal Schedule(DType dtype, IReadOnlyList<Node> arguments, IReadOnlyList<Node> outputs)
    {
        DType = dtype;
        Arguments = arguments;
        Outputs = outputs;
    }

    /// <summary>The element type of every value.</summary>
    public DType DType { get; }

    /// <summary>The leaves, in the order the caller passes them.</summary>
    public IReadOnlyList<Node> Arguments { get; }

    /// <summary>The outputs, in the order the caller receives them.</summary>
    public IReadOnlyList<Node> Outputs { get; }

    /// <summary>The steps, in execution order.</summary>
    public List<Step> Steps { get; } = new();

    /// <summary>Where each scheduled node's value lives (see <see cref="StorageOf"/>).</summary>
    internal NodeMap<Storage> Storage { get; } = new();

    /// <summary>For each planned buffer, the shapes of the nodes that use it (its size is the largest).</summary>
    public List<List<Shape>> Buffers { get; } = new();

    /// <summary>Tensor constants, referenced by <see cref="StorageKind.Constant"/> storage.</summary>
    public List<Tensor> Constants { get; } = new();

    /// <summary>The symbolic sizes, in the order compiled code receives them.</summary>
    public List<string> Symbols { get; } = new();

    /// <summary>For each scalar node, the index of the step that computes it.</summary>
    internal NodeMap<int> DefinedAt { get; } = new();

    /// <summary>For each scalar node, the index of the last step that reads it (<see cref="int.MaxValue"/> for outputs).</summary>
    internal NodeMap<int> LastUse { get; } = new();

    /// <summary>
    /// Parts of stacked results (scalars reshaped into a concat computed in its result array) that
    /// their <see cref="ScalarStep"/> stores where it computes them; the concat only fills around them.
    /// </summary>
    public bool IsStoredWhereComputed(Node part) => StoredWhereComputed.ContainsKey(part);

    internal NodeMap<bool> StoredWhereComputed { get; } = new();

    /// <summary>The number of scalar slots (locals) after reuse.</summary>
    public int ScalarSlots { get; internal set; }

    /// <summary>The number of nodes scheduled (excluding arguments and constants).</summary>
    public int ComputedNodes => Storage.Count(kv => kv.Value.Kind is not (StorageKind.Argument or StorageKind.Constant));

    /// <summary>The storage of <paramref name="node"/>.</summary>
    public Storage StorageOf(Node node) => Storage.TryGetValue(node, out var s)
        ? s
        : throw new InvalidOperationException($"{node} ({node.Op.Name}) has no storage in this schedule.");

    /// <summary>The index of symbol <paramref name="symbol"/> in <see cref="Symbols"/>.</summary>
    public int SymbolIndex(string symbol) => Symbols.IndexOf(symbol);

    /// <summary>
    /// Where each symbolic size is read off at run time, in <see cref="Symbols"/> order: the first
    /// argument in which it is the only symbolic dimension (its index, and the product of its static
    /// dimensions that divides the length), or argument −1 when no argument has it alone. Both
    /// backends' entry points infer sizes by this one rule.
    /// </summary>
    internal IReadOnlyList<(int Argument, int StaticProduct)> SizeSources => _sizeSources ??= Symbols.Select(symbol =>
    {
        for (int a = 0; a < Arguments.Count; a++)
        {
            var shape = Arguments[a].Shape;
            if (shape.Count(d => d.Symbol == symbol) == 1 && shape.All(d => d.IsStatic || d.Symbol == symbol))
                return (a, shape.Where(d => d.IsStatic).Aggregate(1, (p, d) => p * d.Size));
        }
        return (-1, 0);
    }).ToArray();

    private (int, int)[]? _sizeSources;

    /// <summary>
    /// Builds the schedule of <paramref name="outputs"/> with the given argument order. Every leaf the
    /// outputs depend on must be among <paramref name="arguments"/>.
    /// </summary>
    public static Schedule Create(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments) => new Scheduler(outputs, arguments).Run();
}
