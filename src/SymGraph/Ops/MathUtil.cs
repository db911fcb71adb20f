using System;

namespace SymGraph.Ops;

/// <summary>Scalar helpers missing from <see cref="Math"/> on every target.</summary>
internal static class MathUtil
{
    /// <summary>ln(1 + u), accurate for small u (Goldberg's correction; Math has no Log1p).</summary>
    public static double Log1p(double u)
    {
        double w = 1.0 + u;
        if (w == 1.0) return u;
        if (double.IsInfinity(w)) return w;
        return Math.Log(w) * u / (w - 1.0);
    }

    /// <summary>
    /// x − m for a run shifted by its maximum m, with x = m giving 0 also when m is ±∞ (where x − m
    /// would be NaN). The rule behind softmax, log_softmax, logsumexp and cross_entropy_logits with
    /// infinite entries: softmax is shift-invariant, so the entries equal to an infinite maximum share
    /// the mass equally (softmax([+∞, 1, +∞]) = [½, 0, ½], logsumexp = +∞) and a run of all −∞ is
    /// uniform (its logsumexp is −∞). For a finite m it is exactly x − m. A NaN anywhere makes m NaN.
    /// </summary>
    public static double ShiftByMax(double x, double max) => x == max ? 0.0 : x - max;
}
