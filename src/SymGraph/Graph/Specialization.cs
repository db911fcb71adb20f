using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// A copy of a graph with its symbolic sizes bound to numbers (<c>n = 100</c>): every shape static, so
/// what needs static shapes (dense Hessians, Jacobians, sparsity patterns, colourings and their seed
/// vectors) can be built for that size. Leaves keep their names; ops keep their attributes, with the sizes
/// in <c>broadcast</c>, <c>sum_to</c> and <c>reshape</c> targets bound and each <c>size</c> folded to a
/// constant. The original graph is not changed.
/// </summary>
public sealed class Specialization
{
    private readonly Dictionary<Node, Node> _map;

    private Specialization(Graph graph, IReadOnlyDictionary<string, int> sizes, Dictionary<Node, Node> map)
    {
        Graph = graph;
        Sizes = sizes;
        _map = map;
    }

    /// <summary>The new graph, every shape static.</summary>
    public Graph Graph { get; }

    /// <summary>The sizes bound.</summary>
    public IReadOnlyDictionary<string, int> Sizes { get; }

    /// <summary>The copy of <paramref name="original"/> (a node the specialized outputs depend on).</summary>
    public Node this[Node original] => _map.TryGetValue(original, out var n) ? n
        : throw new ArgumentException($"{original} is not part of the specialized graph.", nameof(original));

    /// <summary>The copies of <paramref name="originals"/>.</summary>
    public Node[] Map(IEnumerable<Node> originals) => originals.Select(o => this[o]).ToArray();

    /// <summary>Leaf values keyed by original leaves, re-keyed by the copies' leaves (by name); values of leaves not copied are dropped.</summary>
    public Dictionary<Node, Tensor> Values(IReadOnlyDictionary<Node, Tensor> original)
    {
        var result = new Dictionary<Node, Tensor>();
        foreach (var kv in original)
            if (kv.Key.Op is Leaf leaf && Graph.FindLeaf(leaf.LeafName) is { } copy) result[copy] = kv.Value;
        return result;
    }

    /// <summary>True when every node <paramref name="outputs"/> depend on has a static shape (nothing to specialize).</summary>
    public static bool IsStatic(IEnumerable<Node> outputs) => Topology.Sort(outputs).All(n => n.Shape.IsStatic && n.Op is not DimSize);

    /// <summary>
    /// Copies <paramref name="outputs"/> and everything they depend on into a new graph with the sizes
    /// <paramref name="sizes"/> bound. Throws <see cref="ArgumentException"/> for a size not given and
    /// <see cref="ShapeException"/> when the sizes do not fit the graph (a reshape of [n] to [2, 3] with n = 5).
    /// </summary>
    public static Specialization Of(IReadOnlyList<Node> outputs, IReadOnlyDictionary<string, int> sizes)
    {
        if (outputs is null) throw new ArgumentNullException(nameof(outputs));
        if (sizes is null) throw new ArgumentNullException(nameof(sizes));
        var context = new EvaluationContext(sizes);
        Shape Bind(Shape s) => s.IsStatic ? s : Shape.Of(context.Resolve(s));
        var graph = new Graph();
        var map = new Dictionary<Node, Node>();
        foreach (var node in Topology.Sort(outputs))
        {
            var inputs = node.Inputs.Select(i => map[i]).ToArray();
            Node copy;
            using (graph.At(node.Origin))
            {
                copy = node.Op switch
                {
                    Leaf { Kind: LeafKind.Input } leaf => graph.Input(leaf.LeafName, Bind(leaf.Shape), leaf.DType),
                    Leaf leaf => graph.Parameter(leaf.LeafName, Bind(leaf.Shape), leaf.DType),
                    DimSize size => graph.Constant(size.Dims.Aggregate(1.0, (p, d) => p * context.Resolve(d)), size.DType),
                    Broadcast b => Sym.Broadcast(inputs[0], Bind(b.Target)),
                    SumTo s => Sym.SumTo(inputs[0], Bind(s.Target)),
                    Reshape r => Sym.Reshape(inputs[0], Bind(r.Target)),
                    _ => graph.Apply(node.Op, inputs),
                };
            }
            if (node.Name is string name) copy.Named(name);
            map[node] = copy;
        }
        return new Specialization(graph, context.Sizes.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), map);
    }
}
