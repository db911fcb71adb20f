using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Training;

/// <summary>Copies of graphs in another element type (a model written in float64, trained in float32).</summary>
public static class ElementTypes
{
    /// <summary>
    /// Rebuilds everything <paramref name="roots"/> depend on in a new graph whose leaves, constants and
    /// sizes are of element type <paramref name="dtype"/> (constants rounded to it); every other op is
    /// applied as it was, so its type rule gives the new type. Returns the map from old nodes to new.
    /// Names are kept; every leaf is declared in the new graph, including those no root reads.
    /// </summary>
    public static Dictionary<Node, Node> Convert(IReadOnlyList<Node> roots, DType dtype)
    {
        if (roots is null) throw new ArgumentNullException(nameof(roots));
        if (roots.Count == 0) return new Dictionary<Node, Node>();
        var source = roots[0].Graph;
        var target = new Graph();
        var map = new Dictionary<Node, Node>();
        foreach (var leaf in source.Nodes)
            if (leaf.Op is Leaf) map[leaf] = Rebuild(target, leaf, Array.Empty<Node>(), dtype);
        foreach (var node in Topology.Sort(roots))
        {
            if (map.ContainsKey(node)) continue;
            var inputs = new Node[node.Inputs.Count];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = map[node.Inputs[i]];
            var copy = Rebuild(target, node, inputs, dtype);
            if (node.Name is { } name) copy.Named(name);
            map[node] = copy;
        }
        return map;
    }

    private static Node Rebuild(Graph target, Node node, Node[] inputs, DType dtype)
    {
        switch (node.Op)
        {
            case Leaf leaf:
                return leaf.Kind == LeafKind.Input ? target.Input(leaf.LeafName, leaf.Shape, dtype) : target.Parameter(leaf.LeafName, leaf.Shape, dtype);
            case Constant c:
            {
                var data = (double[])c.Value.Data.Clone();
                if (dtype == DType.Float32)
                    for (int i = 0; i < data.Length; i++) data[i] = (float)data[i];
                return target.Constant(new Tensor((int[])c.Value.Dims.Clone(), data, dtype));
            }
            case DimSize size:
                return Sym.Size(target, size.Dims, dtype);
            default:
                return target.Apply(node.Op, inputs);
        }
    }
}
