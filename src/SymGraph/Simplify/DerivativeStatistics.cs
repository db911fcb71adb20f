using System.Globalization;
using System.Text;

namespace SymGraph.Simplify;

/// <summary>
/// Node counts of a function, of the function with its gradient, and of its dense Hessian, each before
/// and after simplification (see <see cref="GraphStatistics.Derivatives"/>).
/// </summary>
public sealed class DerivativeStatistics
{
    internal DerivativeStatistics(StageCounts function, StageCounts gradient, StageCounts? hessian)
    {
        Function = function;
        Gradient = gradient;
        Hessian = hessian;
    }

    /// <summary>The nodes the cost depends on.</summary>
    public StageCounts Function { get; }

    /// <summary>The nodes the cost and its gradient depend on together.</summary>
    public StageCounts Gradient { get; }

    /// <summary>The nodes the dense Hessian's entries depend on, when it was asked for.</summary>
    public StageCounts? Hessian { get; }

    /// <summary>(function + gradient) / function, after simplification: the cost of a gradient in units of the function.</summary>
    public double GradientRatio => (double)Gradient.After.Total / Function.After.Total;

    /// <summary>A small table: one row per stage, before and after.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("stage     before    after\n");
        foreach (var s in new[] { Function, Gradient, Hessian })
            if (s is not null)
                sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-8}{1,8}{2,9}\n", s.Stage, s.Before.Total, s.After.Total));
        sb.Append(string.Format(CultureInfo.InvariantCulture, "gradient ratio (after): {0:F2}\n", GradientRatio));
        return sb.ToString();
    }
}
