using System;
using System.Collections.Generic;

namespace SymGraph;

/// <summary>
/// A value in a <see cref="Graph"/>: an <see cref="Op"/> applied to input nodes, with a static
/// <see cref="Shape"/> and <see cref="DType"/>. Nodes are immutable and interned by their graph
/// (building the same op on the same inputs returns the same node), so two nodes are equal exactly
/// when they are the same object. Nodes keep no parent pointers: consumers are computed when needed.
/// </summary>
public sealed partial class Node
{
    private readonly Node[] _inputs;
    private readonly byte _dtype; // a byte, not the enum's int: with the flag and the id, one 8-byte slot

    internal Node(Graph graph, int id, Op op, Node[] inputs, Shape shape, DType dtype, bool isDerivative, SourceLocation? origin)
    {
        Graph = graph;
        Id = id;
        Op = op;
        _inputs = inputs;
        Shape = shape;
        _dtype = (byte)dtype;
        IsDerivative = isDerivative;
        Origin = origin;
    }

    /// <summary>The graph that owns this node.</summary>
    public Graph Graph { get; }

    /// <summary>The creation index within <see cref="Graph"/>; inputs always have smaller ids.</summary>
    public int Id { get; }

    /// <summary>The operation.</summary>
    public Op Op { get; }

    /// <summary>The operands, in the op's order.</summary>
    public IReadOnlyList<Node> Inputs => _inputs;

    /// <summary>The operands as the array the node holds (never to be written).</summary>
    internal Node[] InputArray => _inputs;

    /// <summary>The static shape.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType => (DType)_dtype;

    /// <summary>
    /// A human-readable name: the declared name of inputs and parameters, <c>dcost/dx</c> for
    /// gradients, a model's variable name. Metadata only: it never affects interning.
    /// </summary>
    public string? Name { get; private set; }

    /// <summary>True when the node was appended by differentiation (printers colour these apart).</summary>
    public bool IsDerivative { get; }

    /// <summary>Where in a model file the node was written, when it came from one.</summary>
    public SourceLocation? Origin { get; }

    /// <summary>The number of dimensions of <see cref="Shape"/>.</summary>
    public int Rank => Shape.Rank;

    /// <summary>
    /// Gives the node a name if it has none yet and returns it (the first name wins, because an
    /// interned node may be reached from several places).
    /// </summary>
    public Node Named(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A name cannot be empty.", nameof(name));
        Name ??= name;
        return this;
    }

    /// <summary>The constant value of a scalar constant node, or <c>null</c>.</summary>
    public double? ScalarValue => Op is Ops.Constant c && c.Value.Data.Length == 1 && Shape.IsScalar ? c.Value.Data[0] : null;

    /// <inheritdoc/>
    public override int GetHashCode() => Id;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary><c>%7</c> plus the name when it has one.</summary>
    public override string ToString() => Name is null ? $"%{Id}" : $"%{Id}({Name})";
}
