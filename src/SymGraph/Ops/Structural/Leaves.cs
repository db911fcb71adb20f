using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Ops;

/// <summary>Whether a leaf is fed data (<c>input</c>) or is a trainable value (<c>param</c>).</summary>
public enum LeafKind
{
    /// <summary>Data fed at call time.</summary>
    Input,

    /// <summary>A parameter, usually differentiated against.</summary>
    Parameter,
}

/// <summary>An input or parameter: a named value supplied when the graph is evaluated.</summary>
public sealed class Leaf : Op
{
    internal Leaf(string name, Shape shape, DType dtype, LeafKind kind)
        : base(kind == LeafKind.Input ? "input" : "param")
    {
        LeafName = name;
        Shape = shape;
        DType = dtype;
        Kind = kind;
    }

    /// <summary>The declared name.</summary>
    public string LeafName { get; }

    /// <summary>The declared shape.</summary>
    public Shape Shape { get; }

    /// <summary>The declared element type.</summary>
    public DType DType { get; }

    /// <summary>Input or parameter.</summary>
    public LeafKind Kind { get; }

    /// <inheritdoc/>
    public override string Attributes => LeafName;

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 0);
        return (Shape, DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context) =>
        throw new InvalidOperationException($"No value was given for {Name} '{LeafName}'.");

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => Array.Empty<Node?>();

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => null;

    /// <inheritdoc/>
    public override bool Equals(object? obj) =>
        obj is Leaf l && l.LeafName == LeafName && l.Kind == Kind && l.Shape == Shape && l.DType == DType;

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(LeafName);
}

/// <summary>A constant tensor (scalars are the common case). Interned by value, bit for bit.</summary>
public sealed class Constant : Op
{
    private readonly int _hash;

    internal Constant(Tensor value) : base("const")
    {
        Value = value;
        int h = value.Dims.Length;
        foreach (var d in value.Dims) h = unchecked(h * 31 + d);
        foreach (var v in value.Data) h = unchecked(h * 31 + BitConverter.DoubleToInt64Bits(v).GetHashCode());
        _hash = h;
    }

    /// <summary>The hash of the scalar constant whose value has these bits (what the constructor computes for it).</summary>
    internal static int ScalarHash(long bits) => bits.GetHashCode();

    /// <summary>True when this is the scalar constant of type <paramref name="dtype"/> whose value has exactly these bits.</summary>
    internal bool IsScalar(long bits, DType dtype) =>
        Value.Dims.Length == 0 && Value.DType == dtype && BitConverter.DoubleToInt64Bits(Value.Data[0]) == bits;

    /// <summary>The value (never mutated).</summary>
    public Tensor Value { get; }

    /// <inheritdoc/>
    public override string Attributes => Value.Length <= 8 ? Value.ToString() : $"<{Value.Length} values>";

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 0);
        return (Shape.Of(Value.Dims), Value.DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context) => Value.Copy();

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => Array.Empty<Node?>();

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => null;

    /// <inheritdoc/>
    public override bool Equals(object? obj)
    {
        if (obj is not Constant c || c._hash != _hash || c.Value.DType != Value.DType || !c.Value.SameDims(Value)) return false;
        for (int i = 0; i < Value.Data.Length; i++)
            if (BitConverter.DoubleToInt64Bits(c.Value.Data[i]) != BitConverter.DoubleToInt64Bits(Value.Data[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}

/// <summary>
/// The number of elements spanned by a list of dimensions, some symbolic (<c>batch</c>), as a scalar
/// known at call time. <c>mean</c> divides by it. Has no inputs, so no derivative.
/// </summary>
public sealed class DimSize : Op
{
    internal DimSize(IEnumerable<Dim> dims, DType dtype) : base("size")
    {
        Dims = dims.ToArray();
        DType = dtype;
    }

    /// <summary>The dimensions whose sizes are multiplied.</summary>
    public IReadOnlyList<Dim> Dims { get; }

    /// <summary>The element type of the result.</summary>
    public DType DType { get; }

    /// <inheritdoc/>
    public override string Attributes => new Shape(Dims).ToString();

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        ExpectArity(inputs, 0);
        return (Shape.Scalar, DType);
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        double n = 1;
        foreach (var d in Dims) n *= context.Resolve(d);
        return Tensor.Scalar(n, DType);
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar) => Array.Empty<Node?>();

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot) => null;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DimSize s && s.DType == DType && s.Dims.SequenceEqual(Dims);

    /// <inheritdoc/>
    public override int GetHashCode() => Dims.Aggregate(17, (h, d) => unchecked(h * 31 + d.GetHashCode()));
}
