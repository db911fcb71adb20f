using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// What rules may consult while one simplification runs: the options, the trace, the value-range
/// analysis and a cache of uniform constant values. Nodes are immutable, so facts about a node never go
/// stale and the caches live for the whole run.
/// </summary>
internal sealed class SimplifyContext
{
    private readonly Dictionary<Node, double?> _uniform = new();

    internal SimplifyContext(SimplifyOptions options)
    {
        options.Validate();
        Options = options;
        Ranges = new ValueRanges(options.AssumeFiniteInputs);
    }

    /// <summary>The options of this run.</summary>
    public SimplifyOptions Options { get; }

    internal ValueRanges Ranges { get; }

    /// <summary>The pass being run (for the trace).</summary>
    internal string CurrentPass { get; set; } = "";

    /// <summary>The id-indexed arrays every sweep of this run reuses.</summary>
    internal Rewriter.Buffers Scratch { get; } = new();

    private readonly Dictionary<RulePass, Rule[]> _enabled = new();
    private readonly Dictionary<RulePass, BitSet> _clean = new();

    /// <summary>The nodes on which no rule of <paramref name="pass"/> fires (see <see cref="Rewriter"/>), by id.</summary>
    internal BitSet Clean(RulePass pass)
    {
        if (!_clean.TryGetValue(pass, out var set)) _clean[pass] = set = new BitSet();
        return set;
    }
    private Node[]? _orderOf;
    private List<Node>? _order;

    /// <summary>The rules of <paramref name="pass"/> this run may use, in table order.</summary>
    internal Rule[] EnabledRules(RulePass pass)
    {
        if (!_enabled.TryGetValue(pass, out var rules))
        {
            var list = new List<Rule>();
            foreach (var r in pass.Rules)
                if (IsEnabled(r)) list.Add(r);
            _enabled[pass] = rules = list.ToArray();
        }
        return rules;
    }

    private readonly Dictionary<(RulePass, Type), Rule[]> _byOp = new();

    /// <summary>The enabled rules of <paramref name="pass"/> that may fire on an op of type <paramref name="op"/>, in table order.</summary>
    internal Rule[] RulesFor(RulePass pass, Type op)
    {
        if (!_byOp.TryGetValue((pass, op), out var rules))
        {
            var list = new List<Rule>();
            foreach (var r in EnabledRules(pass))
                if (r.MayMatch(op)) list.Add(r);
            _byOp[(pass, op)] = rules = list.ToArray();
        }
        return rules;
    }

    /// <summary>
    /// <see cref="Topology.Sort(IEnumerable{Node})"/> of <paramref name="outputs"/>, remembered for the next
    /// pass: one that changed nothing hands the very same outputs on, and nodes never change.
    /// </summary>
    internal List<Node> Order(IReadOnlyList<Node> outputs)
    {
        if (_order is null || _orderOf is null || _orderOf.Length != outputs.Count || !Same(_orderOf, outputs))
        {
            _order = Topology.Sort(outputs, wholeGraph: true);
            _orderOf = new Node[outputs.Count];
            for (int i = 0; i < _orderOf.Length; i++) _orderOf[i] = outputs[i];
        }
        return _order;

        static bool Same(Node[] a, IReadOnlyList<Node> b)
        {
            for (int i = 0; i < a.Length; i++)
                if (!ReferenceEquals(a[i], b[i])) return false;
            return true;
        }
    }

    internal bool IsEnabled(Rule rule)
    {
        if (Options.DisabledRules.Contains(rule.Name)) return false;
        if (Options.ExactOnly) return rule.Kind == RuleKind.Exact;
        return rule.Kind != RuleKind.FastMath || Options.FastMath;
    }

    internal void Record(Rule rule, Node before, Node after) => Options.Trace?.Add(new RewriteEvent(CurrentPass, rule, before, after));

    /// <summary>
    /// The value of every element when <paramref name="node"/> is a uniform constant: a constant whose
    /// elements all have the same bits, or a broadcast of one. <c>null</c> otherwise.
    /// </summary>
    internal double? Uniform(Node node)
    {
        if (node.Op is Constant c)
        {
            if (c.Value.Length == 1) return c.Value.Data[0];
            if (_uniform.TryGetValue(node, out var known)) return known;
            var data = c.Value.Data;
            double? v = data.Length == 0 ? null : data[0];
            long bits = BitConverter.DoubleToInt64Bits(data.Length == 0 ? 0 : data[0]);
            for (int i = 1; i < data.Length && v is not null; i++)
                if (BitConverter.DoubleToInt64Bits(data[i]) != bits) v = null;
            _uniform[node] = v;
            return v;
        }
        if (node.Op is Broadcast && node.Inputs[0].Op is Constant) return Uniform(node.Inputs[0]);
        return null;
    }

    /// <summary>True when <paramref name="node"/> is a uniform constant whose value has exactly the bits of <paramref name="value"/>.</summary>
    internal bool IsUniform(Node node, double value) =>
        Uniform(node) is double v && BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(value);

    /// <summary>True for a uniform constant equal to zero of either sign.</summary>
    internal bool IsUniformZero(Node node) => Uniform(node) is double v && v == 0;
}
