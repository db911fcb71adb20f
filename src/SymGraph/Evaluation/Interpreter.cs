using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// The reference interpreter: evaluates any graph on concrete tensors, one node at a time in
/// topological order, by asking each op for its <see cref="Op.Evaluate"/>. It is the oracle every
/// backend is tested against. Intermediate values are dropped as soon as their last consumer ran.
/// </summary>
public static class Interpreter
{
    /// <summary>Evaluates <paramref name="output"/> given values for the leaves it depends on.</summary>
    public static Tensor Evaluate(Node output, IReadOnlyDictionary<Node, Tensor> values) =>
        Evaluate(new[] { output }, values)[0];

    /// <summary>Evaluates <paramref name="output"/> given leaf values by name.</summary>
    public static Tensor Evaluate(Node output, IReadOnlyDictionary<string, Tensor> values) =>
        Evaluate(new[] { output }, ByNode(output.Graph, values))[0];

    /// <summary>Evaluates several outputs at once, sharing the work they have in common.</summary>
    public static Tensor[] Evaluate(IReadOnlyList<Node> outputs, IReadOnlyDictionary<Node, Tensor> values)
    {
        if (outputs.Count == 0) return Array.Empty<Tensor>();
        var order = Topology.Sort(outputs);
        var remainingUses = Topology.UseCounts(order);
        foreach (var o in outputs) remainingUses[o] = remainingUses[o] + 1; // outputs are never dropped

        // Symbolic sizes are bound from every value given, reachable or not: a gradient such as
        // d mean(x)/dx = 1/batch needs 'batch' without reading x.
        var context = new EvaluationContext();
        foreach (var kv in values.OrderBy(kv => kv.Key.Id))
            if (kv.Key.Op is Leaf given) context.Bind(kv.Key.Shape, kv.Value.Dims, $"{given.Name} '{given.LeafName}'");
        foreach (var node in order)
            if (node.Op is Leaf leaf && !values.ContainsKey(node))
                throw new ArgumentException($"No value was given for {leaf.Name} '{leaf.LeafName}'.", nameof(values));

        var results = new Dictionary<Node, Tensor>(order.Count);
        var args = new List<Tensor>();
        foreach (var node in order)
        {
            Tensor value;
            if (node.Op is Leaf)
            {
                var given = values[node];
                value = given.DType == node.DType ? given : new Tensor((int[])given.Dims.Clone(), (double[])given.Data.Clone(), node.DType);
            }
            else
            {
                args.Clear();
                foreach (var input in node.Inputs) args.Add(results[input]);
                value = node.Op.Evaluate(node, args, context);
                if (node.DType == DType.Float32) Tensor.RoundToFloat32(value.Data);
                foreach (var input in node.Inputs)
                    if (--remainingUses[input] == 0) results.Remove(input);
            }
            results[node] = value;
        }
        return outputs.Select(o => results[o]).ToArray();
    }

    /// <summary>Maps leaf values given by name to the graph's leaf nodes; unknown names are an error.</summary>
    public static Dictionary<Node, Tensor> ByNode(Graph graph, IReadOnlyDictionary<string, Tensor> values)
    {
        var result = new Dictionary<Node, Tensor>();
        foreach (var kv in values)
        {
            var leaf = graph.FindLeaf(kv.Key) ?? throw new ArgumentException($"The graph has no input or parameter named '{kv.Key}'.", nameof(values));
            result[leaf] = kv.Value;
        }
        return result;
    }
}
