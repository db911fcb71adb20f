namespace SymGraph.Simplify;

/// <summary>Node counts of one stage (function, gradient, Hessian) before and after simplification.</summary>
public sealed class StageCounts
{
    internal StageCounts(string stage, NodeCounts before, NodeCounts after)
    {
        Stage = stage;
        Before = before;
        After = after;
    }

    /// <summary><c>f</c>, <c>f+grad</c> or <c>hessian</c>.</summary>
    public string Stage { get; }

    /// <summary>As built.</summary>
    public NodeCounts Before { get; }

    /// <summary>After <see cref="Simplifier.Simplify(System.Collections.Generic.IReadOnlyList{Node}, SimplifyOptions?)"/>.</summary>
    public NodeCounts After { get; }

    /// <summary><c>f+grad: 120 -> 80</c>.</summary>
    public override string ToString() => $"{Stage}: {Before.Total} -> {After.Total}";
}
