using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// Dead-node removal. Nodes are immutable and interned, so a rewrite never deletes anything: replaced
/// nodes stay in their graph's intern table, unreachable from the new outputs. The live graph is what
/// the outputs reach (<see cref="LiveNodes"/>); this pass copies it into a fresh <see cref="Graph"/>,
/// so the old graph and its dead nodes can be dropped. The copy re-interns every node, which also
/// merges duplicates of graphs built without interning. Names, origins and derivative marks are kept;
/// the copy's leaves are the live inputs and parameters, declared under their names in their original
/// order.
/// </summary>
public sealed class EliminateDeadNodes : Pass
{
    /// <summary>The pass.</summary>
    public static EliminateDeadNodes Instance { get; } = new();

    private EliminateDeadNodes() : base("dce") { }

    /// <summary>The nodes <paramref name="outputs"/> depend on, themselves included, in id order.</summary>
    public static IReadOnlyList<Node> LiveNodes(IReadOnlyList<Node> outputs)
    {
        Simplifier.Check(outputs);
        return Topology.Sort(outputs).OrderBy(n => n.Id).ToList();
    }

    /// <summary>Copies what <paramref name="outputs"/> depend on into a fresh graph.</summary>
    public static CompactGraph Copy(IReadOnlyList<Node> outputs)
    {
        Simplifier.Check(outputs);
        var target = new Graph();
        var map = new Dictionary<Node, Node>();
        foreach (var n in Topology.Sort(outputs).OrderBy(n => n.Id))
        {
            Node copy;
            if (n.Op is Leaf leaf)
            {
                copy = leaf.Kind == LeafKind.Input
                    ? target.Input(leaf.LeafName, leaf.Shape, leaf.DType)
                    : target.Parameter(leaf.LeafName, leaf.Shape, leaf.DType);
            }
            else
            {
                var inputs = n.Inputs.Select(i => map[i]).ToArray();
                using (target.At(n.Origin))
                    copy = n.IsDerivative ? target.InDerivativeScope(() => target.Apply(n.Op, inputs)) : target.Apply(n.Op, inputs);
            }
            if (n.Name is not null) copy.Named(n.Name);
            map[n] = copy;
        }
        return new CompactGraph(target, outputs.Select(o => map[o]).ToArray(), map);
    }

    internal override Node[] Run(IReadOnlyList<Node> outputs, SimplifyContext context) => Copy(outputs).Outputs.ToArray();
}
