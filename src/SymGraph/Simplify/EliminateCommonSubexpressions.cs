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
        var order = Topology.Sort(outputs);
        var map = new Dictionary<Node, Node>(order.Count);
        var table = new Dictionary<Key, Node>(order.Count);
        foreach (var n in order)
        {
            var inputs = n.Inputs.Select(i => map[i]).ToArray();
            var key = new Key(n.Op, inputs);
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
            table.Add(new Key(m.Op, inputs), m);
            map[n] = m;
        }
        return outputs.Select(o => map[o]).ToArray();
    }

    // An op (by value) and inputs (by identity), like the graph's intern key.
    private readonly struct Key : IEquatable<Key>
    {
        private readonly Op _op;
        private readonly Node[] _inputs;
        private readonly int _hash;

        public Key(Op op, Node[] inputs)
        {
            _op = op;
            _inputs = inputs;
            int h = op.GetHashCode();
            foreach (var n in inputs) h = unchecked(h * 486187739 + n.Id);
            _hash = h;
        }

        public bool Equals(Key other)
        {
            if (_hash != other._hash || _inputs.Length != other._inputs.Length || !_op.Equals(other._op)) return false;
            for (int i = 0; i < _inputs.Length; i++)
                if (!ReferenceEquals(_inputs[i], other._inputs[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is Key k && Equals(k);

        public override int GetHashCode() => _hash;
    }
}
