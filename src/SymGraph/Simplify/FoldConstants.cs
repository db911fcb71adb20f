using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// Constant folding. An op whose inputs are all constants is evaluated once, with the op's own
/// reference <see cref="Op.Evaluate"/> (rounded to f32 like the interpreter), so folding is exact.
/// Derivative graphs are full of <c>broadcast(const c)</c>: such uniform values are folded as scalars
/// and stay a broadcast of a scalar at any size (symbolic shapes included) rather than becoming big
/// tensors; other constant tensors are materialized up to <see cref="SimplifyOptions.MaxFoldedElements"/>.
/// </summary>
public sealed class FoldConstants : RulePass
{
    private const long MaxSummedCopies = 1 << 24;

    /// <summary>The pass.</summary>
    public static FoldConstants Instance { get; } = new();

    private FoldConstants() : base("fold-constants", CreateRules()) { }

    private static Rule[] CreateRules() => new[]
    {
        // f(c₁, …, cₖ) -> broadcast(f(c₁, …, cₖ)) for an element-wise f on uniform constants: every
        // element is the same scalar function of the same scalars, so one evaluation gives them all.
        Rule.Create("fold-uniform-elementwise", RuleKind.Exact, Rule.On(typeof(UnaryElementwiseOp), typeof(BinaryElementwiseOp), typeof(Where)), (n, c) =>
        {
            if (n.Op is not (UnaryElementwiseOp or BinaryElementwiseOp or Where)) return null;
            foreach (var x in n.Inputs)
                if (!IsUniformCandidate(x)) return null; // the common case, decided without allocating
            var args = new Tensor[n.Inputs.Count];
            for (int i = 0; i < args.Length; i++)
            {
                if (c.Uniform(n.Inputs[i]) is not double v) return null;
                args[i] = Tensor.Scalar(v, n.Inputs[i].DType);
            }
            var value = n.Op.Evaluate(n, args, new EvaluationContext()).Data[0];
            return Patterns.Uniform(n.Graph, Patterns.Round(value, n.DType), n.Shape, n.DType);
        }),

        // reshape / transpose / slice / broadcast (uniform c) -> broadcast(c); concat(c, c, …) -> broadcast(c).
        // Moving elements around a tensor whose elements are all equal changes nothing but the shape.
        Rule.Create("fold-uniform-structural", RuleKind.Exact, Rule.On(typeof(Broadcast), typeof(Reshape), typeof(Transpose), typeof(Slice), typeof(Concat)), (n, c) =>
        {
            if (Patterns.IsCanonicalUniform(n)) return null;
            double? v = n.Op switch
            {
                Broadcast or Reshape or Transpose or Slice => c.Uniform(n.Inputs[0]),
                Concat => AllSame(n.Inputs, c),
                _ => null,
            };
            return v is double value ? Patterns.Uniform(n.Graph, value, n.Shape, n.DType) : null;
        }),

        // sum(c over k elements) -> broadcast(c + c + … + c); max(c over k ≥ 1 elements) -> broadcast(c).
        // The k-fold sum is computed in the interpreter's order (from +0, left to right), not as k·c,
        // which rounds differently. A sum of zeros is +0 for any k, symbolic sizes included.
        Rule.Create("fold-uniform-reduction", RuleKind.Exact, Rule.On(typeof(Sum), typeof(SumTo), typeof(Max)), (n, c) =>
        {
            if (n.Op is not (Sum or SumTo or Max)) return null;
            if (c.Uniform(n.Inputs[0]) is not double v) return null;
            long? k = Copies(n);
            double r;
            if (n.Op is Max)
            {
                if (k is not long count || count > MaxSummedCopies) return null;
                r = double.NegativeInfinity;
                for (long i = 0; i < count; i++)
                {
                    if (double.IsNaN(v)) { r = v; break; }
                    if (v > r) r = v;
                }
            }
            else if (v == 0)
            {
                r = 0.0; // +0 + (±0) = +0
            }
            else
            {
                if (k is not long count || count > MaxSummedCopies) return null;
                r = 0.0;
                for (long i = 0; i < count; i++) r += v;
            }
            return Patterns.Uniform(n.Graph, Patterns.Round(r, n.DType), n.Shape, n.DType);
        }),

        // op(constant tensors) -> const(op evaluated), for static shapes up to MaxFoldedElements.
        Rule.Create("fold-dense", RuleKind.Exact, (n, c) =>
        {
            if (n.Op is Leaf or Constant || n.Inputs.Count == 0 || Patterns.IsCanonicalUniform(n)) return null;
            int limit = c.Options.MaxFoldedElements;
            if (!n.Shape.IsStatic || n.Shape.ElementCount > limit) return null;
            foreach (var x in n.Inputs)
                if (!IsUniformCandidate(x)) return null;
            var args = new Tensor[n.Inputs.Count];
            for (int i = 0; i < args.Length; i++)
            {
                var arg = Materialize(n.Inputs[i], c, limit);
                if (arg is null) return null;
                args[i] = arg;
            }
            var value = n.Op.Evaluate(n, args, new EvaluationContext());
            if (n.DType == DType.Float32) Tensor.RoundToFloat32(value.Data);
            return n.Graph.Constant(value);
        }),
    };

    // Only constants and broadcasts of constants can be uniform or materialized (SimplifyContext.Uniform, Materialize).
    private static bool IsUniformCandidate(Node x) => x.Op is Constant || (x.Op is Broadcast && x.Inputs[0].Op is Constant);

    private static double? AllSame(IReadOnlyList<Node> nodes, SimplifyContext c)
    {
        double? first = null;
        foreach (var x in nodes)
        {
            if (c.Uniform(x) is not double v) return null;
            if (first is null) first = v;
            else if (!Patterns.SameBits(first.Value, v)) return null;
        }
        return first;
    }

    // How many input elements a reduction folds into each output element (static shapes only).
    private static long? Copies(Node n)
    {
        Shape x = n.Inputs[0].Shape, y = n.Shape;
        if (!x.IsStatic || !y.IsStatic) return null;
        long outCount = y.ElementCount;
        return outCount == 0 ? 0 : x.ElementCount / outCount;
    }

    // The value of a constant or uniform node as a tensor, or null when it is neither or too big.
    private static Tensor? Materialize(Node x, SimplifyContext c, int limit)
    {
        if (x.Op is Constant k) return k.Value.Length <= limit ? k.Value : null;
        if (c.Uniform(x) is not double v || !x.Shape.IsStatic || x.Shape.ElementCount > limit) return null;
        var data = new double[x.Shape.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = v;
        var dims = new int[x.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = x.Shape[i].Size;
        return new Tensor(dims, data, x.DType);
    }
}
