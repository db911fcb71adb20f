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
}
