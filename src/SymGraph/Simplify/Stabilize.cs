using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// Stable rewrites (PyTensor's "stabilize" phase): compositions that overflow, underflow to
/// <c>log 0</c> or produce NaN for large arguments become the stable first-class ops that compute the
/// same function (<c>log(softmax(x)) → log_softmax(x)</c>). They agree with the original wherever the
/// original is finite, up to rounding, and give the correct finite value where it is not. None runs
/// under <see cref="SimplifyOptions.ExactOnly"/>.
/// </summary>
public sealed class Stabilize : RulePass
{
    /// <summary>The pass.</summary>
    public static Stabilize Instance { get; } = new();

    private Stabilize() : base("stabilize", CreateRules()) { }

    /// <summary>
    /// <paramref name="outputs"/> in their stable forms: this pass alone, to its fixed point, on their
    /// graph. What the interpreter evaluates and what Autodiff differentiates (compiled code gets the
    /// same rewrites from the whole pipeline).
    /// </summary>
    internal static Node[] Forms(IReadOnlyList<Node> outputs) => Simplifier.Simplify(outputs, new SimplifyOptions { Passes = OnlyThis });

    private static readonly Pass[] OnlyThis = { Instance };

    /// <summary>
    /// False when no rule of this pass can fire on a graph with these nodes: every rule's pattern holds a
    /// log, a cross-entropy, a log_softmax or a quotient (keep in step with the table below). Lets the
    /// interpreter skip the private copy for graphs that have no stable form to take.
    /// </summary>
    internal static bool MayRewrite(IEnumerable<Node> nodes)
    {
        foreach (var n in nodes)
            if (n.Op is Log or CrossEntropy or LogSoftmax or Div) return true;
        return false;
    }

    private static Node Binary(Op op, Node a, Node b) => a.Graph.Apply(op, a, b);

    private static int LastAxis(Node x) => x.Rank - 1;

    private static Rule[] CreateRules() => new[]
    {
        // log(softmax(x)) -> log_softmax(x) along the same axis. softmax underflows to 0 for logits far
        // below the maximum, and log 0 = −∞; log_softmax computes x − max − log Σ e^(x−max) directly.
        Rule.Create("log-of-softmax", RuleKind.Stabilizing, Rule.On(typeof(Log)), (n, c) =>
            n.Op is Log && n.Inputs[0].Op is Softmax s ? Sym.LogSoftmax(n.Inputs[0].Inputs[0], s.Axis) : null),

        // log σ(x) -> −softplus(−x). σ(x) underflows to 0 for x ≲ −745 (log gives −∞, the answer is ≈ x);
        // softplus is evaluated stably. Adds a node (three for two), so it is allowed to grow the graph.
        Rule.Growing("log-of-sigmoid", RuleKind.Stabilizing, Rule.On(typeof(Log)), (n, c) =>
            n.Op is Log && n.Inputs[0].Op is Sigmoid ? Sym.Neg(Sym.Softplus(Sym.Neg(n.Inputs[0].Inputs[0]))) : null),

        // log(1 − σ(x)) -> −softplus(x). 1 − σ(x) rounds to 0 for x ≳ 37.
        Rule.Create("log-of-one-minus-sigmoid", RuleKind.Stabilizing, Rule.On(typeof(Log)), (n, c) =>
        {
            if (n.Op is not Log) return null;
            var d = n.Inputs[0];
            return d.Op is Sub && c.IsUniform(d.Inputs[0], 1.0) && d.Inputs[1].Op is Sigmoid
                ? Sym.Neg(Sym.Softplus(d.Inputs[1].Inputs[0]))
                : null;
        }),

        // log(exp x) -> x. exp overflows to ∞ for x > 709.78 and underflows to 0 below −745.
        Rule.Create("log-of-exp", RuleKind.Stabilizing, Rule.On(typeof(Log)), (n, c) =>
            n.Op is Log && n.Inputs[0].Op is Exp ? n.Inputs[0].Inputs[0] : null),

        // log(sum(exp x, axis)) -> logsumexp(x, axis) (a vector summed whole counts as axis 0). The sum
        // of exponentials overflows for large x; logsumexp shifts by the maximum first.
        Rule.Create("log-of-sum-exp", RuleKind.Stabilizing, Rule.On(typeof(Log)), (n, c) =>
        {
            if (n.Op is not Log || n.Inputs[0].Op is not Sum s || n.Inputs[0].Inputs[0].Op is not Exp) return null;
            var x = n.Inputs[0].Inputs[0].Inputs[0];
            if (s.Axis is int axis) return Sym.LogSumExp(x, axis);
            return x.Rank == 1 ? Sym.LogSumExp(x, 0) : null;
        }),

        // cross_entropy(softmax(z), y) -> cross_entropy_logits(z, y) when the softmax runs along the last
        // axis (the axis the cross-entropy sums over). The probabilities of far-below-max logits round to
        // 0 and −y·log 0 is ∞ or NaN; the logits form never takes the log of a probability.
        Rule.Create("cross-entropy-of-softmax", RuleKind.Stabilizing, Rule.On(typeof(CrossEntropy)), (n, c) =>
            n.Op is CrossEntropy && n.Inputs[0].Op is Softmax s && s.Axis == LastAxis(n.Inputs[0])
                ? Sym.CrossEntropyLogits(n.Inputs[0].Inputs[0], n.Inputs[1])
                : null),

        // −Σ_last (y ⊙ log_softmax(z)) -> cross_entropy_logits(z, y): the cross-entropy written out by
        // hand (after log-of-softmax has fired), fused into the one stable op.
        Rule.Create("cross-entropy-written-out", RuleKind.Stabilizing, Rule.On(typeof(Neg)), (n, c) =>
        {
            if (n.Op is not Neg || n.Inputs[0].Op is not Sum s) return null;
            var product = n.Inputs[0].Inputs[0];
            if (product.Op is not Mul || product.Rank == 0) return null;
            if (s.Axis != LastAxis(product) && !(s.Axis is null && product.Rank == 1)) return null;
            for (int i = 0; i < 2; i++)
                if (product.Inputs[i].Op is LogSoftmax ls && ls.Axis == LastAxis(product))
                    return Sym.CrossEntropyLogits(product.Inputs[i].Inputs[0], Patterns.Other(product, i));
            return null;
        }),

        // (b / a) · a -> b and (b / a) · (a · d) -> b · d, in either order, and the same with −(b / a)
        // giving −b and −(b · d). Derivative rules make these: the VJP of log p is ȳ/p, then the VJP of
        // p = softmax(z) multiplies by p, that of p = σ(x) by p·(1 − p). Where a = 0 or ±∞ the original
        // is 0·∞ or ∞·0 = NaN and the replacement is the limit; elsewhere they agree up to rounding.
        Rule.Create("mul-div-cancel", RuleKind.Stabilizing, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
            {
                if (!Patterns.IsQuotient(n.Inputs[i], out var b, out var a, out bool negated)) continue;
                var m = Patterns.Other(n, i);
                Node? r = null;
                if (ReferenceEquals(m, a)) r = b;
                else if (m.Op is Mul && ReferenceEquals(m.Inputs[0], a)) r = Binary(Mul.Instance, b, m.Inputs[1]);
                else if (m.Op is Mul && ReferenceEquals(m.Inputs[1], a)) r = Binary(Mul.Instance, b, m.Inputs[0]);
                if (r is not null) return negated ? Sym.Neg(r) : r;
            }
            return null;
        }),

        // a · (b / a − d) -> b − a·d (and −b − a·d for −(b / a)): the softmax VJP y ⊙ (v − Σ(v ⊙ y))
        // applied to v = ȳ/y, distributed so that y cancels. Same hazard and limit as mul-div-cancel.
        Rule.Create("mul-sub-div-cancel", RuleKind.Stabilizing, Rule.On(typeof(Mul)), (n, c) =>
        {
            if (n.Op is not Mul) return null;
            for (int i = 0; i < 2; i++)
            {
                var a = n.Inputs[i];
                var diff = Patterns.Other(n, i);
                if (diff.Op is not Sub) continue;
                if (!Patterns.IsQuotient(diff.Inputs[0], out var b, out var den, out bool negated) || !ReferenceEquals(den, a)) continue;
                var ad = Binary(Mul.Instance, a, diff.Inputs[1]);
                return Binary(Sub.Instance, negated ? Sym.Neg(b) : b, ad);
            }
            return null;
        }),
    };
}
