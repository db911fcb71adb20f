using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;
using SymGraph.Simplify;

namespace SymGraph;

/// <summary>
/// The reference interpreter: evaluates any graph on concrete tensors, one node at a time in
/// topological order, by asking each op for its <see cref="Op.Evaluate"/>. It is the oracle every
/// backend is tested against. Intermediate values are dropped as soon as their last consumer ran.
/// </summary>
/// <remarks>
/// <see cref="Evaluate(IReadOnlyList{Node}, IReadOnlyDictionary{Node, Tensor})"/> applies the same
/// stable forms as the compiled code (the <see cref="Simplify.Stabilize"/> rules: <c>log(softmax(z))</c>
/// as <c>log_softmax(z)</c>, <c>log(σ(x))</c> as <c>−softplus(−x)</c>, a cross-entropy of a softmax from
/// the logits, <c>(b/a)·a</c> as <c>b</c>, …), so every executor gives the same answer, within
/// 1e-12·max(1, |value|), also where the graph as written overflows or divides 0 by 0. The rewrites
/// are made on a private copy of the graph: the caller's graph is only read, so evaluating one graph
/// from several threads at once is safe. <see cref="EvaluateAsBuilt"/> evaluates every node literally.
/// </remarks>
public static class Interpreter
{
    /// <summary>Evaluates <paramref name="output"/> given values for the leaves it depends on.</summary>
    public static Tensor Evaluate(Node output, IReadOnlyDictionary<Node, Tensor> values) =>
        Evaluate(new[] { output }, values)[0];

    /// <summary>Evaluates <paramref name="output"/> given leaf values by name.</summary>
    public static Tensor Evaluate(Node output, IReadOnlyDictionary<string, Tensor> values) =>
        Evaluate(new[] { output }, ByNode(output.Graph, values))[0];

    /// <summary>Evaluates several outputs at once, sharing the work they have in common, in the stable forms.</summary>
    public static Tensor[] Evaluate(IReadOnlyList<Node> outputs, IReadOnlyDictionary<Node, Tensor> values) =>
        Prepare(outputs).Evaluate(values);

    /// <summary>
    /// Evaluates <paramref name="outputs"/> node by node exactly as built, without the stable forms
    /// (so <c>log(softmax(z))</c> is −∞ where the softmax underflows). For testing the stable rewrites
    /// themselves; everything else wants <see cref="Evaluate(IReadOnlyList{Node}, IReadOnlyDictionary{Node, Tensor})"/>.
    /// </summary>
    public static Tensor[] EvaluateAsBuilt(IReadOnlyList<Node> outputs, IReadOnlyDictionary<Node, Tensor> values)
    {
        if (outputs is null) throw new ArgumentNullException(nameof(outputs));
        if (values is null) throw new ArgumentNullException(nameof(values));
        var order = outputs.Count == 0 ? new List<Node>() : Topology.Sort(outputs);
        return Run(outputs, order, values, order, node => node);
    }

    /// <summary>
    /// The stable forms of <paramref name="outputs"/>, built once on a private copy of their graph, to
    /// evaluate as often as needed: what <see cref="Evaluate(IReadOnlyList{Node}, IReadOnlyDictionary{Node, Tensor})"/>
    /// does on every call, without redoing the copy and the rewrites (finite differences and benchmarks
    /// evaluate one graph many times). The result may be used from several threads at once.
    /// </summary>
    public static PreparedEvaluation Prepare(IReadOnlyList<Node> outputs)
    {
        if (outputs is null) throw new ArgumentNullException(nameof(outputs));
        if (outputs.Count == 0) return new PreparedEvaluation(new List<Node>(), null, Array.Empty<Node>(), new List<Node>());
        var order = Topology.Sort(outputs, wholeGraph: true);
        // No stable form applies: the caller's graph is evaluated as it is (only read, so still thread-safe).
        if (!Stabilize.MayRewrite(order)) return new PreparedEvaluation(order, null, outputs.ToArray(), order);
        var copy = new Graph();
        var map = new Node[outputs[0].Graph.Nodes.Count]; // by the caller's ids
        var args = new List<Node>();
        foreach (var node in order)
        {
            args.Clear();
            foreach (var input in node.InputArray) args.Add(map[input.Id]);
            map[node.Id] = copy.Apply(node.Op, args.ToArray());
        }
        var stable = Stabilize.Forms(outputs.Select(o => map[o.Id]).ToArray());
        return new PreparedEvaluation(order, map, stable, Topology.Sort(stable));
    }

    /// <summary>A graph's stable forms, ready to evaluate (see <see cref="Prepare"/>).</summary>
    public sealed class PreparedEvaluation
    {
        private readonly List<Node> _order;
        private readonly Node[] _stableOutputs;
        private readonly List<Node> _stableOrder;
        private readonly Dictionary<Node, Node> _leafOf = new();

        // map: the copy of each node of order, by the caller's ids; null when the caller's graph is evaluated itself.
        internal PreparedEvaluation(List<Node> order, Node[]? map, Node[] stableOutputs, List<Node> stableOrder)
        {
            (_order, _stableOutputs, _stableOrder) = (order, stableOutputs, stableOrder);
            foreach (var n in order)
                if (n.Op is Leaf) _leafOf[map is null ? n : map[n.Id]] = n;
        }

        /// <summary>The outputs' values at <paramref name="values"/> (keyed by the caller's leaf nodes).</summary>
        public Tensor[] Evaluate(IReadOnlyDictionary<Node, Tensor> values)
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            return Run(_stableOutputs, _stableOrder, values, _order, copied => _leafOf[copied]);
        }
    }

    // Evaluates 'order' (which ends in 'outputs'), reading each leaf's value from 'values' under the
    // caller's node 'callerLeaf(leaf)'. Sizes are bound and missing values reported on 'callerOrder', the
    // caller's graph, so messages and bindings do not depend on what the stable forms kept.
    private static Tensor[] Run(IReadOnlyList<Node> outputs, List<Node> order, IReadOnlyDictionary<Node, Tensor> values, List<Node> callerOrder, Func<Node, Node> callerLeaf)
    {
        if (outputs.Count == 0) return Array.Empty<Tensor>();
        // Indexed by the ids of order's graph (the caller's, or the private copy with its stable forms).
        int size = outputs[0].Graph.Nodes.Count;
        var remainingUses = new int[size];
        Topology.UseCounts(order, ref remainingUses);
        foreach (var o in outputs) remainingUses[o.Id]++; // outputs are never dropped

        // Symbolic sizes are bound from every value given, reachable or not: a gradient such as
        // d mean(x)/dx = 1/batch needs 'batch' without reading x.
        var context = new EvaluationContext();
        foreach (var kv in values.OrderBy(kv => kv.Key.Id))
            if (kv.Key.Op is Leaf given) context.Bind(kv.Key.Shape, kv.Value.Dims, $"{given.Name} '{given.LeafName}'");
        foreach (var node in callerOrder)
            if (node.Op is Leaf leaf && !values.ContainsKey(node))
                throw new ArgumentException($"No value was given for {leaf.Name} '{leaf.LeafName}'.", nameof(values));

        var results = new Tensor?[size];
        var args = new List<Tensor>();
        foreach (var node in order)
        {
            Tensor value;
            if (node.Op is Leaf)
            {
                var given = values[callerLeaf(node)];
                value = given.DType == node.DType ? given : new Tensor((int[])given.Dims.Clone(), (double[])given.Data.Clone(), node.DType);
            }
            else
            {
                args.Clear();
                foreach (var input in node.InputArray) args.Add(results[input.Id]!);
                value = node.Op.Evaluate(node, args, context);
                if (node.DType == DType.Float32) Tensor.RoundToFloat32(value.Data);
                foreach (var input in node.InputArray)
                    if (--remainingUses[input.Id] == 0) results[input.Id] = null;
            }
            results[node.Id] = value;
        }
        var r = new Tensor[outputs.Count];
        for (int i = 0; i < r.Length; i++) r[i] = results[outputs[i].Id]!;
        return r;
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
