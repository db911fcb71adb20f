using System;
using SymGraph.Ops;

namespace SymGraph.Simplify;

/// <summary>Small helpers the rule tables share: building uniform constants, matching operands.</summary>
internal static class Patterns
{
    /// <summary>
    /// The canonical uniform constant: a scalar constant for a scalar shape, otherwise a broadcast of a
    /// scalar constant (never a materialized tensor, whatever the size; symbolic shapes are fine).
    /// </summary>
    public static Node Uniform(Graph graph, double value, Shape shape, DType dtype) =>
        Sym.Broadcast(graph.Constant(value, dtype), shape);

    /// <summary>A uniform constant shaped like <paramref name="like"/>.</summary>
    public static Node UniformLike(double value, Node like) => Uniform(like.Graph, value, like.Shape, like.DType);

    /// <summary>True when <paramref name="node"/> is already in the canonical uniform form (a scalar constant, or a broadcast of one).</summary>
    public static bool IsCanonicalUniform(Node node) =>
        (node.Op is Constant && node.Shape.IsScalar) ||
        (node.Op is Broadcast && node.Inputs[0].Op is Constant && node.Inputs[0].Shape.IsScalar);

    /// <summary>Same bits (so +0 and −0 differ and NaN equals itself).</summary>
    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    /// <summary>
    /// For a binary node whose operand <paramref name="i"/> matches, returns the other operand; used to
    /// write commutative patterns once.
    /// </summary>
    public static Node Other(Node binary, int i) => binary.Inputs[1 - i];

    /// <summary>
    /// Matches <c>b / a</c> (negated = false) and <c>−(b / a)</c> (negated = true), the quotient forms
    /// derivative rules produce.
    /// </summary>
    public static bool IsQuotient(Node node, out Node numerator, out Node denominator, out bool negated)
    {
        negated = false;
        if (node.Op is Neg && node.Inputs[0].Op is Div)
        {
            negated = true;
            node = node.Inputs[0];
        }
        if (node.Op is Div)
        {
            numerator = node.Inputs[0];
            denominator = node.Inputs[1];
            return true;
        }
        numerator = denominator = null!;
        return false;
    }

    /// <summary>Rounds to the node's element type the way the interpreter does.</summary>
    public static double Round(double value, DType dtype) => dtype == DType.Float32 ? (float)value : value;
}
