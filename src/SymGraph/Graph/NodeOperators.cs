namespace SymGraph;

// C# operators: a + b, 1.0 - y * y, -x. A number adopts the element type of the node it meets.
public sealed partial class Node
{
    private Node Const(double value) => Graph.Constant(value, DType);

    /// <summary>Element-wise sum (broadcasting).</summary>
    public static Node operator +(Node a, Node b) => Sym.Add(a, b);

    /// <summary>Element-wise sum with a number.</summary>
    public static Node operator +(Node a, double b) => Sym.Add(a, a.Const(b));

    /// <summary>Element-wise sum with a number.</summary>
    public static Node operator +(double a, Node b) => Sym.Add(b.Const(a), b);

    /// <summary>Element-wise difference (broadcasting).</summary>
    public static Node operator -(Node a, Node b) => Sym.Sub(a, b);

    /// <summary>Element-wise difference with a number.</summary>
    public static Node operator -(Node a, double b) => Sym.Sub(a, a.Const(b));

    /// <summary>Element-wise difference with a number.</summary>
    public static Node operator -(double a, Node b) => Sym.Sub(b.Const(a), b);

    /// <summary>Element-wise product (broadcasting).</summary>
    public static Node operator *(Node a, Node b) => Sym.Mul(a, b);

    /// <summary>Element-wise product with a number.</summary>
    public static Node operator *(Node a, double b) => Sym.Mul(a, a.Const(b));

    /// <summary>Element-wise product with a number.</summary>
    public static Node operator *(double a, Node b) => Sym.Mul(b.Const(a), b);

    /// <summary>Element-wise quotient (broadcasting).</summary>
    public static Node operator /(Node a, Node b) => Sym.Div(a, b);

    /// <summary>Element-wise quotient by a number.</summary>
    public static Node operator /(Node a, double b) => Sym.Div(a, a.Const(b));

    /// <summary>Element-wise quotient of a number.</summary>
    public static Node operator /(double a, Node b) => Sym.Div(b.Const(a), b);

    /// <summary>Negation.</summary>
    public static Node operator -(Node x) => Sym.Neg(x);
}
