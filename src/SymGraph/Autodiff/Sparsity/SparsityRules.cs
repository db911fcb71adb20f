using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// How one node connects its output elements to its input elements, at element granularity: which input
/// elements each output element depends on with a structurally nonzero first derivative (the first-order
/// rule), and which of those interact in its second derivative (the second-order rule). Built per node by
/// <see cref="SparsityRules.For"/> with the node's concrete dimensions.
/// </summary>
internal abstract class Connectivity
{
    /// <summary>Appends the (input, element) pairs output element <paramref name="k"/> depends on.</summary>
    public abstract void Sources(int k, List<(int Input, int Element)> into);

    /// <summary>
    /// Appends the pairs of index sets whose cross product the second derivative of output element
    /// <paramref name="k"/> may fill (both orders are meant): nothing for an op linear in its inputs.
    /// <paramref name="input"/> gives input i's set at an element, <paramref name="output"/> this element's own set.
    /// </summary>
    public virtual void Interactions(int k, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into) { }

    /// <summary>True when <see cref="Interactions"/> may add anything (the op is not linear).</summary>
    public virtual bool HasInteractions => false;
}

/// <summary>
/// The element-level connectivity of every op, in one table keyed by the op's type (a test walks the op
/// registry and fails for an op without a row). Conservative where an op mixes a whole run (reductions,
/// softmax, cross-entropies) and exact for element-wise and structural ops; the classification of each op
/// as linear or not follows its derivative rules: <c>abs</c> and <c>relu</c> are linear here because
/// their derivatives (sign, a comparison) have structurally zero derivatives, as in the symbolic Hessian.
/// </summary>
internal static class SparsityRules
{
    // The curvature of unary element-wise ops: zero derivative, linear (zero second derivative), or nonlinear.
    private enum Curvature { Constant, Linear, Nonlinear }

    private static readonly Dictionary<Type, Curvature> Unary = new()
    {
        [typeof(Neg)] = Curvature.Linear,
        [typeof(Exp)] = Curvature.Nonlinear,
        [typeof(Log)] = Curvature.Nonlinear,
        [typeof(Sqrt)] = Curvature.Nonlinear,
        [typeof(Abs)] = Curvature.Linear,      // d/dx = sign(x), whose derivative is none
        [typeof(Sign)] = Curvature.Constant,
        [typeof(Sin)] = Curvature.Nonlinear,
        [typeof(Cos)] = Curvature.Nonlinear,
        [typeof(Tan)] = Curvature.Nonlinear,
        [typeof(Tanh)] = Curvature.Nonlinear,
        [typeof(Sigmoid)] = Curvature.Nonlinear,
        [typeof(Relu)] = Curvature.Linear,     // d/dx = (x > 0), a comparison
        [typeof(Softplus)] = Curvature.Nonlinear,
        [typeof(Square)] = Curvature.Nonlinear,
    };

    /// <summary>The op types this table knows (the registry test compares it with every op).</summary>
    public static IReadOnlyCollection<Type> Known { get; } = Unary.Keys.Concat(new[]
    {
        typeof(Leaf), typeof(Constant), typeof(DimSize),
        typeof(Add), typeof(Sub), typeof(Mul), typeof(Div), typeof(Pow), typeof(Maximum), typeof(Minimum), typeof(Comparison), typeof(Where),
        typeof(Broadcast), typeof(SumTo), typeof(Reshape), typeof(Transpose), typeof(Slice), typeof(Concat), typeof(Scatter), typeof(Ops.Gather),
        typeof(Sum), typeof(Max), typeof(MatMul), typeof(Softmax), typeof(LogSoftmax), typeof(LogSumExp),
        typeof(CrossEntropy), typeof(CrossEntropyLogits),
    }).ToArray();

    /// <summary>The connectivity of <paramref name="node"/> with its inputs' and its own concrete dimensions.</summary>
    public static Connectivity For(Node node, int[][] inDims, int[] outDims)
    {
        var op = node.Op;
        if (Unary.TryGetValue(op.GetType(), out var curvature))
            return curvature switch
            {
                Curvature.Constant => new Elementwise(Array.Empty<int>(), Crossing.None),
                Curvature.Linear => new Elementwise(new[] { 0 }, Crossing.None),
                _ => new Elementwise(new[] { 0 }, Crossing.Full),
            };
        switch (op)
        {
            case Leaf or Constant or DimSize:
                return new Elementwise(Array.Empty<int>(), Crossing.None);
            case Add or Sub or Maximum or Minimum:
                return new Elementwise(new[] { 0, 1 }, Crossing.None); // max/min: a 0/1 selection, linear where it is smooth
            case Comparison:
                return new Elementwise(Array.Empty<int>(), Crossing.None);
            case Where:
                return new Elementwise(new[] { 1, 2 }, Crossing.None);
            case Mul:
                return new Elementwise(new[] { 0, 1 }, Crossing.Product);
            case Div:
                return new Elementwise(new[] { 0, 1 }, Crossing.Quotient);
            case Pow:
                return Power(node);
            case Broadcast:
                return new Gather(Indexing.BroadcastMap(inDims[0], outDims));
            case SumTo:
                return new Runs(Indexing.BroadcastMap(outDims, inDims[0]), Product(outDims), Crossing.None);
            case Reshape:
                return new Gather(null);
            case Transpose t:
                return new Gather(TransposeMap(t, inDims[0]));
            case Slice s:
                return new Gather(null, offset: s.Start * Product(inDims[0].Skip(1)));
            case Concat:
                return new Joined(inDims.Select(Product).ToArray());
            case Scatter sc:
                return new Scattered(sc, inDims, outDims);
            case Ops.Gather gather:
                return new Picked(gather, inDims);
            case Reduction r:
                return new Runs(ReductionMap(inDims[0], r.Axis), Product(outDims), Crossing.None);
            case MatMul:
                return new MatrixProduct(inDims[0][0], inDims[0][1], inDims[1][1]);
            case LogSumExp l:
                return new Runs(ReductionMap(inDims[0], l.Axis), Product(outDims), Crossing.Full);
            case AxisNormalization a: // softmax, log_softmax: every element of a run depends on the whole run
                return new Runs(RunMap(inDims[0], a.Axis), Product(inDims[0]), Crossing.Full, sameShape: true);
            case CrossEntropy:
                return new RowLosses(inDims[0], logits: false);
            case CrossEntropyLogits:
                return new RowLosses(inDims[0], logits: true);
            default:
                throw new NotSupportedException($"sparsity: the op '{op.Name}' ({op.GetType().Name}) has no sparsity rule.");
        }
    }

    private static Connectivity Power(Node node)
    {
        var exponent = node.Inputs[1];
        if (!Sym.IsConstant(exponent)) return new Elementwise(new[] { 0, 1 }, Crossing.Full);
        // A constant exponent c: d/da aᶜ = c·a^(c−1) with c − 1 folded, and nothing for c = 0 (see Pow);
        // so a⁰ is constant, a¹ linear.
        return Sym.ScalarConstant(exponent) switch
        {
            0.0 => new Elementwise(Array.Empty<int>(), Crossing.None),
            1.0 => new Elementwise(new[] { 0 }, Crossing.None),
            _ => new Elementwise(new[] { 0 }, Crossing.Full),
        };
    }

    private static int Product(IEnumerable<int> dims)
    {
        int n = 1;
        foreach (int d in dims) n *= d;
        return n;
    }

    // For every output element of a transpose, the input element it reads.
    private static int[] TransposeMap(Transpose t, int[] inDims)
    {
        var perm = t.Permutation;
        var inStrides = Indexing.Strides(inDims);
        var outDims = perm.Select(p => inDims[p]).ToArray();
        int count = Product(inDims);
        var map = new int[count];
        var index = new int[outDims.Length];
        for (int flat = 0; flat < count; flat++)
        {
            int src = 0;
            for (int axis = 0; axis < index.Length; axis++) src += index[axis] * inStrides[perm[axis]];
            map[flat] = src;
            for (int axis = index.Length - 1; axis >= 0; axis--)
            {
                if (++index[axis] < outDims[axis]) break;
                index[axis] = 0;
            }
        }
        return map;
    }

    // For every input element of a reduction, the output element it folds into.
    private static int[] ReductionMap(int[] inDims, int? axis)
    {
        int count = Product(inDims);
        var map = new int[count];
        if (axis is null) return map; // everything folds into the one output
        var (outer, n, inner) = Indexing.AroundAxis(inDims, axis.Value);
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < n; k++)
                for (int i = 0; i < inner; i++) map[(o * n + k) * inner + i] = o * inner + i;
        return map;
    }

    // For every element, the index of its run along the axis (runs numbered o·inner + i).
    private static int[] RunMap(int[] dims, int axis) => ReductionMap(dims, axis);

    /// <summary>What the second derivative of an element may couple.</summary>
    private enum Crossing
    {
        None,     // linear
        Full,     // every pair of the element's own set (exp, softmax, …)
        Product,  // a·b: S(a) × S(b)
        Quotient, // a/b: S(b) × (S(a) ∪ S(b))
    }

    private static void Cross(Crossing crossing, int k, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into)
    {
        switch (crossing)
        {
            case Crossing.Full:
                into.Add((output, output));
                break;
            case Crossing.Product:
                into.Add((input(0, k), input(1, k)));
                break;
            case Crossing.Quotient:
                into.Add((input(1, k), input(1, k)));
                into.Add((input(0, k), input(1, k)));
                break;
        }
    }

    /// <summary>Output element k reads element k of each listed input.</summary>
    private sealed class Elementwise : Connectivity
    {
        private readonly int[] _inputs;
        private readonly Crossing _crossing;

        public Elementwise(int[] inputs, Crossing crossing) => (_inputs, _crossing) = (inputs, crossing);

        public override void Sources(int k, List<(int Input, int Element)> into)
        {
            foreach (int i in _inputs) into.Add((i, k));
        }

        public override bool HasInteractions => _crossing != Crossing.None;

        public override void Interactions(int k, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into) =>
            Cross(_crossing, k, input, output, into);
    }

    /// <summary>Output element k reads one element of input 0: <c>map[k]</c> (identity when null) plus an offset.</summary>
    private sealed class Gather : Connectivity
    {
        private readonly int[]? _map;
        private readonly int _offset;

        public Gather(int[]? map, int offset = 0) => (_map, _offset) = (map, offset);

        public override void Sources(int k, List<(int Input, int Element)> into) => into.Add((0, (_map is null ? k : _map[k]) + _offset));
    }

    /// <summary>Concat: output element k reads one element of the input whose block holds it.</summary>
    private sealed class Joined : Connectivity
    {
        private readonly int[] _starts;

        public Joined(int[] lengths)
        {
            _starts = new int[lengths.Length + 1];
            for (int i = 0; i < lengths.Length; i++) _starts[i + 1] = _starts[i] + lengths[i];
        }

        public override void Sources(int k, List<(int Input, int Element)> into)
        {
            int i = Array.BinarySearch(_starts, k);
            if (i < 0) i = ~i - 1;
            while (_starts[i + 1] <= k) i++; // past empty inputs
            into.Add((i, k - _starts[i]));
        }
    }

    /// <summary>Gather: output element k reads one element of one input, by the op's table.</summary>
    private sealed class Picked : Connectivity
    {
        private readonly Ops.Gather _op;
        private readonly int[] _starts;

        public Picked(Ops.Gather op, int[][] inDims)
        {
            _op = op;
            _starts = new int[inDims.Length + 1];
            for (int i = 0; i < inDims.Length; i++) _starts[i + 1] = _starts[i] + Product(inDims[i]);
        }

        public override void Sources(int k, List<(int Input, int Element)> into)
        {
            int s = _op.Sources[k];
            if (s < 0) return; // a structural zero
            int i = Array.BinarySearch(_starts, s);
            if (i < 0) i = ~i - 1;
            while (_starts[i + 1] <= s) i++; // past empty inputs
            into.Add((i, s - _starts[i]));
        }
    }

    /// <summary>Scatter: output element k reads the element of every piece placed over it (none where no piece is).</summary>
    private sealed class Scattered : Connectivity
    {
        private readonly int[] _start;                        // CSR over output elements
        private readonly (int Input, int Element)[] _sources;

        public Scattered(Scatter op, int[][] inDims, int[] outDims)
        {
            int inner = Product(outDims.Skip(1)), total = Product(outDims);
            var counts = new int[total + 1];
            for (int i = 0; i < inDims.Length; i++)
                for (int e = 0, size = Product(inDims[i]), at = op.Offsets[i] * inner; e < size; e++) counts[at + e + 1]++;
            for (int k = 0; k < total; k++) counts[k + 1] += counts[k];
            _start = (int[])counts.Clone();
            _sources = new (int, int)[counts[total]];
            for (int i = 0; i < inDims.Length; i++)
                for (int e = 0, size = Product(inDims[i]), at = op.Offsets[i] * inner; e < size; e++) _sources[counts[at + e]++] = (i, e);
        }

        public override void Sources(int k, List<(int Input, int Element)> into)
        {
            for (int s = _start[k]; s < _start[k + 1]; s++) into.Add(_sources[s]);
        }
    }

    /// <summary>
    /// Runs of input 0: input element e belongs to run <c>map[e]</c>. With <c>sameShape</c> false, output
    /// element r is run r (reductions); with it true, output element k is in run <c>map[k]</c> and depends
    /// on the whole run (softmax).
    /// </summary>
    private sealed class Runs : Connectivity
    {
        private readonly int[] _runOf;
        private readonly int[][] _members;
        private readonly Crossing _crossing;
        private readonly bool _sameShape;

        public Runs(int[] runOf, int runCount, Crossing crossing, bool sameShape = false)
        {
            (_runOf, _crossing, _sameShape) = (runOf, crossing, sameShape);
            int runs = sameShape ? (runOf.Length == 0 ? 0 : runOf.Max() + 1) : runCount;
            var counts = new int[runs];
            foreach (int r in runOf) counts[r]++;
            _members = new int[runs][];
            for (int r = 0; r < runs; r++) _members[r] = new int[counts[r]];
            Array.Clear(counts, 0, counts.Length);
            for (int e = 0; e < runOf.Length; e++) _members[runOf[e]][counts[runOf[e]]++] = e;
        }

        public override void Sources(int k, List<(int Input, int Element)> into)
        {
            foreach (int e in _members[_sameShape ? _runOf[k] : k]) into.Add((0, e));
        }

        public override bool HasInteractions => _crossing != Crossing.None;

        public override void Interactions(int k, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into) =>
            Cross(_crossing, k, input, output, into);
    }

    /// <summary>matmul [m,k]·[k,n]: y[i,j] = Σₚ a[i,p]·b[p,j], each term bilinear.</summary>
    private sealed class MatrixProduct : Connectivity
    {
        private readonly int _k, _n;

        public MatrixProduct(int m, int k, int n) => (_k, _n) = (k, n);

        public override void Sources(int e, List<(int Input, int Element)> into)
        {
            int i = e / _n, j = e % _n;
            for (int p = 0; p < _k; p++)
            {
                into.Add((0, i * _k + p));
                into.Add((1, p * _n + j));
            }
        }

        public override bool HasInteractions => true;

        public override void Interactions(int e, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into)
        {
            int i = e / _n, j = e % _n;
            for (int p = 0; p < _k; p++) into.Add((input(0, i * _k + p), input(1, p * _n + j)));
        }
    }

    /// <summary>
    /// The row losses along the last axis: output r reads row r of both inputs. cross_entropy(p, t) =
    /// −Σ t·ln p couples p_k with itself and with t_k; cross_entropy_logits(z, t) = Σt·logsumexp(z) − Σ t·z
    /// couples the whole row of z with itself and with the row of t.
    /// </summary>
    private sealed class RowLosses : Connectivity
    {
        private readonly int _n;
        private readonly bool _logits;

        public RowLosses(int[] dims, bool logits) => (_n, _logits) = (dims.Length == 0 ? 1 : dims[dims.Length - 1], logits);

        public override void Sources(int r, List<(int Input, int Element)> into)
        {
            for (int k = 0; k < _n; k++)
            {
                into.Add((0, r * _n + k));
                into.Add((1, r * _n + k));
            }
        }

        public override bool HasInteractions => true;

        public override void Interactions(int r, Func<int, int, int[]> input, int[] output, List<(int[] A, int[] B)> into)
        {
            if (!_logits)
            {
                for (int k = 0; k < _n; k++)
                {
                    var p = input(0, r * _n + k);
                    into.Add((p, p));
                    into.Add((p, input(1, r * _n + k)));
                }
                return;
            }
            var z = IndexSets.UnionOf(Enumerable.Range(r * _n, _n).Select(e => input(0, e)));
            var t = IndexSets.UnionOf(Enumerable.Range(r * _n, _n).Select(e => input(1, e)));
            into.Add((z, z));
            into.Add((z, t));
        }
    }
}
