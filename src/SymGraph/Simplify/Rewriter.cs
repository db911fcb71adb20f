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
/// <para>
/// Cost: a sweep touches each node and edge of the order a constant number of times; the maps it needs
/// (replacement, use count, kept) are arrays indexed by node id, owned by the run's
/// <see cref="SimplifyContext"/> and reused by every sweep, so a sweep allocates nothing per node that
/// no rule rewrites.
/// </para>
/// </remarks>
internal static class Rewriter
{
    private const int MaxRewritesPerNode = 64;
    private const int CostWalkLimit = 64;

    public static Node[] Run(IReadOnlyList<Node> outputs, RulePass pass, SimplifyContext context)
    {
        if (outputs.Count == 0) return Array.Empty<Node>();
        var order = context.Order(outputs);
        var graph = outputs[0].Graph;
        var scratch = context.Scratch;
        // The same order comes with the same outputs (SimplifyContext.Order), so the same use counts.
        if (!ReferenceEquals(scratch.UsesOf, order))
        {
            Topology.UseCounts(order, ref scratch.Uses);
            foreach (var o in outputs) scratch.Uses[o.Id]++;
            scratch.UsesOf = order;
        }
        scratch.Reserve(graph.Nodes.Count);
        scratch.NextSweep();
        var sweep = new Sweep(scratch, context, pass);

        for (int k = 0; k < order.Count; k++)
        {
            var n = order[k];
            var m = n.InputArray.Length == 0 ? n : sweep.Process(n);
            scratch.Map[n.Id] = m;
            sweep.Keep(m);
        }
        var result = new Node[outputs.Count];
        for (int i = 0; i < result.Length; i++) result[i] = scratch.Map[outputs[i].Id];
        return result;
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

    /// <summary><see cref="Rebuild(Node, IReadOnlyDictionary{Node, Node})"/> with the map indexed by id.</summary>
    private static Node Rebuild(Node n, Node[] map)
    {
        var original = n.InputArray;
        Node m;
        switch (original.Length)
        {
            case 1:
            {
                var a = map[original[0].Id];
                if (ReferenceEquals(a, original[0])) return n;
                m = n.Graph.Apply(n.Op, a);
                break;
            }
            case 2:
            {
                Node a = map[original[0].Id], b = map[original[1].Id];
                if (ReferenceEquals(a, original[0]) && ReferenceEquals(b, original[1])) return n;
                m = n.Graph.Apply(n.Op, a, b);
                break;
            }
            default:
            {
                Node[]? inputs = null;
                for (int i = 0; i < original.Length; i++)
                {
                    var mapped = map[original[i].Id];
                    if (inputs is null && !ReferenceEquals(mapped, original[i]))
                    {
                        inputs = new Node[original.Length];
                        for (int j = 0; j < i; j++) inputs[j] = original[j];
                    }
                    if (inputs is not null) inputs[i] = mapped;
                }
                if (inputs is null) return n;
                m = n.Graph.Apply(n.Op, inputs);
                break;
            }
        }
        if (n.Name is not null) m.Named(n.Name);
        return m;
    }

    /// <summary>Runs <paramref name="build"/> so the nodes it creates carry <paramref name="like"/>'s origin and derivative mark.</summary>
    internal static T BuildLike<T>(Node like, Func<T> build)
    {
        var graph = like.Graph;
        var scope = graph.EnterLike(like);
        try { return build(); }
        finally { graph.Exit(scope); }
    }

    /// <summary>
    /// The id-indexed arrays of a run's sweeps. <see cref="Map"/> and <see cref="Uses"/> are written for
    /// every node of a sweep's order before they are read, so they are never cleared; a node is kept in
    /// the current sweep when its <see cref="Kept"/> stamp is the sweep's number.
    /// </summary>
    internal sealed class Buffers
    {
        public Node[] Map = Array.Empty<Node>();
        public int[] Uses = Array.Empty<int>();
        public List<Node>? UsesOf; // the order Uses counts
        public int[] Kept = Array.Empty<int>();
        public int Stamp;

        // Grown by a quarter, not doubled: at 10^7 nodes a doubling would cost more than the graph's
        // own growth between two sweeps.
        public static int Grown(int length, int size) => Math.Max(size, length + length / 4);

        public void Reserve(int size)
        {
            if (Map.Length < size) Map = new Node[Grown(Map.Length, size)]; // never read before written
            if (Kept.Length < size) Array.Resize(ref Kept, Grown(Kept.Length, size));
        }

        public void NextSweep()
        {
            if (++Stamp == int.MaxValue)
            {
                Array.Clear(Kept, 0, Kept.Length);
                Stamp = 1;
            }
        }

        // Nodes built during the sweep have ids past the arrays; they are never kept yet.
        public bool IsKept(Node n) => n.Id < Kept.Length && Kept[n.Id] == Stamp;

        public bool MarkKept(Node n)
        {
            if (n.Id >= Kept.Length) Array.Resize(ref Kept, Grown(Kept.Length, n.Id + 1));
            if (Kept[n.Id] == Stamp) return false;
            Kept[n.Id] = Stamp;
            return true;
        }
    }

    private sealed class Sweep
    {
        private readonly Buffers _b;
        private readonly SimplifyContext _context;
        private readonly RulePass _pass;
        private readonly BitSet _clean;
        private readonly HashSet<Node> _walk = new();
        private readonly Stack<Node> _stack = new();
        private Type? _lastOp;
        private Rule[] _lastRules = Array.Empty<Rule>();

        public Sweep(Buffers buffers, SimplifyContext context, RulePass pass)
        {
            _b = buffers;
            _context = context;
            _pass = pass;
            _clean = context.Clean(pass);
        }

        public Node Process(Node n)
        {
            var graph = n.Graph;
            var scope = graph.EnterLike(n);
            try { return Simplify(n); }
            finally { graph.Exit(scope); }
        }

        // Adds the cone of node to the kept set, stopping at nodes already in it.
        public void Keep(Node node)
        {
            if (!_b.MarkKept(node)) return;
            _stack.Clear();
            _stack.Push(node);
            while (_stack.Count > 0)
                foreach (var i in _stack.Pop().InputArray)
                    if (_b.MarkKept(i)) _stack.Push(i);
        }

        // A node on which every rule of the pass returned null (none priced out) is clean for the pass:
        // rules read only the node, its cone and facts about them that never change, so they would
        // return null again, and the rule loop is skipped whenever a later sweep of the run meets it.
        // That makes the round that confirms the fixed point, and every pass over nodes no rewrite
        // touched, one array lookup per node.
        private Node Simplify(Node n)
        {
            var m = Rebuild(n, _b.Map);
            if (_clean.Contains(m.Id)) return m;
            for (int round = 0; round < MaxRewritesPerNode; round++)
            {
                Node? next = null;
                bool pricedOut = false;
                foreach (var rule in RulesFor(m))
                {
                    var r = rule.Apply(m, _context);
                    if (r is null || ReferenceEquals(r, m)) continue;
                    if (r.Shape != m.Shape || r.DType != m.DType)
                        throw new InvalidOperationException(
                            $"Rule '{rule.Name}' replaced {m.DType.ShortName()}{m.Shape} by {r.DType.ShortName()}{r.Shape} at {TextPrinter.Line(m)}.");
                    if (!rule.MayGrow && !Affordable(n, m, r)) { pricedOut = true; continue; }
                    _context.Record(rule, m, r);
                    if (n.Name is not null) r.Named(n.Name);
                    next = r;
                    break;
                }
                if (next is null)
                {
                    if (!pricedOut) _clean.Add(m.Id);
                    break;
                }
                m = next;
            }
            return m;
        }

        private Rule[] RulesFor(Node m)
        {
            var op = m.Op.GetType();
            if (!ReferenceEquals(op, _lastOp)) (_lastOp, _lastRules) = (op, _context.RulesFor(_pass, op));
            return _lastRules;
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
                    if (k != _b.Uses[u.Id] || referenced.Contains(_b.Map[u.Id])) continue;
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
            if (_b.IsKept(node)) return 0;
            _walk.Clear();
            var stack = new Stack<Node>();
            _walk.Add(node);
            stack.Push(node);
            while (stack.Count > 0 && nodes.Count <= CostWalkLimit)
            {
                var x = stack.Pop();
                nodes.Add(x);
                foreach (var i in x.Inputs)
                    if (!_b.IsKept(i) && _walk.Add(i)) stack.Push(i);
            }
            return nodes.Count > CostWalkLimit ? int.MaxValue / 2 : nodes.Count;
        }
    }
}
