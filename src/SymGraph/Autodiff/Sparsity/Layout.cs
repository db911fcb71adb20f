using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>The flat layout of several values: concatenated in order, each flattened row-major.</summary>
internal static class Layout
{
    /// <summary>One flat [N] node from nodes of static shape.</summary>
    public static Node Flatten(IReadOnlyList<Node> parts)
    {
        var flat = parts.Select(p => Sym.Reshape(p, Shape.Of(p.Shape.ElementCount))).ToArray();
        return Sym.Concat(flat);
    }

    /// <summary>A flat vector as one constant per node, each of that node's (static) shape.</summary>
    public static Node[] Split(IReadOnlyList<Node> like, double[] flat)
    {
        var parts = new Node[like.Count];
        int at = 0;
        for (int i = 0; i < like.Count; i++)
        {
            var dims = like[i].Shape.Select(d => d.Size).ToArray();
            int count = like[i].Shape.ElementCount;
            parts[i] = like[i].Graph.Constant(new Tensor(dims, flat.Skip(at).Take(count).ToArray(), like[i].DType));
            at += count;
        }
        return parts;
    }
}
