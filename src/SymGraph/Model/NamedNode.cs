using System;

namespace SymGraph.Model;

/// <summary>
/// A node with the name the model gives it. Kept apart from <see cref="Node.Name"/> because an
/// interned node reached under two names (<c>h2 = h</c>) carries only the first.
/// </summary>
public sealed class NamedNode
{
    /// <summary>Pairs a name with a node.</summary>
    public NamedNode(string name, Node node)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Node = node ?? throw new ArgumentNullException(nameof(node));
    }

    /// <summary>The name as written in the model.</summary>
    public string Name { get; }

    /// <summary>The node.</summary>
    public Node Node { get; }

    /// <summary><c>name = %7</c>.</summary>
    public override string ToString() => $"{Name} = {Node}";
}
