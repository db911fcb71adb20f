using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Simplify;

/// <summary>How many nodes a graph has, in total and per op name (<c>add</c>, <c>const</c>, <c>param</c> …).</summary>
public sealed class NodeCounts
{
    internal NodeCounts(int total, SortedDictionary<string, int> byOp)
    {
        Total = total;
        ByOp = byOp;
    }

    /// <summary>The number of distinct nodes the outputs depend on, themselves and leaves included.</summary>
    public int Total { get; }

    /// <summary>The count per op name, sorted by name (ordinal).</summary>
    public IReadOnlyDictionary<string, int> ByOp { get; }

    /// <summary>The count for one op name (0 when absent).</summary>
    public int this[string op] => ByOp.TryGetValue(op, out var n) ? n : 0;

    /// <summary><c>17 nodes: add 3, const 2, mul 5, …</c>.</summary>
    public override string ToString() =>
        $"{Total} node{(Total == 1 ? "" : "s")}" + (ByOp.Count == 0 ? "" : ": " + string.Join(", ", ByOp.Select(kv => $"{kv.Key} {kv.Value}")));

    internal static NodeCounts Of(IReadOnlyList<Node> outputs)
    {
        var order = Topology.Sort(outputs);
        var byOp = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in order) byOp[n.Op.Name] = byOp.TryGetValue(n.Op.Name, out var k) ? k + 1 : 1;
        return new NodeCounts(order.Count, byOp);
    }
}
