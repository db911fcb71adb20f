using System;
using System.Collections.Generic;

namespace SymGraph;

/// <summary>Graph walks. Every one is iterative (explicit stacks), so a million-node chain is fine.</summary>
public static class Topology
{
    /// <summary>
    /// The nodes that <paramref name="outputs"/> depend on (themselves included), inputs before
    /// consumers. Deterministic: a depth-first post-order visiting inputs in operand order.
    /// </summary>
    public static List<Node> Sort(IEnumerable<Node> outputs) => Sort(outputs, wholeGraph: false);

    /// <summary>
    /// <see cref="Sort(IEnumerable{Node})"/>; with <paramref name="wholeGraph"/>, for callers that expect
    /// the order to hold most of the graph (the simplifier, differentiation, the interpreter), the list
    /// is sized for every node at once rather than grown by doubling (at 10^7 nodes the copies it
    /// leaves behind would be the largest thing allocated).
    /// </summary>
    internal static List<Node> Sort(IEnumerable<Node> outputs, bool wholeGraph)
    {
        if (outputs is null) throw new ArgumentNullException(nameof(outputs));
        var roots = outputs as IReadOnlyList<Node> ?? new List<Node>(outputs);
        if (roots.Count == 0) return new List<Node>();
        foreach (var root in roots)
            if (root is null) throw new ArgumentNullException(nameof(outputs), "An output is null.");
        var graph = roots[0].Graph;
        foreach (var root in roots)
            if (!ReferenceEquals(root.Graph, graph)) return SortAcrossGraphs(roots);
        var order = new List<Node>(wholeGraph ? graph.Nodes.Count : 0);

        // Ids index the marks: 1 on the stack, 2 emitted. The stack holds a node and its next operand.
        var state = new byte[graph.Nodes.Count];
        var nodes = new Node[16];
        var next = new int[16];
        foreach (var root in roots)
        {
            if (state[root.Id] != 0) continue;
            int top = 0;
            nodes[0] = root;
            next[0] = 0;
            state[root.Id] = 1;
            while (top >= 0)
            {
                var node = nodes[top];
                var inputs = node.InputArray;
                if (next[top] < inputs.Length)
                {
                    var child = inputs[next[top]++];
                    if (state[child.Id] != 0) continue;
                    state[child.Id] = 1;
                    if (++top == nodes.Length)
                    {
                        System.Array.Resize(ref nodes, nodes.Length * 2);
                        System.Array.Resize(ref next, next.Length * 2);
                    }
                    nodes[top] = child;
                    next[top] = 0;
                }
                else
                {
                    state[node.Id] = 2;
                    order.Add(node);
                    nodes[top--] = null!;
                }
            }
        }
        return order;
    }

    // Nodes of several graphs in one call: ids repeat across graphs, so marks go by node.
    private static List<Node> SortAcrossGraphs(IEnumerable<Node> outputs)
    {
        var order = new List<Node>();
        var state = new Dictionary<Node, bool>(); // false: on the stack, true: emitted
        var stack = new Stack<(Node node, int next)>();
        foreach (var root in outputs)
        {
            if (state.ContainsKey(root)) continue;
            stack.Push((root, 0));
            state[root] = false;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Count)
                {
                    stack.Push((node, next + 1));
                    var child = node.Inputs[next];
                    if (!state.ContainsKey(child))
                    {
                        state[child] = false;
                        stack.Push((child, 0));
                    }
                }
                else
                {
                    state[node] = true;
                    order.Add(node);
                }
            }
        }
        return order;
    }

    /// <summary>The topological order of the nodes <paramref name="output"/> depends on.</summary>
    public static List<Node> Sort(Node output) => Sort(new[] { output });

    /// <summary>
    /// For each node in <paramref name="order"/> (a topological order), how many nodes of the same
    /// order use it as an input (an operand used twice counts twice).
    /// </summary>
    public static Dictionary<Node, int> UseCounts(IReadOnlyList<Node> order)
    {
        var uses = new Dictionary<Node, int>(order.Count);
        foreach (var n in order) uses[n] = 0;
        foreach (var n in order)
            foreach (var i in n.Inputs)
                uses[i] = uses[i] + 1;
        return uses;
    }

    /// <summary>
    /// <see cref="UseCounts(IReadOnlyList{Node})"/> indexed by node id, in <paramref name="uses"/> (grown to the graph's size
    /// when short). Entries of nodes outside <paramref name="order"/> are left as they were.
    /// </summary>
    internal static void UseCounts(List<Node> order, ref int[] uses)
    {
        if (order.Count == 0) return;
        int size = order[0].Graph.Nodes.Count;
        if (uses.Length < size) uses = new int[System.Math.Max(size, uses.Length + uses.Length / 4)];
        for (int k = 0; k < order.Count; k++) uses[order[k].Id] = 0;
        for (int k = 0; k < order.Count; k++)
            foreach (var i in order[k].InputArray)
                uses[i.Id]++;
    }
}
