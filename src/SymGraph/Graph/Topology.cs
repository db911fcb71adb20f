using System.Collections.Generic;

namespace SymGraph;

/// <summary>Graph walks. Every one is iterative (explicit stacks), so a million-node chain is fine.</summary>
public static class Topology
{
    /// <summary>
    /// The nodes that <paramref name="outputs"/> depend on (themselves included), inputs before
    /// consumers. Deterministic: a depth-first post-order visiting inputs in operand order.
    /// </summary>
    public static List<Node> Sort(IEnumerable<Node> outputs)
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
}
