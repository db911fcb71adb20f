using System.Collections.Generic;

namespace SymGraph.Simplify;

/// <summary>
/// The result of <see cref="EliminateDeadNodes.Copy"/>: a fresh <see cref="Graph"/> holding only the
/// nodes the outputs depend on, the outputs in it, and the map from original nodes to their copies.
/// </summary>
public sealed class CompactGraph
{
    internal CompactGraph(Graph graph, Node[] outputs, Dictionary<Node, Node> map)
    {
        Graph = graph;
        Outputs = outputs;
        Map = map;
    }

    /// <summary>The new graph; <see cref="Graph.Nodes"/> is exactly the live nodes.</summary>
    public Graph Graph { get; }

    /// <summary>The outputs, as nodes of <see cref="Graph"/>, in the order given.</summary>
    public IReadOnlyList<Node> Outputs { get; }

    /// <summary>Each live original node's copy.</summary>
    public IReadOnlyDictionary<Node, Node> Map { get; }

    /// <summary>The copy of <paramref name="original"/> (which must be live).</summary>
    public Node this[Node original] => Map[original];
}
