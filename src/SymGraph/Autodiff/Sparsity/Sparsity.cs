using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// Structural sparsity of derivatives, computed from the graph by index-set propagation at element
/// granularity (as CasADi and SparseConnectivityTracer.jl do): every element of every node carries the set
/// of differentiated values it depends on with a structurally nonzero derivative (the Jacobian's rows);
/// for the Hessian, each op that is not linear adds the pairs its second derivative can couple, for the
/// elements the cost depends on (a reverse sweep marks them). Patterns are conservative: a value outside
/// is zero at every point, a value inside may be zero at some.
/// </summary>
/// <remarks>
/// The differentiated values <c>wrt</c> are concatenated in order, each flattened row-major (the layout of
/// <c>eval --hessian</c> prints). Symbolic sizes are resolved with <c>sizes</c>: a pattern is for one size.
/// </remarks>
public static class Sparsity
{
    /// <summary>
    /// The pattern of the Jacobian of <paramref name="output"/> (flattened row-major: its rows) with respect
    /// to <paramref name="wrt"/> (concatenated, flattened: its columns).
    /// </summary>
    /// <remarks>
    /// Throws <see cref="SparsityLimitException"/> once the index sets held while propagating exceed
    /// <paramref name="maxEntries"/> entries in all (dense layers make every element depend on nearly
    /// everything: the first-order sets of the MLP example would need gigabytes).
    /// </remarks>
    public static SparsityPattern Jacobian(Node output, IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes = null, long maxEntries = DefaultMaxNonzeros)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        var trace = new Trace(output, wrt, sizes, maxEntries);
        var rows = trace.SetsOf(output);
        return SparsityPattern.FromSortedRows(trace.Columns, rows);
    }

    /// <summary>
    /// The pattern of the Hessian of the scalar <paramref name="cost"/> with respect to <paramref name="wrt"/>
    /// (concatenated, flattened): symmetric, diagonal entries only where structurally nonzero.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="SparsityLimitException"/> once the pattern would hold more than <paramref name="maxNonzeros"/>
    /// entries, or the first-order index sets more than that in all.
    /// </remarks>
    public static SparsityPattern Hessian(Node cost, IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes = null, long maxNonzeros = DefaultMaxNonzeros)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (!cost.Shape.IsScalar) throw new ArgumentException($"Hessian sparsity needs a scalar cost, got {cost.Shape}.", nameof(cost));
        return new Trace(cost, wrt, sizes, maxNonzeros).Hessian(maxNonzeros);
    }

    /// <summary>The default bound on a pattern's entries and on the index sets held while it is built (10 million: about 200 MB).</summary>
    public const long DefaultMaxNonzeros = 10_000_000;

    /// <summary>One propagation: the first-order sets of every node the output depends on.</summary>
    private sealed class Trace
    {
        private readonly Node _output;
        private readonly List<Node> _order;
        private readonly EvaluationContext _sizes;
        private readonly Dictionary<Node, int[][]?> _sets = new(); // null: every element's set is empty
        private readonly Dictionary<Node, Connectivity> _rules = new();
        private readonly Dictionary<Node, int> _offsets = new();

        public Trace(Node output, IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes, long maxEntries)
        {
            if (wrt is null) throw new ArgumentNullException(nameof(wrt));
            _output = output;
            _sizes = new EvaluationContext(sizes);
            var offsets = _offsets;
            foreach (var w in wrt)
            {
                if (w is null) throw new ArgumentNullException(nameof(wrt), "A node is null.");
                if (!ReferenceEquals(w.Graph, output.Graph)) throw new ArgumentException($"{w} belongs to another graph.", nameof(wrt));
                if (offsets.ContainsKey(w)) throw new ArgumentException($"{w} appears twice.", nameof(wrt));
                offsets[w] = Columns;
                Columns = checked(Columns + Count(w));
            }
            _order = Topology.Sort(new[] { output });
            var sources = new List<(int Input, int Element)>();
            var union = new IndexSets.Union(Columns);
            long entries = 0;
            foreach (var node in _order)
            {
                if (offsets.TryGetValue(node, out int offset))
                {
                    var own = new int[Count(node)][];
                    for (int k = 0; k < own.Length; k++) own[k] = new[] { offset + k };
                    _sets[node] = own;
                    continue;
                }
                var inputs = node.Inputs.Select(i => _sets[i]).ToArray();
                if (inputs.All(s => s is null))
                {
                    _sets[node] = null;
                    continue;
                }
                var rule = Rule(node);
                var sets = new int[Count(node)][];
                var gathered = new List<int[]>();
                for (int k = 0; k < sets.Length; k++)
                {
                    sources.Clear();
                    rule.Sources(k, sources);
                    gathered.Clear();
                    foreach (var (i, e) in sources)
                        if (inputs[i] is { } s) gathered.Add(s[e]);
                    sets[k] = union.Of(gathered);
                    entries += sets[k].Length;
                    if (entries > maxEntries) throw new SparsityLimitException(Columns, maxEntries, firstOrder: true);
                }
                _sets[node] = sets.All(s => s.Length == 0) ? null : sets;
            }
        }

        /// <summary>The number of differentiated values (the columns).</summary>
        public int Columns { get; }

        private int Count(Node node)
        {
            long n = 1;
            foreach (int d in _sizes.Resolve(node.Shape)) n *= d;
            return checked((int)n);
        }

        private int[] Dims(Node node) => _sizes.Resolve(node.Shape);

        private Connectivity Rule(Node node)
        {
            if (!_rules.TryGetValue(node, out var rule))
                _rules[node] = rule = SparsityRules.For(node, node.Inputs.Select(Dims).ToArray(), Dims(node));
            return rule;
        }

        public int[][] SetsOf(Node node) => _sets[node] ?? Enumerable.Repeat(IndexSets.Empty, Count(node)).ToArray();

        public SparsityPattern Hessian(long maxNonzeros)
        {
            // Reverse sweep: which elements the cost depends on (their cotangent is structurally nonzero).
            var live = new Dictionary<Node, bool[]>();
            live[_output] = new[] { true };
            var sources = new List<(int Input, int Element)>();
            var rows = new HashSet<int>?[Columns];
            var crossed = new HashSet<(int[], int[])>(ReferenceComparer.Instance);
            var pairs = new List<(int[] A, int[] B)>();
            long count = 0;
            for (int n = _order.Count - 1; n >= 0; n--)
            {
                var node = _order[n];
                if (!live.TryGetValue(node, out var mask) || node.Inputs.Count == 0 || _sets[node] is not { } own) continue;
                if (_offsets.ContainsKey(node)) continue; // a differentiated value is independent: nothing behind it counts
                var rule = Rule(node);
                var inputMasks = node.Inputs.Select(i => _sets[i] is null ? null : live.TryGetValue(i, out var m) ? m : live[i] = new bool[Count(i)]).ToArray();
                var inputs = node.Inputs.Select(i => _sets[i]).ToArray();
                int[] InputSet(int i, int e) => inputs[i] is { } s ? s[e] : IndexSets.Empty;
                for (int k = 0; k < mask.Length; k++)
                {
                    if (!mask[k]) continue;
                    sources.Clear();
                    rule.Sources(k, sources);
                    foreach (var (i, e) in sources)
                        if (inputMasks[i] is { } m) m[e] = true;
                    if (!rule.HasInteractions || own[k].Length == 0) continue;
                    pairs.Clear();
                    rule.Interactions(k, InputSet, own[k], pairs);
                    foreach (var (a, b) in pairs)
                    {
                        if (a.Length == 0 || b.Length == 0 || !crossed.Add((a, b))) continue;
                        foreach (int i in a)
                            foreach (int j in b)
                            {
                                if ((rows[i] ??= new HashSet<int>()).Add(j)) count++;
                                if ((rows[j] ??= new HashSet<int>()).Add(i)) count++;
                                if (count > maxNonzeros) throw new SparsityLimitException(Columns, maxNonzeros, firstOrder: false);
                            }
                    }
                }
            }
            var sorted = new int[Columns][];
            for (int i = 0; i < Columns; i++)
            {
                if (rows[i] is null) { sorted[i] = IndexSets.Empty; continue; }
                sorted[i] = rows[i]!.ToArray();
                Array.Sort(sorted[i]);
            }
            return SparsityPattern.FromSortedRows(Columns, sorted);
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<(int[], int[])>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals((int[], int[]) x, (int[], int[]) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((int[], int[]) obj) =>
            unchecked(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1) * 31 + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}

/// <summary>A pattern, or the index sets that build it, would hold more entries than allowed: the derivative is too dense for sparse storage.</summary>
public sealed class SparsityLimitException : InvalidOperationException
{
    /// <summary>Creates the exception for a pattern of <paramref name="columns"/> columns over <paramref name="limit"/> entries.</summary>
    public SparsityLimitException(int columns, long limit, bool firstOrder)
        : base(firstOrder
            ? $"the dependencies on the {columns} values are too dense for a sparse pattern (more than {Count(limit)} index entries); restrict them with 'wrt'"
            : $"the {columns}×{columns} Hessian has more than {Count(limit)} structural nonzeros; restrict it with 'wrt'") { }

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
