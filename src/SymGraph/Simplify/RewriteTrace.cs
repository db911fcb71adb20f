using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SymGraph.Simplify;

/// <summary>
/// The record of rewrites of a simplification, in the order they happened: it answers "why did my graph
/// change". Pass one in <see cref="SimplifyOptions.Trace"/>.
/// </summary>
public sealed class RewriteTrace
{
    private readonly List<RewriteEvent> _events = new();

    /// <summary>The rewrites, in order.</summary>
    public IReadOnlyList<RewriteEvent> Events => _events;

    /// <summary>How often the rule named <paramref name="rule"/> fired.</summary>
    public int Count(string rule) => _events.Count(e => e.Rule.Name == rule);

    /// <summary>The names of the rules that fired, each once, sorted.</summary>
    public IReadOnlyList<string> RulesFired() => _events.Select(e => e.Rule.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToList();

    /// <summary>True when every rewrite was <see cref="RuleKind.Exact"/>: the graph computes bit-for-bit the same values.</summary>
    public bool AllExact => _events.All(e => e.Rule.Kind == RuleKind.Exact);

    internal void Add(RewriteEvent e) => _events.Add(e);

    /// <summary>Forgets the recorded rewrites.</summary>
    public void Clear() => _events.Clear();

    /// <summary>One line per rewrite.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in _events) sb.Append(e).Append('\n');
        return sb.ToString();
    }
}
