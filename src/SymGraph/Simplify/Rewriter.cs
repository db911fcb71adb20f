using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Simplify;

/// <summary>
/// The driver of every rule pass: one bottom-up sweep over a topological order. Each node is first
/// rebuilt on its simplified inputs (the same node when no input changed, as
/// <c>ExpressionVisitor</c> rebuilds through <c>Update</c>), then the pass's rules are tried in table
/// order until none applies. Replacements are built under the original node's origin and derivative
/// mark and inherit its name. Iterative: a million-node chain is one loop.
/// </summary>
/// <remarks>
/// Every rewrite is priced: the nodes the replacement adds to the graph (its cone outside what the
/// sweep has already kept) must not exceed the nodes it frees (the rebuilt node, and, transitively, the
/// operands all of whose uses die with it). So no rule grows the graph, except the one marked
/// <see cref="Rule.MayGrow"/> (log-of-sigmoid). The count is an estimate made locally, from the use
/// counts of the sweep's input graph; the property tests check the global claim. A rewrite priced out
/// is simply not made (a later round may afford it).
/// </remarks>
internal static class Rewriter
{
    private const int MaxRewritesPerNode = 64;
    private const int CostWalkLimit = 64;

    public static Node[] Run(IReadOnlyList<Node> outputs, RulePass pass, SimplifyContext context)
    {
        var rules = pass.Rules.Where(context.IsEnabled).ToArray();
        var order = Topology.Sort(outputs);
        var uses = Topology.UseCounts(order);
        foreach (var o in outputs) uses[o] = uses[o] + 1;
        var map = new Dictionary<Node, Node>(order.Count);
        var kept = new HashSet<Node>();
        var sweep = new Sweep(map, kept, uses, context);

        foreach (var n in order)
        {
            var m = n.Inputs.Count == 0 ? n : sweep.Process(n, rules);
            map[n] = m;
            Keep(m, kept);
        }
        return outputs.Select(o => map[o]).ToArray();
    }

    // Adds the cone of node to the kept set, stopping at nodes already in it.
    private static void Keep(Node node, HashSet<Node> kept)
    {
        if (!kept.Add(node)) return;
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
            foreach (var i in stack.Pop().Inputs)
                if (kept.Add(i)) stack.Push(i);
    }

    /// <summary>Rebuilds <paramref name="n"/> on mapped inputs; the same node when none changed.</summary>
    internal static Node Rebuild(Node n, IReadOnlyDictionary<Node, Node> map)
    {
        Node[]? inputs = null;
        for (int i = 0; i < n.Inputs.Count; i++)
        {
            var mapped = map[n.Inputs[i]];
            if (inputs is null && !ReferenceEquals(mapped, n.Inputs[i]))
            {
                inputs = new Node[n.Inputs.Count];
                for (int j = 0; j < i; j++) inputs[j] = n.Inputs[j];
            }
            if (inputs is not null) inputs[i] = mapped;
        }
        if (inputs is null) return n;
        var m = n.Graph.Apply(n.Op, inputs);
        if (n.Name is not null) m.Named(n.Name);
        return m;
    }

    /// <summary>Runs <paramref name="build"/> so the nodes it creates carry <paramref name="like"/>'s origin and derivative mark.</summary>
    internal static T BuildLike<T>(Node like, Func<T> build)
    {
        var graph = like.Graph;
        using (graph.At(like.Origin ?? graph.CurrentOrigin))
            return like.IsDerivative ? graph.InDerivativeScope(build) : build();
    }

    private sealed class Sweep
    {
        private readonly Dictionary<Node, Node> _map;
        private readonly HashSet<Node> _kept;
        private readonly Dictionary<Node, int> _uses;
        private readonly SimplifyContext _context;
        private readonly HashSet<Node> _walk = new();
        private readonly Stack<Node> _stack = new();

        public Sweep(Dictionary<Node, Node> map, HashSet<Node> kept, Dictionary<Node, int> uses, SimplifyContext context)
        {
            _map = map;
            _kept = kept;
            _uses = uses;
            _context = context;
        }

        public Node Process(Node n, Rule[] rules) => BuildLike(n, () => Simplify(n, rules));

        private Node Simplify(Node n, Rule[] rules)
        {
            var m = Rebuild(n, _map);
            for (int round = 0; round < MaxRewritesPerNode; round++)
            {
                Node? next = null;
                foreach (var rule in rules)
                {
                    var r = rule.Apply(m, _context);
                    if (r is null || ReferenceEquals(r, m)) continue;
                    if (r.Shape != m.Shape || r.DType != m.DType)
                        throw new InvalidOperationException(
                            $"Rule '{rule.Name}' replaced {m.DType.ShortName()}{m.Shape} by {r.DType.ShortName()}{r.Shape} at {TextPrinter.Line(m)}.");
                    if (!rule.MayGrow && !Affordable(n, m, r)) continue;
                    _context.Record(rule, m, r);
                    if (n.Name is not null) r.Named(n.Name);
                    next = r;
                    break;
                }
                if (next is null) break;
                m = next;
            }
            return m;
        }

        // The replacement r of m (the rebuilt n) may add at most as many nodes as it frees: m itself, and
        // the operands (transitively) whose every use is by a node that dies with n.
        private bool Affordable(Node n, Node m, Node r)
        {
            int added = Fresh(r, out var freshNodes);
            if (added == 0) return true;
            int freed = Fresh(m, out _);
            var referenced = new HashSet<Node>(freshNodes.SelectMany(f => f.Inputs)) { r };
            var consumed = new Dictionary<Node, int>();
            var dying = new Queue<Node>();
            dying.Enqueue(n);
            while (dying.Count > 0 && freed < added)
            {
                foreach (var u in dying.Dequeue().Inputs)
                {
                    int k = consumed[u] = (consumed.TryGetValue(u, out var c) ? c : 0) + 1;
                    if (k != _uses[u] || referenced.Contains(_map[u])) continue;
                    freed++;
                    dying.Enqueue(u);
                }
            }
            return added <= freed;
        }

        // The number of nodes of node's cone not kept yet (capped), and those nodes.
        private int Fresh(Node node, out List<Node> nodes)
        {
            nodes = new List<Node>();
            if (_kept.Contains(node)) return 0;
            _walk.Clear();
            _stack.Clear();
            _walk.Add(node);
            _stack.Push(node);
            while (_stack.Count > 0 && nodes.Count <= CostWalkLimit)
            {
                var x = _stack.Pop();
                nodes.Add(x);
                foreach (var i in x.Inputs)
                    if (!_kept.Contains(i) && _walk.Add(i)) _stack.Push(i);
            }
            return nodes.Count > CostWalkLimit ? int.MaxValue / 2 : nodes.Count;
        }
    }
}
