using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>
/// A forward interval analysis over the graph: a <see cref="ValueRange"/> per node, from its inputs'
/// ranges and the op's transfer function. Rules that are exact only for some inputs (<c>x + 0 → x</c>
/// unless x may be −0, <c>x − x → 0</c> for finite x, <c>exp(log x) → x</c> for x ≥ 0) ask it.
/// Memoized per node and computed iteratively, so deep chains are fine. Unknown ops get
/// <see cref="ValueRange.Unknown"/>.
/// </summary>
internal sealed class ValueRanges
{
    private static readonly double Inf = double.PositiveInfinity;
    private readonly Dictionary<Node, ValueRange> _memo = new();
    private readonly bool _finiteLeaves;

    public ValueRanges(bool assumeFiniteLeaves) => _finiteLeaves = assumeFiniteLeaves;

    /// <summary>The range of <paramref name="node"/>.</summary>
    public ValueRange Of(Node node)
    {
        if (_memo.TryGetValue(node, out var r)) return r;
        // Post-order over the inputs not analysed yet (explicit stack: no recursion).
        var stack = new Stack<(Node node, int next)>();
        stack.Push((node, 0));
        while (stack.Count > 0)
        {
            var (n, next) = stack.Pop();
            if (next < n.Inputs.Count)
            {
                stack.Push((n, next + 1));
                var child = n.Inputs[next];
                if (!_memo.ContainsKey(child)) stack.Push((child, 0));
            }
            else if (!_memo.ContainsKey(n))
            {
                _memo[n] = Transfer(n);
            }
        }
        return _memo[node];
    }

    private ValueRange In(Node n, int i) => _memo[n.Inputs[i]];

    private ValueRange Transfer(Node n)
    {
        switch (n.Op)
        {
            case Leaf:
                return _finiteLeaves ? new ValueRange(-double.MaxValue, double.MaxValue, false, true) : ValueRange.Unknown;
            case Constant c:
                return OfData(c.Value.Data);
            case DimSize:
                return new ValueRange(0, double.MaxValue, false, false);
            case Broadcast or Reshape or Transpose or Slice:
                return In(n, 0);
            case Concat:
                {
                    var r = In(n, 0);
                    for (int i = 1; i < n.Inputs.Count; i++) r = r.Union(In(n, i));
                    return r;
                }
            case Sum or SumTo:
                return Summed(In(n, 0), Count(n));
            case Max:
                {
                    var x = In(n, 0);
                    // An empty run gives −∞.
                    return Count(n) is long k && k > 0 ? x : x.Union(new ValueRange(double.NegativeInfinity, double.NegativeInfinity, false, false));
                }
            case Neg:
                {
                    var x = In(n, 0);
                    return new ValueRange(-x.Hi, -x.Lo, x.MayBeNaN, x.MayBePositiveZero);
                }
            case Exp:
                {
                    var x = In(n, 0);
                    return new ValueRange(Math.Exp(x.Lo), Math.Exp(x.Hi), x.MayBeNaN, false);
                }
            case Log:
                {
                    var x = In(n, 0);
                    return new ValueRange(Math.Log(Math.Max(x.Lo, 0)), Math.Log(Math.Max(x.Hi, 0)), x.MayBeNaN || x.Lo < 0, false);
                }
            case Sqrt:
                {
                    var x = In(n, 0);
                    return new ValueRange(Math.Sqrt(Math.Max(x.Lo, 0)), Math.Sqrt(Math.Max(x.Hi, 0)), x.MayBeNaN || x.Lo < 0, x.MayBeNegativeZero);
                }
            case Abs:
                {
                    var x = In(n, 0);
                    double lo = x.Lo >= 0 ? x.Lo : x.Hi <= 0 ? -x.Hi : 0;
                    return new ValueRange(lo, Math.Max(Math.Abs(x.Lo), Math.Abs(x.Hi)), x.MayBeNaN, false);
                }
            case Square:
                {
                    var x = In(n, 0);
                    double lo = x.Lo >= 0 ? x.Lo * x.Lo : x.Hi <= 0 ? x.Hi * x.Hi : 0;
                    double hi = Math.Max(x.Lo * x.Lo, x.Hi * x.Hi);
                    return new ValueRange(lo, hi, x.MayBeNaN, false);
                }
            case Sign:
                {
                    var x = In(n, 0);
                    return new ValueRange(x.Lo > 0 ? 1 : x.Lo < 0 ? -1 : 0, x.Hi < 0 ? -1 : x.Hi > 0 ? 1 : 0, x.MayBeNaN, false);
                }
            case Sin or Cos:
                {
                    var x = In(n, 0);
                    return new ValueRange(-1, 1, !x.IsFinite, n.Op is Sin && x.MayBeNegativeZero || n.Op is Sin && x.Lo < 0);
                }
            case Tanh:
                {
                    var x = In(n, 0);
                    return new ValueRange(Math.Tanh(x.Lo), Math.Tanh(x.Hi), x.MayBeNaN, x.MayBeNegativeZero || x.Lo < 0);
                }
            case Sigmoid:
                {
                    var x = In(n, 0);
                    return new ValueRange(Sigmoid.Instance.Apply(x.Lo), Sigmoid.Instance.Apply(x.Hi), x.MayBeNaN, false);
                }
            case Softplus:
                {
                    var x = In(n, 0);
                    return new ValueRange(Softplus.Instance.Apply(x.Lo), Softplus.Instance.Apply(x.Hi), x.MayBeNaN, false);
                }
            case Relu:
                {
                    var x = In(n, 0);
                    return new ValueRange(Math.Max(x.Lo, 0), Math.Max(x.Hi, 0), x.MayBeNaN, false);
                }
            case Comparison:
                return new ValueRange(0, 1, false, false);
            case Where:
                return In(n, 1).Union(In(n, 2));
            case Ops.Maximum or Ops.Minimum:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    bool max = n.Op is Ops.Maximum;
                    double lo = max ? Math.Max(a.Lo, b.Lo) : Math.Min(a.Lo, b.Lo);
                    double hi = max ? Math.Max(a.Hi, b.Hi) : Math.Min(a.Hi, b.Hi);
                    return new ValueRange(lo, hi, a.MayBeNaN || b.MayBeNaN, a.MayBeNegativeZero || b.MayBeNegativeZero);
                }
            case Add:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    bool nan = a.MayBeNaN || b.MayBeNaN || (a.Hi == Inf && b.Lo == -Inf) || (a.Lo == -Inf && b.Hi == Inf);
                    return new ValueRange(a.Lo + b.Lo, a.Hi + b.Hi, nan, a.MayBeNegativeZero && b.MayBeNegativeZero);
                }
            case Sub:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    bool nan = a.MayBeNaN || b.MayBeNaN || (a.Hi == Inf && b.Hi == Inf) || (a.Lo == -Inf && b.Lo == -Inf);
                    return new ValueRange(a.Lo - b.Hi, a.Hi - b.Lo, nan, a.MayBeNegativeZero && b.MayBePositiveZero);
                }
            case Mul:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    var (lo, hi, nan) = Corners(a, b, (x, y) => x * y);
                    nan |= a.MayBeNaN || b.MayBeNaN;
                    // A product is −0 when a zero or an underflow meets a negative factor.
                    bool negZero = !(a.IsNonNegative && b.IsNonNegative) && !(a.IsNegative && b.IsNegative);
                    return new ValueRange(lo, hi, nan, negZero);
                }
            case Div:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    if (!b.ExcludesZero) return ValueRange.Unknown;
                    var (lo, hi, nan) = Corners(a, b, (x, y) => x / y);
                    nan |= a.MayBeNaN || b.MayBeNaN;
                    bool negZero = !(a.IsNonNegative && b.IsNonNegative) && !(a.IsNegative && b.IsNegative);
                    return new ValueRange(lo, hi, nan, negZero);
                }
            case Pow:
                {
                    ValueRange a = In(n, 0), b = In(n, 1);
                    // A non-negative base gives a non-negative power (or NaN from a NaN operand).
                    return a.IsNonNegative
                        ? new ValueRange(0, Inf, a.MayBeNaN || b.MayBeNaN, false)
                        : ValueRange.Unknown;
                }
            case Softmax:
                {
                    var x = In(n, 0);
                    // ∞ − ∞ inside the shift by the maximum gives NaN for infinite inputs.
                    return new ValueRange(0, 1, x.MayBeNaN || double.IsInfinity(x.Lo) || double.IsInfinity(x.Hi), false);
                }
            default:
                return ValueRange.Unknown;
        }
    }

    private static ValueRange OfData(double[] data)
    {
        double lo = Inf, hi = -Inf;
        bool nan = false, negZero = false;
        foreach (var v in data)
        {
            if (double.IsNaN(v)) { nan = true; continue; }
            if (v < lo) lo = v;
            if (v > hi) hi = v;
            if (v == 0 && BitConverter.DoubleToInt64Bits(v) != 0) negZero = true;
        }
        if (lo > hi) return new ValueRange(0, 0, nan, false); // only NaNs (or empty)
        return new ValueRange(lo, hi, nan, negZero);
    }

    // The extreme values of f over the corners of two intervals; NaN corners (0·∞, ∞/∞) widen the
    // interval and report NaN as possible.
    private static (double lo, double hi, bool nan) Corners(ValueRange a, ValueRange b, Func<double, double, double> f)
    {
        double lo = Inf, hi = -Inf;
        bool nan = false;
        foreach (var x in new[] { a.Lo, a.Hi })
            foreach (var y in new[] { b.Lo, b.Hi })
            {
                double v = f(x, y);
                if (double.IsNaN(v)) { nan = true; lo = -Inf; hi = Inf; continue; }
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        // 0·∞ inside the intervals (not only at corners) is NaN too.
        bool aZero = a.Lo <= 0 && a.Hi >= 0, bZero = b.Lo <= 0 && b.Hi >= 0;
        bool aInf = double.IsInfinity(a.Lo) || double.IsInfinity(a.Hi), bInf = double.IsInfinity(b.Lo) || double.IsInfinity(b.Hi);
        if ((aZero && bInf) || (bZero && aInf)) nan = true;
        return (lo, hi, nan);
    }

    // A sum of k elements of x (k null when unknown). Sums start from +0, so they are never −0.
    private static ValueRange Summed(ValueRange x, long? k)
    {
        bool nan = x.MayBeNaN || (x.Lo == -Inf && x.Hi == Inf);
        if (k is long count)
        {
            // k·bound, widened a little because k rounded additions may exceed one rounded product.
            double widen = 1 + 1e-12 * count;
            double lo = count == 0 ? 0 : x.Lo * count * (x.Lo < 0 ? widen : 1);
            double hi = count == 0 ? 0 : x.Hi * count * (x.Hi > 0 ? widen : 1);
            // Partial sums that overflow both ways meet as ∞ − ∞.
            if (double.IsInfinity(lo) && double.IsInfinity(hi)) nan = true;
            return new ValueRange(Math.Min(lo, 0), Math.Max(hi, 0), nan, false);
        }
        return new ValueRange(x.Lo >= 0 ? 0 : -Inf, x.Hi <= 0 ? 0 : Inf, nan || (x.Lo < 0 && x.Hi > 0), false);
    }

    // How many input elements feed one output element of a reduction, when static.
    private static long? Count(Node n)
    {
        var x = n.Inputs[0].Shape;
        if (!x.IsStatic || !n.Shape.IsStatic) return null;
        long outCount = n.Shape.ElementCount;
        return outCount == 0 ? 0 : x.ElementCount / outCount;
    }
}
