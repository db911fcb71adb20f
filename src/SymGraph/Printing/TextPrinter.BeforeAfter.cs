using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SymGraph;

// Before/after listings for the simplifier: both graphs with their node counts.
public static partial class TextPrinter
{
    /// <summary>
    /// Both listings, each under a header with its node count and the count per op, e.g.
    /// <code>
    /// # before: 9 nodes (add 1, const 2, mul 2, param 1, pow 1, ...)
    /// ...
    /// # after: 4 nodes (add 1, const 1, mul 1, param 1)
    /// ...
    /// </code>
    /// </summary>
    public static string PrintBeforeAfter(IReadOnlyList<Node> before, IReadOnlyList<Node> after)
    {
        if (before is null) throw new ArgumentNullException(nameof(before));
        if (after is null) throw new ArgumentNullException(nameof(after));
        var sb = new StringBuilder();
        sb.Append("# before: ").Append(CountLine(before)).Append('\n').Append(Print(before));
        sb.Append("# after: ").Append(CountLine(after)).Append('\n').Append(Print(after));
        return sb.ToString();
    }

    /// <summary>Both listings of a single output, with node counts.</summary>
    public static string PrintBeforeAfter(Node before, Node after) => PrintBeforeAfter(new[] { before }, new[] { after });

    /// <summary><c>9 nodes (add 1, const 2, …)</c>: the nodes <paramref name="outputs"/> depend on, per op name (ordinal order).</summary>
    public static string CountLine(IReadOnlyList<Node> outputs)
    {
        var order = Topology.Sort(outputs);
        var byOp = order.GroupBy(n => n.Op.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        return $"{order.Count} node{(order.Count == 1 ? "" : "s")} ({string.Join(", ", byOp)})";
    }
}
