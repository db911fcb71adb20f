using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;

namespace SymGraph;

/// <summary>
/// An operation. Each op states, in one place, its name, its type rule (shape and element type),
/// its reference evaluation, its vector-Jacobian product (reverse mode) and its Jacobian-vector
/// product (forward mode). Derivative rules are built from public builder operations only, so every
/// derivative is itself a graph that can be differentiated again.
/// </summary>
/// <remarks>
/// Attributes (an axis, a constant, a target shape) are fields with value equality: ops are compared
/// with <see cref="object.Equals(object)"/> when nodes are interned.
/// </remarks>
public abstract class Op
{
    /// <summary>Creates an op with its one lower-case spelling.</summary>
    protected Op(string name) => Name = name;

    /// <summary>The op's spelling in model files, listings, errors and docs (<c>log_softmax</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// Checks the inputs and returns the output's shape and element type. Throws
    /// <see cref="ShapeException"/> naming the op and the offending shapes.
    /// </summary>
    public abstract (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs);

    /// <summary>Computes the output from concrete inputs (the reference semantics every backend must match).</summary>
    public abstract Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context);

    /// <summary>
    /// Reverse mode: given the output <paramref name="y"/> and its cotangent <paramref name="ybar"/>
    /// (same shape as <paramref name="y"/>), returns one cotangent per input, each of that input's
    /// shape. <c>null</c> means nothing flows to that input (a structural zero).
    /// </summary>
    public abstract Node?[] Vjp(Node y, Node ybar);

    /// <summary>
    /// Forward mode: given the output <paramref name="y"/> and one tangent per input (<c>null</c> for a
    /// zero tangent), returns the output's tangent, or <c>null</c> when it is zero.
    /// </summary>
    public abstract Node? Jvp(Node y, IReadOnlyList<Node?> xdot);

    /// <summary>Attributes as printed in listings (<c>axis=1</c>); empty when the op has none.</summary>
    public virtual string Attributes => "";

    /// <summary>
    /// The scalar function of an element-wise op, as data (see <see cref="Ops.Formula"/>), or null for
    /// ops that are not element-wise. Code generation prints it; an op that has one needs no backend code.
    /// </summary>
    public virtual Formula? Formula => null;

    /// <summary>The name followed by the attributes.</summary>
    public override string ToString() => Attributes.Length == 0 ? Name : $"{Name} {Attributes}";

    /// <summary>Throws unless exactly <paramref name="arity"/> inputs are given.</summary>
    protected void ExpectArity(IReadOnlyList<Node> inputs, int arity)
    {
        if (inputs.Count != arity)
            throw new ShapeException($"{Name}: expects {arity} input{(arity == 1 ? "" : "s")}, got {inputs.Count}");
    }

    /// <summary>Throws unless every input has the same element type, and returns it.</summary>
    protected DType CommonDType(IReadOnlyList<Node> inputs)
    {
        var t = inputs[0].DType;
        bool differ = false;
        for (int i = 1; i < inputs.Count; i++) differ |= inputs[i].DType != t;
        if (differ)
            throw new ShapeException($"{Name}: element types differ ({string.Join(", ", inputs.Select(i => i.DType.ShortName()))})");
        return t;
    }

    /// <summary>The sum of two optional tangents, where <c>null</c> is zero.</summary>
    protected static Node? AddTangents(Node? a, Node? b) => a is null ? b : b is null ? a : a + b;
}
