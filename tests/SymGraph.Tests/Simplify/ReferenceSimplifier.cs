using SymGraph.Simplify;

namespace SymGraph.Tests;

/// <summary>
/// The simplifier's driver as it was before issue 17 made it linear (commit 71ea604): the same rule
/// tables, run by the old dictionary-based bottom-up sweep, every pass over the whole graph in every
/// round. Kept only as the oracle of <see cref="SimplifyEquivalenceTests"/>: the new driver must give the
/// very same graphs.
/// </summary>
internal static class ReferenceSimplifier
{
    private const int MaxRewritesPerNode = 64;
    private const int CostWalkLimit = 64;
    private static readonly Rule Merge = Rule.Create("merge-duplicate", RuleKind.Exact, (n, c) => null);

    public static SimplifyResultCopy Run(IReadOnlyList<Node> outputs, SimplifyOptions options)
    {
        var context = new SimplifyContext(options);
        var passes = options.Passes ?? Simplifier.DefaultPasses;
        var current = outputs.ToArray();
        int rounds = 0;
        bool converged = false;
        while (rounds < options.MaxIterations)
        {
            rounds++;
            var next = current;
            foreach (var pass in passes)
            {
                context.CurrentPass = pass.Name;
                next = pass switch
                {
                    EliminateCommonSubexpressions => Cse(next, context),
                    RulePass rp => RunRules(next, rp, context),
                    _ => throw new InvalidOperationException(pass.Name),
                };
            }
            bool same = next.Length == current.Length && next.Zip(current, ReferenceEquals).All(b => b);
            current = next;
            if (same) { converged = true; break; }
        }
        return new SimplifyResultCopy(current, rounds, converged);
    }

    public sealed record SimplifyResultCopy(Node[] Outputs, int Rounds, bool Converged);

    private static Node[] Cse(IReadOnlyList<Node> outputs, SimplifyContext context)
    {
        var order = Sort(outputs);
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
            var m = changed ? BuildLike(n, () => Rebuild(n, map)) : n;
            table.Add(new NodeKey(m.Op, inputs), m);
            map[n] = m;
        }
        return outputs.Select(o => map[o]).ToArray();
    }

    private static Node[] RunRules(IReadOnlyList<Node> outputs, RulePass pass, SimplifyContext context)
    {
        var rules = pass.Rules.Where(context.IsEnabled).ToArray();
        var order = Sort(outputs);
        var uses = UseCounts(order);
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

    /// <summary>Topology.Sort as it was: a depth-first post-order with dictionary marks.</summary>
    public static List<Node> Sort(IEnumerable<Node> outputs)
    {
        var order = new List<Node>();
        var state = new Dictionary<Node, bool>();
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

    private static Dictionary<Node, int> UseCounts(IReadOnlyList<Node> order)
    {
        var uses = new Dictionary<Node, int>(order.Count);
        foreach (var n in order) uses[n] = 0;
        foreach (var n in order)
            foreach (var i in n.Inputs)
                uses[i] = uses[i] + 1;
        return uses;
    }

    private static void Keep(Node node, HashSet<Node> kept)
    {
        if (!kept.Add(node)) return;
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
            foreach (var i in stack.Pop().Inputs)
                if (kept.Add(i)) stack.Push(i);
    }

    private static Node Rebuild(Node n, IReadOnlyDictionary<Node, Node> map)
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

    private static T BuildLike<T>(Node like, Func<T> build)
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
                        throw new InvalidOperationException($"Rule '{rule.Name}' changed a type at {TextPrinter.Line(m)}.");
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
