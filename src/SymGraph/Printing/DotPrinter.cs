using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// Prints a graph in Graphviz's DOT language, in the manner of the classic "symbol-to-symbol"
/// figure: the forward graph in blue, the nodes differentiation appended in orange (and the edges
/// into them), inputs and parameters as ellipses, constants as small grey boxes, returned nodes
/// with a double border. Each label shows the name (when the node has one), the op with its
/// attributes, and the element type and shape:
/// <code>
/// n7 [label="h\nrelu\nf64[batch,256]", fillcolor="#cfe2f3", color="#3d85c6"];
/// n4 -> n7;
/// </code>
/// Iterative and deterministic (nodes in <see cref="Topology.Sort(IEnumerable{Node})"/> order, ids
/// from <see cref="Node.Id"/>), so the text diffs well; <c>dot -Tsvg</c> renders it.
/// </summary>
public static class DotPrinter
{
    private const string ForwardFill = "#cfe2f3", ForwardLine = "#3d85c6";
    private const string DerivativeFill = "#fce5cd", DerivativeLine = "#e69138";
    private const string InputFill = "#ffffff", ParameterFill = "#d9ead3", ParameterLine = "#6aa84f";
    private const string ConstantFill = "#eeeeee", ConstantLine = "#999999";

    /// <summary>The DOT text of everything <paramref name="outputs"/> depend on.</summary>
    public static string Print(params Node[] outputs) => Print((IReadOnlyList<Node>)outputs);

    /// <summary>
    /// The DOT text of everything <paramref name="outputs"/> depend on; <paramref name="title"/>, when
    /// given, labels the drawing (a model file name, say).
    /// </summary>
    public static string Print(IReadOnlyList<Node> outputs, string? title = null)
    {
        if (outputs is null) throw new System.ArgumentNullException(nameof(outputs));
        var order = Topology.Sort(outputs);
        var returned = new HashSet<Node>(outputs);
        var sb = new StringBuilder();
        sb.Append("digraph symgraph {\n");
        sb.Append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12");
        if (title is not null) sb.Append(", label=").Append(Quote(title)).Append(", labelloc=t");
        sb.Append("];\n");
        sb.Append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fillcolor=\"")
          .Append(ForwardFill).Append("\", color=\"").Append(ForwardLine).Append("\"];\n");
        sb.Append("  edge [color=\"#666666\", arrowsize=0.7];\n");

        foreach (var node in order) AppendNode(sb, node, returned.Contains(node));
        foreach (var node in order)
        {
            foreach (var input in node.Inputs)
            {
                sb.Append("  n").Append(Id(input)).Append(" -> n").Append(Id(node));
                if (node.IsDerivative) sb.Append(" [color=\"").Append(DerivativeLine).Append("\"]");
                sb.Append(";\n");
            }
        }
        if (order.Any(n => n.IsDerivative) && order.Any(n => !n.IsDerivative && n.Op is not Leaf and not Constant))
        {
            // A legend when both kinds are present, as in the textbook figure.
            sb.Append("  subgraph cluster_legend {\n");
            sb.Append("    label=\"legend\"; fontsize=10; color=\"#cccccc\";\n");
            sb.Append("    legend_forward [label=\"forward\", fontsize=10];\n");
            sb.Append("    legend_derivative [label=\"derivative\", fontsize=10, fillcolor=\"").Append(DerivativeFill)
              .Append("\", color=\"").Append(DerivativeLine).Append("\"];\n");
            sb.Append("    legend_forward -> legend_derivative [style=invis];\n");
            sb.Append("  }\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static void AppendNode(StringBuilder sb, Node node, bool isReturned)
    {
        var label = new List<string>();
        var attributes = new List<string>();
        string type = node.DType.ShortName() + node.Shape;
        switch (node.Op)
        {
            case Leaf leaf:
                label.Add(leaf.LeafName);
                label.Add((leaf.Kind == LeafKind.Parameter ? "param " : "input ") + type);
                attributes.Add("shape=ellipse");
                attributes.Add("style=filled");
                if (leaf.Kind == LeafKind.Parameter)
                {
                    attributes.Add($"fillcolor=\"{ParameterFill}\"");
                    attributes.Add($"color=\"{ParameterLine}\"");
                }
                else
                {
                    attributes.Add($"fillcolor=\"{InputFill}\"");
                    attributes.Add("color=\"#333333\"");
                }
                break;
            case Constant constant:
                if (node.Name is not null) label.Add(node.Name);
                label.Add(constant.Value.Length == 1 ? constant.Value.Data[0].ToString("R", CultureInfo.InvariantCulture) : "const " + constant.Attributes);
                if (!node.Shape.IsScalar) label.Add(type);
                attributes.Add("fontsize=9");
                attributes.Add($"fillcolor=\"{(node.IsDerivative ? DerivativeFill : ConstantFill)}\"");
                attributes.Add($"color=\"{(node.IsDerivative ? DerivativeLine : ConstantLine)}\"");
                break;
            default:
                if (node.Name is not null) label.Add(node.Name);
                label.Add(node.Op.Attributes.Length == 0 ? node.Op.Name : $"{node.Op.Name} {node.Op.Attributes}");
                label.Add(type);
                if (node.IsDerivative)
                {
                    attributes.Add($"fillcolor=\"{DerivativeFill}\"");
                    attributes.Add($"color=\"{DerivativeLine}\"");
                }
                break;
        }
        if (isReturned)
        {
            attributes.Add("peripheries=2");
            attributes.Add("penwidth=1.5");
        }
        sb.Append("  n").Append(Id(node)).Append(" [label=").Append(Quote(string.Join("\n", label)));
        foreach (var a in attributes) sb.Append(", ").Append(a);
        sb.Append("];\n");
    }

    private static string Id(Node node) => node.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A DOT double-quoted string: backslashes and quotes escaped, line breaks as <c>\n</c> (centred lines).</summary>
    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': break;
                default:
                    if (c < ' ') sb.Append(' ');
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }
}
