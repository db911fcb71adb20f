using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// One result of a generated method: a node (a scalar is returned or written to an <c>out</c>
/// parameter, a tensor is written to a caller-provided array), or several scalar nodes packed into
/// one array (a gradient or Hessian with respect to scalar parameters).
/// </summary>
public sealed class CSharpOutput
{
    private CSharpOutput(string? name, Node[] elements, bool packed, string? description)
    {
        Name = name;
        Elements = elements;
        IsPacked = packed;
        Description = description;
    }

    /// <summary>The parameter name (escaped by the emitter), or null to use the node's name.</summary>
    public string? Name { get; }

    /// <summary>The node, or the packed scalar nodes in array order.</summary>
    public IReadOnlyList<Node> Elements { get; }

    /// <summary>True when <see cref="Elements"/> are scalars packed into one array.</summary>
    public bool IsPacked { get; }

    /// <summary>What the result is, for the documentation comment (free text, sanitized).</summary>
    public string? Description { get; }

    /// <summary>The node's value as a result.</summary>
    public static CSharpOutput Of(Node node, string? name = null, string? description = null)
    {
        if (node is null) throw new ArgumentNullException(nameof(node));
        CheckName(name);
        return new CSharpOutput(name, new[] { node }, false, description);
    }

    /// <summary>Scalar nodes written to one array, in order (for example a Hessian, row-major).</summary>
    public static CSharpOutput Pack(string name, IEnumerable<Node> scalars, string? description = null)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        CheckName(name);
        var elements = scalars?.ToArray() ?? throw new ArgumentNullException(nameof(scalars));
        if (elements.Length == 0) throw new ArgumentException("A packed result needs at least one node.", nameof(scalars));
        foreach (var e in elements)
        {
            if (e is null) throw new ArgumentNullException(nameof(scalars), "A packed node is null.");
            if (!e.Shape.IsScalar) throw new ArgumentException($"Only scalars can be packed into one array; {e} has shape {e.Shape}.", nameof(scalars));
        }
        return new CSharpOutput(name, elements, true, description);
    }

    private static void CheckName(string? name)
    {
        if (name is not null && name.Length == 0) throw new ArgumentException("A result name cannot be empty.", nameof(name));
    }
}
