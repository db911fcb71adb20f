using System;

namespace SymGraph.Ops;

/// <summary>Scalar helpers of the kernels-like ops (element-wise formulas live in <see cref="Formulas"/>).</summary>
internal static class MathUtil
{
    /// <summary>
    /// x − m for a run shifted by its maximum m, with x = m giving 0 also when m is ±∞ (where x − m
    /// would be NaN). The rule behind softmax, log_softmax, logsumexp and cross_entropy_logits with
    /// infinite entries: softmax is shift-invariant, so the entries equal to an infinite maximum share
    /// the mass equally (softmax([+∞, 1, +∞]) = [½, 0, ½], logsumexp = +∞) and a run of all −∞ is
    /// uniform (its logsumexp is −∞). For a finite m it is exactly x − m. A NaN anywhere makes m NaN.
    /// </summary>
    public static double ShiftByMax(double x, double max) => x == max ? 0.0 : x - max;
}
