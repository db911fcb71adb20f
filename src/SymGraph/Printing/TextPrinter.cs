using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SymGraph;

/// <summary>
/// Prints a graph one node per line in topological order, like a jaxpr or Theano's debugprint:
/// <code>
/// %3:f64[3] = mul %0 %1  # h
/// %9:f64[3] = add %7 %8  # dcost/dx, derivative
/// return %4, %9
/// </code>
/// Derivative nodes are marked. Iterative and deterministic, so listings diff well.
/// </summary>
public static partial class TextPrinter
{
    /// <summary>The listing of everything <paramref name="outputs"/> depend on.</summary>
    public static string Print(params Node[] outputs) => Print((IReadOnlyList<Node>)outputs);

    /// <summary>The listing of everything <paramref name="outputs"/> depend on.</summary>
    public static string Print(IReadOnlyList<Node> outputs)
    {
        var sb = new StringBuilder();
        foreach (var node in Topology.Sort(outputs)) sb.Append(Line(node)).Append('\n');
        sb.Append("return ").Append(string.Join(", ", outputs.Select(o => $"%{o.Id}"))).Append('\n');
        return sb.ToString();
    }

    /// <summary>One node's line, without a newline.</summary>
    public static string Line(Node node)
    {
        var sb = new StringBuilder();
        sb.Append('%').Append(node.Id).Append(':').Append(node.DType.ShortName()).Append(node.Shape).Append(" = ").Append(node.Op.Name);
        if (node.Op.Attributes.Length > 0) sb.Append(' ').Append(node.Op.Attributes);
        foreach (var input in node.Inputs) sb.Append(" %").Append(input.Id);
        bool named = node.Name is not null && node.Op is not Ops.Leaf;
        if (named || node.IsDerivative)
        {
            sb.Append("  # ");
            if (named) sb.Append(node.Name);
            if (named && node.IsDerivative) sb.Append(", ");
            if (node.IsDerivative) sb.Append("derivative");
        }
        return sb.ToString();
    }
}
