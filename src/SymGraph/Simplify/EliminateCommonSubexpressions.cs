using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Simplify;

/// <summary>
/// Common-subexpression elimination for graphs not built through interning (deserialized, assembled
/// by another tool, or a <see cref="Graph"/> with interning off): nodes with equal ops on the same
/// (already merged) inputs become one. For interned graphs it finds nothing and returns the same
/// nodes. Exact: equal ops on equal inputs compute equal values.
/// </summary>
public sealed class EliminateCommonSubexpressions : Pass
{
    // Recorded in traces for every merge.
    private static readonly Rule Merge = Rule.Create("merge-duplicate", RuleKind.Exact, (n, c) => null);

    /// <summary>The pass.</summary>
    public static EliminateCommonSubexpressions Instance { get; } = new();

    private EliminateCommonSubexpressions() : base("cse") { }

    internal override Node[] Run(IReadOnlyList<Node> outputs, SimplifyContext context)
    {
        context.CurrentPass = Name;
        // A graph whose every node was interned has no two nodes with equal ops on the same inputs.
        if (outputs.Count == 0 || outputs[0].Graph.AllInterned) return outputs.ToArray();
        var order = context.Order(outputs);
        var map = new Dictionary<Node, Node>(order.Count);
        var table = new Dictionary<NodeKey, Node>(order.Count);
        foreach (var n in order)
        {
            var inputs = n.Inputs.Select(i => map[i]).ToArray();
            var key = new NodeKey(n.Op, inputs);
            if (table.TryGetValue(key, out var existing))
            {
                if (!ReferenceEquals(existing, n))
                {
                    context.Record(Merge, n, existing);
                    if (n.Name is not null) existing.Named(n.Name);
                }
                map[n] = existing;
                continue;
            }
            bool changed = false;
            for (int i = 0; i < inputs.Length && !changed; i++) changed = !ReferenceEquals(inputs[i], n.Inputs[i]);
            var m = changed ? Rewriter.BuildLike(n, () => Rewriter.Rebuild(n, map)) : n;
            table.Add(new NodeKey(m.Op, inputs), m);
            map[n] = m;
        }
        return outputs.Select(o => map[o]).ToArray();
    }
}
