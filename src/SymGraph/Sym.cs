using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// The builder: every operation of the op set as a function on nodes. Element-wise functions
/// broadcast their operands NumPy-style by inserting explicit <see cref="Ops.Broadcast"/> nodes; a
/// plain number adopts the element type of the node it meets. C# operators on <see cref="Node"/>
/// call these functions.
/// </summary>
public static class Sym
{
    // ---- leaves -------------------------------------------------------------------------------

    /// <summary>A scalar constant in <paramref name="graph"/>.</summary>
    public static Node Constant(Graph graph, double value, DType dtype = DType.Float64) => graph.Constant(value, dtype);

    /// <summary><paramref name="value"/> broadcast to the shape and element type of <paramref name="like"/>.</summary>
    public static Node Full(double value, Node like) => Broadcast(like.Graph.Constant(value, like.DType), like.Shape);

    /// <summary>Zeros of the given shape.</summary>
    public static Node Zeros(Shape shape, DType dtype, Graph graph) => Broadcast(graph.Constant(0.0, dtype), shape);

    /// <summary>Zeros shaped like <paramref name="like"/>.</summary>
    public static Node ZerosLike(Node like) => Full(0.0, like);

    /// <summary>Ones shaped like <paramref name="like"/>.</summary>
    public static Node OnesLike(Node like) => Full(1.0, like);

    /// <summary>The number of elements spanned by <paramref name="dims"/> as a scalar (a constant when all are static).</summary>
    public static Node Size(Graph graph, IEnumerable<Dim> dims, DType dtype = DType.Float64)
    {
        var list = dims.ToList();
        if (list.All(d => d.IsStatic)) return graph.Constant(list.Aggregate(1.0, (a, d) => a * d.Size), dtype);
        return graph.Apply(new DimSize(list, dtype));
    }

    /// <summary>True for a constant node (of any shape), or a broadcast of one.</summary>
    public static bool IsConstant(Node node) => node.Op is Ops.Constant || (node.Op is Ops.Broadcast && node.Inputs[0].Op is Ops.Constant);

    /// <summary>The value of a scalar constant or of a broadcast of one; <c>null</c> for anything else.</summary>
    internal static double? ScalarConstant(Node node)
    {
        var c = node.Op is Ops.Broadcast ? node.Inputs[0] : node;
        return c.Op is Ops.Constant k && k.Value.Length == 1 ? k.Value.Data[0] : null;
    }

    // ---- element-wise, one argument -------------------------------------------------------------

    /// <summary>−x.</summary>
    public static Node Neg(Node x) => x.Graph.Apply(Ops.Neg.Instance, x);

    /// <summary>eˣ.</summary>
    public static Node Exp(Node x) => x.Graph.Apply(Ops.Exp.Instance, x);

    /// <summary>ln x.</summary>
    public static Node Log(Node x) => x.Graph.Apply(Ops.Log.Instance, x);

    /// <summary>√x.</summary>
    public static Node Sqrt(Node x) => x.Graph.Apply(Ops.Sqrt.Instance, x);

    /// <summary>|x|.</summary>
    public static Node Abs(Node x) => x.Graph.Apply(Ops.Abs.Instance, x);

    /// <summary>sign(x).</summary>
    public static Node Sign(Node x) => x.Graph.Apply(Ops.Sign.Instance, x);

    /// <summary>sin x.</summary>
    public static Node Sin(Node x) => x.Graph.Apply(Ops.Sin.Instance, x);

    /// <summary>cos x.</summary>
    public static Node Cos(Node x) => x.Graph.Apply(Ops.Cos.Instance, x);

    /// <summary>tan x.</summary>
    public static Node Tan(Node x) => x.Graph.Apply(Ops.Tan.Instance, x);

    /// <summary>tanh x.</summary>
    public static Node Tanh(Node x) => x.Graph.Apply(Ops.Tanh.Instance, x);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public static Node Sigmoid(Node x) => x.Graph.Apply(Ops.Sigmoid.Instance, x);

    /// <summary>max(x, 0).</summary>
    public static Node Relu(Node x) => x.Graph.Apply(Ops.Relu.Instance, x);

    /// <summary>ln(1 + eˣ).</summary>
    public static Node Softplus(Node x) => x.Graph.Apply(Ops.Softplus.Instance, x);

    /// <summary>x².</summary>
    public static Node Square(Node x) => x.Graph.Apply(Ops.Square.Instance, x);

    // ---- element-wise, two or three arguments (broadcasting) ----------------------------------

    /// <summary>a + b.</summary>
    public static Node Add(Node a, Node b) => Binary(Ops.Add.Instance, a, b);

    /// <summary>a − b.</summary>
    public static Node Sub(Node a, Node b) => Binary(Ops.Sub.Instance, a, b);

    /// <summary>a · b.</summary>
    public static Node Mul(Node a, Node b) => Binary(Ops.Mul.Instance, a, b);

    /// <summary>a / b.</summary>
    public static Node Div(Node a, Node b) => Binary(Ops.Div.Instance, a, b);

    /// <summary>aᵇ.</summary>
    public static Node Pow(Node a, Node b) => Binary(Ops.Pow.Instance, a, b);

    /// <summary>aᵇ for a constant exponent.</summary>
    public static Node Pow(Node a, double b) => Pow(a, a.Graph.Constant(b, a.DType));

    /// <summary>Element-wise max(a, b).</summary>
    public static Node Maximum(Node a, Node b) => Binary(Ops.Maximum.Instance, a, b);

    /// <summary>Element-wise min(a, b).</summary>
    public static Node Minimum(Node a, Node b) => Binary(Ops.Minimum.Instance, a, b);

    /// <summary>1 where a &lt; b, else 0.</summary>
    public static Node Less(Node a, Node b) => Binary(Comparison.Less, a, b);

    /// <summary>1 where a ≤ b, else 0.</summary>
    public static Node LessEqual(Node a, Node b) => Binary(Comparison.LessEqual, a, b);

    /// <summary>1 where a &gt; b, else 0.</summary>
    public static Node Greater(Node a, Node b) => Binary(Comparison.Greater, a, b);

    /// <summary>1 where a ≥ b, else 0.</summary>
    public static Node GreaterEqual(Node a, Node b) => Binary(Comparison.GreaterEqual, a, b);

    /// <summary>1 where a = b, else 0.</summary>
    public static Node Equal(Node a, Node b) => Binary(Comparison.Equal, a, b);

    /// <summary>1 where a ≠ b, else 0.</summary>
    public static Node NotEqual(Node a, Node b) => Binary(Comparison.NotEqual, a, b);

    /// <summary>a where <paramref name="condition"/> ≠ 0, else b (all three broadcast together).</summary>
    public static Node Where(Node condition, Node a, Node b)
    {
        var shape = BroadcastShape(a, Ops.Where.Instance, a.Shape, b.Shape);
        shape = BroadcastShape(a, Ops.Where.Instance, condition.Shape, shape);
        return a.Graph.Apply(Ops.Where.Instance, Broadcast(condition, shape), Broadcast(a, shape), Broadcast(b, shape));
    }

    /// <summary>Applies a binary element-wise op after broadcasting both operands to their common shape.</summary>
    public static Node Binary(BinaryElementwiseOp op, Node a, Node b)
    {
        if (a.Shape == b.Shape) return a.Graph.Apply(op, a, b);
        var shape = BroadcastShape(a, op, a.Shape, b.Shape);
        return a.Graph.Apply(op, Broadcast(a, shape), Broadcast(b, shape));
    }

    private static Shape BroadcastShape(Node at, Op op, Shape a, Shape b) =>
        Shape.TryBroadcast(a, b) ?? throw Error(at, $"{op.Name}: cannot broadcast {a} with {b}");

    // ---- structure ------------------------------------------------------------------------------

    /// <summary>x stretched to <paramref name="shape"/> under NumPy rules (x itself when the shapes agree).</summary>
    public static Node Broadcast(Node x, Shape shape) => x.Shape == shape ? x : x.Graph.Apply(new Ops.Broadcast(shape), x);

    /// <summary>x summed down to <paramref name="shape"/>, the adjoint of <see cref="Broadcast"/>.</summary>
    public static Node SumTo(Node x, Shape shape) => x.Shape == shape ? x : x.Graph.Apply(new Ops.SumTo(shape), x);

    /// <summary>x with its elements reinterpreted as <paramref name="shape"/>.</summary>
    public static Node Reshape(Node x, Shape shape) => x.Shape == shape ? x : x.Graph.Apply(new Ops.Reshape(shape), x);

    /// <summary>x with axes permuted; without a permutation, the axes are reversed (a matrix transpose).</summary>
    public static Node Transpose(Node x, params int[] permutation)
    {
        if (x is null) throw new ArgumentNullException(nameof(x));
        if (permutation is null) throw new ArgumentNullException(nameof(permutation));
        var perm = permutation.Length == 0 ? Enumerable.Range(0, x.Rank).Reverse().ToArray() : (int[])permutation.Clone();
        var op = new Ops.Transpose(perm);
        // The op's own check runs before the identity shortcut: (0, 1, 2) on a matrix is an error, not a no-op.
        x.Graph.InferType(op, new[] { x });
        if (perm.Select((p, i) => p == i).All(b => b)) return x;
        return x.Graph.Apply(op, x);
    }

    /// <summary>
    /// x[start:stop] along the leading axis, with Python's conventions: negative indices count from
    /// the end, <c>null</c> means the beginning or the end, out-of-range bounds are clipped.
    /// </summary>
    public static Node Slice(Node x, int? start, int? stop)
    {
        if (x.Rank == 0) throw Error(x, $"slice: cannot slice a scalar");
        if (!x.Shape[0].IsStatic) throw Error(x, $"slice: the leading axis of {x.Shape} must have a static size");
        int n = x.Shape[0].Size;
        int Clip(int? i, int dflt) => i is null ? dflt : Math.Min(n, Math.Max(0, i.Value < 0 ? i.Value + n : i.Value));
        int a = Clip(start, 0), b = Math.Max(a, Clip(stop, n));
        return a == 0 && b == n ? x : x.Graph.Apply(new Ops.Slice(a, b), x);
    }

    /// <summary>x[i] along the leading axis (negative i counts from the end); drops that axis.</summary>
    public static Node Index(Node x, int i)
    {
        if (x.Rank == 0) throw Error(x, "index: cannot index a scalar");
        if (!x.Shape[0].IsStatic) throw Error(x, $"index: the leading axis of {x.Shape} must have a static size");
        int n = x.Shape[0].Size, k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) throw Error(x, $"index: {i} is out of range for {x.Shape}");
        return Reshape(x.Graph.Apply(new Ops.Slice(k, k + 1), x), x.Shape.Skip(1));
    }

    /// <summary>Joins nodes along the leading axis.</summary>
    public static Node Concat(params Node[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("concat needs at least one input.", nameof(parts));
        return parts.Length == 1 ? parts[0] : parts[0].Graph.Apply(Ops.Concat.Instance, parts);
    }

    /// <summary>
    /// Σₖ pad(<paramref name="pieces"/>[k], <paramref name="offsets"/>[k]) along the leading axis, into zeros of leading
    /// size <paramref name="length"/>: y[offsets[k] + j, …] += pieces[k][j, …]. Pieces may overlap (they add) and
    /// need not cover the result. The adjoint of slicing; a piece that is all zeros is left out, and one
    /// piece covering the whole result is returned as it is.
    /// </summary>
    public static Node Scatter(int length, IReadOnlyList<int> offsets, IReadOnlyList<Node> pieces)
    {
        if (offsets is null) throw new ArgumentNullException(nameof(offsets));
        if (pieces is null) throw new ArgumentNullException(nameof(pieces));
        if (pieces.Count == 0) throw new ArgumentException("scatter needs at least one piece.", nameof(pieces));
        if (offsets.Count != pieces.Count) throw new ArgumentException($"scatter: {pieces.Count} pieces for {offsets.Count} offsets.", nameof(offsets));
        var keptOffsets = new List<int>(offsets.Count);
        var kept = new List<Node>(pieces.Count);
        for (int k = 0; k < pieces.Count; k++)
        {
            if (pieces[k] is null) throw new ArgumentNullException(nameof(pieces), $"Piece {k} is null.");
            if (IsConstant(pieces[k]) && pieces[k].Op is Ops.Broadcast && ScalarConstant(pieces[k].Inputs[0]) is 0.0) continue;
            keptOffsets.Add(offsets[k]);
            kept.Add(pieces[k]);
        }
        var graph = pieces[0].Graph;
        if (kept.Count == 0)
        {
            var (shape, dtype) = graph.InferType(new Ops.Scatter(length, offsets), pieces);
            return Zeros(shape, dtype, graph);
        }
        if (kept.Count == 1 && keptOffsets[0] == 0 && kept[0].Rank > 0 && kept[0].Shape[0].IsStatic && kept[0].Shape[0].Size == length) return kept[0];
        return graph.Apply(new Ops.Scatter(length, keptOffsets), kept.ToArray());
    }

    /// <summary>
    /// The elements <paramref name="sources"/> picks from <paramref name="inputs"/> flattened and joined in
    /// order (static shapes): y[e] = X[sources[e]], a vector of <c>sources.Count</c> elements.
    /// </summary>
    public static Node Gather(IReadOnlyList<Node> inputs, IReadOnlyList<int> sources)
    {
        if (inputs is null) throw new ArgumentNullException(nameof(inputs));
        if (sources is null) throw new ArgumentNullException(nameof(sources));
        if (inputs.Count == 0) throw new ArgumentException("gather needs at least one input.", nameof(inputs));
        return inputs[0].Graph.Apply(new Ops.Gather(sources), inputs.ToArray());
    }

    /// <summary>x with <paramref name="before"/> and <paramref name="after"/> zero rows added along the leading axis (a one-piece <see cref="Scatter"/>).</summary>
    public static Node Pad(Node x, int before, int after)
    {
        if (x is null) throw new ArgumentNullException(nameof(x));
        if (x.Rank == 0) throw Error(x, "pad: cannot pad a scalar");
        if (!x.Shape[0].IsStatic) throw Error(x, $"pad: the leading axis of {x.Shape} must have a static size");
        if (before < 0 || after < 0) throw Error(x, $"pad: {before} and {after} rows: the counts must not be negative");
        return Scatter(before + x.Shape[0].Size + after, new[] { before }, new[] { x });
    }

    /// <summary>Stacks nodes of equal shape along a new leading axis.</summary>
    public static Node Stack(params Node[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("stack needs at least one input.", nameof(parts));
        var shape = new Shape(new Dim[] { 1 }.Concat(parts[0].Shape));
        return parts[0].Graph.Apply(Ops.Concat.Instance, parts.Select(p => Reshape(p, shape)).ToArray());
    }

    // ---- reductions -----------------------------------------------------------------------------

    /// <summary>Σ over <paramref name="axis"/> (negative counts from the end), or over everything when null.</summary>
    public static Node Sum(Node x, int? axis = null) => x.Graph.Apply(new Ops.Sum(Axis(x, axis, "sum")), x);

    /// <summary>The maximum over <paramref name="axis"/>, or over everything when null.</summary>
    public static Node Max(Node x, int? axis = null) => x.Graph.Apply(new Ops.Max(Axis(x, axis, "max")), x);

    /// <summary>The mean over <paramref name="axis"/>, or over everything when null: a sum divided by the (possibly symbolic) count.</summary>
    public static Node Mean(Node x, int? axis = null)
    {
        var a = Axis(x, axis, "mean");
        var count = Size(x.Graph, a is null ? (IEnumerable<Dim>)x.Shape : new[] { x.Shape[a.Value] }, x.DType);
        return Sum(x, a) / count;
    }

    /// <summary>
    /// Broadcasts a reduced value back to <paramref name="full"/>: reinserts the reduced axis as size 1
    /// and stretches it (the shape of every reduction's VJP).
    /// </summary>
    public static Node Unreduce(Node reduced, Shape full, int? axis)
    {
        if (axis is not null) reduced = Reshape(reduced, full.WithAxis(axis.Value, 1));
        return Broadcast(reduced, full);
    }

    private static int? Axis(Node x, int? axis, string op)
    {
        if (axis is null) return null;
        int a = axis.Value < 0 ? axis.Value + x.Rank : axis.Value;
        if (a < 0 || a >= x.Rank) throw Error(x, $"{op}: axis {axis} is out of range for shape {x.Shape}");
        return a;
    }

    private static int Axis(Node x, int axis, string op) => Axis(x, (int?)axis, op)!.Value;

    /// <summary>A shape error located where the graph is currently being built from (model files).</summary>
    private static ShapeException Error(Node at, string message) => new ShapeException(message, at.Graph.CurrentOrigin);

    // ---- linear algebra -------------------------------------------------------------------------

    /// <summary>
    /// Matrix product with NumPy's rules for vectors: [m,k]·[k,n] → [m,n]; [m,k]·[k] → [m];
    /// [k]·[k,n] → [n]; [k]·[k] → [] (the dot product).
    /// </summary>
    public static Node MatMul(Node a, Node b)
    {
        if (a.Rank == 0 || b.Rank == 0 || a.Rank > 2 || b.Rank > 2)
            throw Error(a, $"matmul: cannot multiply {a.Shape} by {b.Shape}");
        var a2 = a.Rank == 1 ? Reshape(a, new Shape(1, a.Shape[0])) : a;
        var b2 = b.Rank == 1 ? Reshape(b, new Shape(b.Shape[0], 1)) : b;
        if (a2.Shape[1] != b2.Shape[0]) throw Error(a, $"matmul: cannot multiply {a.Shape} by {b.Shape}");
        var y = a.Graph.Apply(Ops.MatMul.Instance, a2, b2);
        if (a.Rank == 2 && b.Rank == 2) return y;
        var dims = new List<Dim>();
        if (a.Rank == 2) dims.Add(a.Shape[0]);
        if (b.Rank == 2) dims.Add(b.Shape[1]);
        return Reshape(y, new Shape(dims));
    }

    // ---- neural-network functions ---------------------------------------------------------------

    /// <summary>softmax along <paramref name="axis"/> (the last by default), stable.</summary>
    public static Node Softmax(Node x, int axis = -1) => x.Graph.Apply(new Ops.Softmax(Axis(x, axis, "softmax")), x);

    /// <summary>log_softmax along <paramref name="axis"/> (the last by default), stable.</summary>
    public static Node LogSoftmax(Node x, int axis = -1) => x.Graph.Apply(new Ops.LogSoftmax(Axis(x, axis, "log_softmax")), x);

    /// <summary>logsumexp along <paramref name="axis"/> (the last by default; removed), stable.</summary>
    public static Node LogSumExp(Node x, int axis = -1) => x.Graph.Apply(new Ops.LogSumExp(Axis(x, axis, "logsumexp")), x);

    /// <summary>−Σ y ⊙ ln p along the last axis, for probabilities p.</summary>
    public static Node CrossEntropy(Node p, Node y) => p.Graph.Apply(Ops.CrossEntropy.Instance, p, y);

    /// <summary>−Σ y ⊙ log_softmax(z) along the last axis, computed stably from logits z.</summary>
    public static Node CrossEntropyLogits(Node z, Node y) => z.Graph.Apply(Ops.CrossEntropyLogits.Instance, z, y);
}
