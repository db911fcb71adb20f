using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// Owns and interns nodes. Building the same op on the same inputs twice returns the same
/// <see cref="Node"/> (hash-consing), so common subexpressions are shared from the start and
/// derivative graphs stay linear in size. A graph is not thread-safe.
/// </summary>
public sealed class Graph
{
    private readonly List<Node> _nodes = new();
    private readonly InternTable _intern = new();
    private readonly Dictionary<string, Node> _leavesByName = new(StringComparer.Ordinal);
    private readonly List<Node> _inputs = new();
    private readonly List<Node> _parameters = new();
    private int _derivativeDepth;
    private SourceLocation? _origin;

    /// <summary>Every node ever built in this graph, in creation (topological) order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>The declared inputs, in declaration order.</summary>
    public IReadOnlyList<Node> Inputs => _inputs;

    /// <summary>The declared parameters, in declaration order.</summary>
    public IReadOnlyList<Node> Parameters => _parameters;

    /// <summary>
    /// When false, <see cref="Apply(Op, Node[])"/> always builds a new node, even for an op and inputs it has seen
    /// before (interning off). Only for tests: it makes graphs like those that arrive by some path other
    /// than the builder (deserialized, hand-assembled), which hold duplicate nodes for the simplifier's
    /// common-subexpression pass to merge. Leaves stay unique by name either way. Default true.
    /// </summary>
    internal bool InterningEnabled { get; set; } = true;

    /// <summary>
    /// True while every node was built with interning on, so no two nodes have the same op and inputs
    /// (the simplifier's common-subexpression pass has nothing to merge).
    /// </summary>
    internal bool AllInterned { get; private set; } = true;

    /// <summary>Looks up an input or parameter by name.</summary>
    public Node? FindLeaf(string name) => _leavesByName.TryGetValue(name, out var n) ? n : null;

    /// <summary>
    /// Returns the node for <paramref name="op"/> applied to <paramref name="inputs"/>, building it
    /// only if it does not exist yet. Shapes and element types are checked here; a mismatch throws a
    /// <see cref="ShapeException"/> that names the op and the shapes.
    /// </summary>
    public Node Apply(Op op, params Node[] inputs)
    {
        if (op is null) throw new ArgumentNullException(nameof(op));
        if (inputs is null) throw new ArgumentNullException(nameof(inputs));
        foreach (var input in inputs)
        {
            if (input is null) throw new ArgumentNullException(nameof(inputs), $"{op.Name}: an input is null.");
            if (!ReferenceEquals(input.Graph, this))
                throw new ArgumentException($"{op.Name}: input {input} belongs to another graph.", nameof(inputs));
        }

        return Intern(op, inputs, null, null, inputs.Length, owned: false);
    }

    /// <summary><see cref="Apply(Op, Node[])"/> for one input, allocating nothing when the node exists.</summary>
    internal Node Apply(Op op, Node a)
    {
        if (op is null) throw new ArgumentNullException(nameof(op));
        CheckInput(op, a);
        return Intern(op, null, a, null, 1, owned: false);
    }

    /// <summary><see cref="Apply(Op, Node[])"/> for two inputs, allocating nothing when the node exists.</summary>
    internal Node Apply(Op op, Node a, Node b)
    {
        if (op is null) throw new ArgumentNullException(nameof(op));
        CheckInput(op, a);
        CheckInput(op, b);
        return Intern(op, null, a, b, 2, owned: false);
    }

    private void CheckInput(Op op, Node input)
    {
        if (input is null) throw new ArgumentNullException("inputs", $"{op.Name}: an input is null.");
        if (!ReferenceEquals(input.Graph, this))
            throw new ArgumentException($"{op.Name}: input {input} belongs to another graph.", "inputs");
    }

    // The inputs come either as an array (not kept: copied when a node is built) or, for one or two,
    // as a and b. Looked up first, so finding an existing node allocates nothing.
    private Node Intern(Op op, Node[]? array, Node? a, Node? b, int arity, bool owned)
    {
        int hash = InternTable.Hash(op, array, a, b, arity);
        if (InterningEnabled && _intern.Find(_nodes, op, hash, array, a, b, arity) is Node existing) return existing;

        Node[] inputs;
        if (array is not null) inputs = owned ? array : (Node[])array.Clone();
        else inputs = arity == 1 ? new[] { a! } : new[] { a!, b! };
        var type = InferType(op, inputs);
        var node = new Node(this, _nodes.Count, op, inputs, type.Shape, type.DType, _derivativeDepth > 0, _origin);
        _nodes.Add(node);
        if (InterningEnabled) _intern.Add(_nodes, node.Id, hash);
        else AllInterned = false;
        return node;
    }

    /// <summary>The op's type rule on <paramref name="inputs"/>; a shape error carries the current model-file origin.</summary>
    internal (Shape Shape, DType DType) InferType(Op op, IReadOnlyList<Node> inputs)
    {
        try
        {
            return op.InferType(inputs);
        }
        catch (ShapeException e) when (e.Origin is null && _origin is not null)
        {
            throw new ShapeException(e.Detail, _origin);
        }
    }

    /// <summary>Declares an input (data fed at call time).</summary>
    public Node Input(string name, Shape shape, DType dtype = DType.Float64) => Leaf(name, shape, dtype, LeafKind.Input);

    /// <summary>Declares an input with the given dimensions.</summary>
    public Node Input(string name, params Dim[] dims) => Input(name, new Shape(dims));

    /// <summary>Declares a parameter (a value the gradient is usually taken with respect to).</summary>
    public Node Parameter(string name, Shape shape, DType dtype = DType.Float64) => Leaf(name, shape, dtype, LeafKind.Parameter);

    /// <summary>Declares a parameter with the given dimensions.</summary>
    public Node Parameter(string name, params Dim[] dims) => Parameter(name, new Shape(dims));

    private Node Leaf(string name, Shape shape, DType dtype, LeafKind kind)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("An input or parameter needs a name.", nameof(name));
        if (shape is null) throw new ArgumentNullException(nameof(shape));
        if (_leavesByName.TryGetValue(name, out var existing))
        {
            var prior = (Leaf)existing.Op;
            if (prior.Kind == kind && existing.Shape == shape && existing.DType == dtype) return existing;
            throw new ArgumentException(
                $"'{name}' is already declared as {prior.Kind.ToString().ToLowerInvariant()} {existing.DType.ShortName()}{existing.Shape}.",
                nameof(name));
        }
        var node = Apply(new Leaf(name, shape, dtype, kind)).Named(name);
        _leavesByName.Add(name, node);
        (kind == LeafKind.Input ? _inputs : _parameters).Add(node);
        return node;
    }

    /// <summary>A scalar constant.</summary>
    public Node Constant(double value, DType dtype = DType.Float64)
    {
        if (InterningEnabled)
        {
            // Found without building the op and its tensor (f32 values are held rounded, as Tensor does).
            long bits = BitConverter.DoubleToInt64Bits(dtype == DType.Float32 ? (float)value : value);
            if (_intern.FindScalarConstant(_nodes, bits, dtype) is Node existing) return existing;
        }
        return Apply(new Constant(Tensor.Scalar(value, dtype)));
    }

    /// <summary>A constant tensor (the data is copied).</summary>
    public Node Constant(Tensor value) => Apply(new Constant(value.Copy()));

    /// <summary>
    /// Runs <paramref name="build"/> with every node it creates marked as a derivative node. Nodes
    /// that already existed (shared with the forward graph) keep their mark.
    /// </summary>
    internal T InDerivativeScope<T>(Func<T> build)
    {
        _derivativeDepth++;
        try { return build(); }
        finally { _derivativeDepth--; }
    }

    /// <summary>The model-file location nodes are currently built from, if any.</summary>
    internal SourceLocation? CurrentOrigin => _origin;

    /// <summary>
    /// Until <see cref="Exit"/>, nodes are built with <paramref name="like"/>'s origin (or the current one
    /// when it has none) and, when it is a derivative node, marked as derivative nodes: what the
    /// simplifier's replacements inherit. Allocates nothing, unlike <see cref="At"/> with
    /// <see cref="InDerivativeScope{T}"/>; pair every call with <see cref="Exit"/> in a finally block.
    /// </summary>
    internal BuildScope EnterLike(Node like)
    {
        var scope = new BuildScope(_origin, like.IsDerivative);
        _origin = like.Origin ?? _origin;
        if (like.IsDerivative) _derivativeDepth++;
        return scope;
    }

    /// <summary>
    /// Until <see cref="Exit"/>, nodes are built with <paramref name="origin"/>: <see cref="At"/> without
    /// the allocation (the binder builds a node per expression of a model file this way).
    /// </summary>
    internal BuildScope EnterAt(SourceLocation? origin)
    {
        var scope = new BuildScope(_origin, derivative: false);
        _origin = origin;
        return scope;
    }

    /// <summary>Ends what <see cref="EnterLike"/> or <see cref="EnterAt"/> began.</summary>
    internal void Exit(BuildScope scope)
    {
        _origin = scope.Origin;
        if (scope.Derivative) _derivativeDepth--;
    }

    /// <summary>What <see cref="EnterLike"/> changed, for <see cref="Exit"/> to restore.</summary>
    internal readonly struct BuildScope
    {
        public BuildScope(SourceLocation? origin, bool derivative) => (Origin, Derivative) = (origin, derivative);
        public SourceLocation? Origin { get; }
        public bool Derivative { get; }
    }

    /// <summary>
    /// Marks every node built until the returned scope is disposed with <paramref name="origin"/>
    /// (model files use this so shape errors and nodes carry file, line and column).
    /// </summary>
    public IDisposable At(SourceLocation? origin)
    {
        var previous = _origin;
        _origin = origin;
        return new OriginScope(this, previous);
    }

    private sealed class OriginScope : IDisposable
    {
        private readonly Graph _graph;
        private readonly SourceLocation? _previous;
        public OriginScope(Graph graph, SourceLocation? previous) { _graph = graph; _previous = previous; }
        public void Dispose() => _graph._origin = _previous;
    }
}
