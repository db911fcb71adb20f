using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// Broadcast and reshape cleanup: chains of structural ops collapse (<c>reshape(reshape(x))</c>,
/// <c>broadcast(broadcast(x))</c>, <c>transpose(transpose(x))</c>, slices of slices and of concats),
/// identities vanish, and shape changes of a broadcast scalar become one broadcast. All rules move
/// values without arithmetic, so they are exact; the two that replace a one-element sum by a reshape
/// say why they need x ≠ −0.
/// </summary>
public sealed class CleanUpShapes : RulePass
{
    /// <summary>The pass.</summary>
    public static CleanUpShapes Instance { get; } = new();

    private CleanUpShapes() : base("shapes", CreateRules()) { }

    private static Rule[] CreateRules() => new[]
    {
        // broadcast(x, shape of x) -> x; reshape(x, shape of x) -> x; sum_to(x, shape of x) -> x;
        // transpose(x, identity) -> x; slice(x, 0:n) -> x. (The builder never makes these; other
        // producers of graphs may.) sum_to of x onto its own shape adds nothing to each element.
        Rule.Create("identity-shape-op", RuleKind.Exact, Rule.On(typeof(Broadcast), typeof(Reshape), typeof(SumTo), typeof(Transpose), typeof(Slice)), (n, c) => n.Op switch
        {
            Broadcast or Reshape or SumTo when n.Shape == n.Inputs[0].Shape => n.Inputs[0],
            Transpose t when t.Permutation.Select((p, i) => p == i).All(b => b) => n.Inputs[0],
            Slice s when s.Start == 0 && s.Stop == n.Inputs[0].Shape[0].Size => n.Inputs[0],
            _ => null,
        }),

        // broadcast(broadcast(x, s₁), s₂) -> broadcast(x, s₂): broadcasting composes.
        Rule.Create("broadcast-of-broadcast", RuleKind.Exact, Rule.On(typeof(Broadcast)), (n, c) =>
            n.Op is Broadcast b && n.Inputs[0].Op is Broadcast ? Sym.Broadcast(n.Inputs[0].Inputs[0], b.Target) : null),

        // reshape(reshape(x, s₁), s₂) -> reshape(x, s₂) (x itself when s₂ is its shape): row-major order is kept.
        Rule.Create("reshape-of-reshape", RuleKind.Exact, Rule.On(typeof(Reshape)), (n, c) =>
            n.Op is Reshape r && n.Inputs[0].Op is Reshape ? Sym.Reshape(n.Inputs[0].Inputs[0], r.Target) : null),

        // transpose(transpose(x, p), q) -> transpose(x, p∘q) (x itself for the identity).
        Rule.Create("transpose-of-transpose", RuleKind.Exact, Rule.On(typeof(Transpose)), (n, c) =>
        {
            if (n.Op is not Transpose outer || n.Inputs[0].Op is not Transpose inner) return null;
            var perm = outer.Permutation.Select(q => inner.Permutation[q]).ToArray();
            return Sym.Transpose(n.Inputs[0].Inputs[0], perm);
        }),

        // reshape / transpose / slice / broadcast of broadcast(s) or reshape(s), s a scalar -> broadcast(s):
        // every element is s, whatever the arrangement.
        Rule.Create("rearranged-scalar", RuleKind.Exact, Rule.On(typeof(Reshape), typeof(Transpose), typeof(Slice), typeof(Broadcast)), (n, c) =>
        {
            if (n.Op is not (Reshape or Transpose or Slice or Broadcast)) return null;
            var x = n.Inputs[0];
            if (x.Op is not (Broadcast or Reshape) || !x.Inputs[0].Shape.IsScalar) return null;
            return Sym.Broadcast(x.Inputs[0], n.Shape);
        }),

        // broadcast(x, s) -> reshape(x, s) when s only adds axes of size 1 (same element count): a
        // reshape is the simpler op and collapses with neighbouring reshapes. Left alone for
        // constants, whose canonical uniform form is a broadcast.
        Rule.Create("broadcast-as-reshape", RuleKind.Exact, Rule.On(typeof(Broadcast)), (n, c) =>
            n.Op is Broadcast b && n.Inputs[0].Op is not Constant && n.Inputs[0].Shape.SizeKey() == b.Target.SizeKey()
                ? Sym.Reshape(n.Inputs[0], b.Target)
                : null),

        // sum_to(x, s) -> reshape(x, s) and sum(x, axis) -> reshape(x, …) when each output element sums
        // exactly one input element. Exact unless x may be −0: a sum starts from +0 and +0 + (−0) = +0.
        Rule.Create("sum-of-one", RuleKind.Exact, Rule.On(typeof(SumTo), typeof(Sum)), (n, c) =>
        {
            if (n.Op is not (SumTo or Sum)) return null;
            var x = n.Inputs[0];
            if (x.Shape.SizeKey() != n.Shape.SizeKey() || x.Shape.SizeKey() == "0") return null;
            return c.Ranges.Of(x).MayBeNegativeZero ? null : Sym.Reshape(x, n.Shape);
        }),

        // slice(slice(x, a:b), c:d) -> slice(x, a+c : a+d).
        Rule.Create("slice-of-slice", RuleKind.Exact, Rule.On(typeof(Slice)), (n, c) =>
        {
            if (n.Op is not Slice outer || n.Inputs[0].Op is not Slice inner) return null;
            return Sym.Slice(n.Inputs[0].Inputs[0], inner.Start + outer.Start, inner.Start + outer.Stop);
        }),

        // slice(concat(p₀, …, pₖ), a:b) -> slice(pⱼ, …) (pⱼ itself when it is exactly the range) when a:b
        // lies within one part.
        Rule.Create("slice-of-concat", RuleKind.Exact, Rule.On(typeof(Slice)), (n, c) =>
        {
            if (n.Op is not Slice s || n.Inputs[0].Op is not Concat) return null;
            int at = 0;
            foreach (var part in n.Inputs[0].Inputs)
            {
                int len = part.Shape[0].Size;
                if (s.Start >= at && s.Stop <= at + len && (s.Stop > s.Start || len > 0))
                    return Sym.Slice(part, s.Start - at, s.Stop - at);
                at += len;
            }
            return null;
        }),

        // concat(…, slice(x, a:b), slice(x, b:c), …) -> concat(…, slice(x, a:c), …), and x itself when the
        // slices cover it: adjacent slices of one value join back (the VJP of a slice meets the JVP of a concat).
        Rule.Create("concat-of-slices", RuleKind.Exact, Rule.On(typeof(Concat)), (n, c) =>
        {
            if (n.Op is not Concat) return null;
            var parts = new List<(Node source, int start, int stop, Node node)>();
            bool merged = false;
            foreach (var p in n.Inputs)
            {
                var (src, start, stop) = p.Op is Slice s ? (p.Inputs[0], s.Start, s.Stop) : (p, 0, p.Shape[0].Size);
                if (parts.Count > 0 && ReferenceEquals(parts[^1].source, src) && parts[^1].stop == start && (p.Op is Slice || parts[^1].node.Op is Slice))
                {
                    parts[^1] = (src, parts[^1].start, stop, parts[^1].node);
                    merged = true;
                }
                else
                {
                    parts.Add((src, start, stop, p));
                }
            }
            if (!merged) return null;
            var nodes = parts.Select(q => Sym.Slice(q.source, q.start, q.stop)).ToArray();
            return Sym.Concat(nodes);
        }),
    };
}
