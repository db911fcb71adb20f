using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>
/// Language forms the graph has no single op for, written with the builder's ops (so each has its
/// VJP and JVP for free): <c>@</c> beyond matrices, <c>reshape</c> with an inferred <c>-1</c>,
/// <c>transpose</c> with an axis order. Errors are <see cref="ShapeException"/>s, which the binder
/// reports at the expression (SG0301).
/// </summary>
internal static class Lowerings
{
    /// <summary>The most matrix products a batched <c>@</c> is unrolled into (one graph node group each).</summary>
    public const int MaxBatchedMatMul = 64;

    /// <summary>
    /// <c>a @ b</c> with NumPy's <c>matmul</c> rules: vectors and matrices as <see cref="Sym.MatMul"/>;
    /// a stack of matrices [..., m, k] by a matrix [k, n] (or a vector [k]) with the stack axes kept;
    /// a matrix or vector by a stack; and stacks by stacks with equal (static) stack axes.
    /// </summary>
    public static Node MatMul(Node a, Node b)
    {
        if (a.Rank <= 2 && b.Rank <= 2 || a.Rank == 0 || b.Rank == 0) return Sym.MatMul(a, b);
        if (b.Rank <= 2) return StackTimesMatrix(a, b, a, b);
        if (a.Rank == 1) return StackTimesMatrix(SwapLastTwo(b), a, a, b); // k · [..., k, n] = [..., n, k] · k
        if (a.Rank == 2) return SwapLastTwo(StackTimesMatrix(SwapLastTwo(b), Sym.Transpose(a), a, b)); // a·b = (bᵀ·aᵀ)ᵀ per matrix
        return Batched(a, b);
    }

    /// <summary>
    /// [..., k] · [k, n] → [..., n] (or · [k] → [...]) as one matrix product:
    /// <c>reshape [rows, k] → matmul → reshape [..., n]</c>, rows being the product of the leading axes.
    /// </summary>
    private static Node StackTimesMatrix(Node x, Node m, Node a, Node b)
    {
        var k = x.Shape[x.Rank - 1];
        if (k != m.Shape[0]) throw CannotMultiply(a, b, "");
        var lead = new Shape(x.Shape.Take(x.Rank - 1));
        var rows = Flatten(lead) ?? throw CannotMultiply(a, b,
            $": the axes {lead} would have to be flattened into one, which needs static sizes (or one size name and the rest 1)");
        var y = Sym.MatMul(Sym.Reshape(x, new Shape(rows, k)), m);
        return Sym.Reshape(y, m.Rank == 2 ? lead.Concat(new Shape(m.Shape[1])) : lead);
    }

    /// <summary>
    /// [..., m, k] · [..., k, n] with equal static stack axes, unrolled into one product per matrix:
    /// <c>reshape both to [B, ·, ·] → index i → matmul → stack → reshape [..., m, n]</c>.
    /// </summary>
    private static Node Batched(Node a, Node b)
    {
        var batch = new Shape(a.Shape.Take(a.Rank - 2));
        if (a.Rank != b.Rank || !batch.SequenceEqual(b.Shape.Take(b.Rank - 2)))
            throw CannotMultiply(a, b, ": the stack axes (all but the last two) must be equal; they are not broadcast");
        if (a.Shape[a.Rank - 1] != b.Shape[b.Rank - 2]) throw CannotMultiply(a, b, "");
        if (!batch.IsStatic) throw CannotMultiply(a, b, $": the stack axes {batch} must have static sizes");
        long count = batch.Aggregate(1L, (p, d) => p * d.Size);
        if (count == 0 || count > MaxBatchedMatMul)
            throw CannotMultiply(a, b, $": a stack of {count} matrix products is not supported (1 to {MaxBatchedMatMul}); reshape to a matrix product instead");
        Dim m = a.Shape[a.Rank - 2], k = a.Shape[a.Rank - 1], n = b.Shape[b.Rank - 1];
        int c = (int)count;
        var a3 = Sym.Reshape(a, new Shape(c, m, k));
        var b3 = Sym.Reshape(b, new Shape(c, k, n));
        var products = Enumerable.Range(0, c).Select(i => Sym.MatMul(Sym.Index(a3, i), Sym.Index(b3, i))).ToArray();
        return Sym.Reshape(Sym.Stack(products), batch.Concat(new Shape(m, n)));
    }

    /// <summary>The one dimension <paramref name="dims"/> flatten into, or null when a reshape cannot say it.</summary>
    private static Dim? Flatten(Shape dims)
    {
        long size = 1;
        string? symbol = null;
        foreach (var d in dims)
        {
            if (d.IsStatic) size *= d.Size;
            else if (symbol is null) symbol = d.Symbol;
            else return null;
            if (size > int.MaxValue) return null;
        }
        if (symbol is null) return Dim.Of((int)size);
        return size == 1 ? Dim.Sym(symbol) : (Dim?)null;
    }

    private static Node SwapLastTwo(Node x)
    {
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Sym.Transpose(x, perm);
    }

    private static ShapeException CannotMultiply(Node a, Node b, string why) =>
        new($"matmul: cannot multiply {a.Shape} by {b.Shape}{why}");

    /// <summary>
    /// <c>reshape(x, [d, …])</c> where one <paramref name="dims"/> entry may be <c>null</c> (written
    /// <c>-1</c>): that dimension is what the element count leaves, which must come out as a size or
    /// as one size name (<c>[batch, 4]</c> to <c>[-1, 4]</c> gives <c>batch</c>).
    /// </summary>
    public static Node Reshape(Node x, Dim?[] dims)
    {
        int inferred = System.Array.IndexOf(dims, null);
        if (inferred < 0) return Sym.Reshape(x, new Shape(dims.Select(d => d!.Value)));
        string target = "[" + string.Join(",", dims.Select(d => d?.ToString() ?? "-1")) + "]";

        // x's element count over the given dimensions' count: static parts divide, size names cancel.
        long have = 1, given = 1;
        var symbols = new List<string>();
        foreach (var d in x.Shape)
        {
            if (d.IsStatic) have *= d.Size;
            else symbols.Add(d.Symbol!);
        }
        foreach (var d in dims)
        {
            if (d is not { } dim) continue;
            if (dim.IsStatic) given *= dim.Size;
            else if (!symbols.Remove(dim.Symbol!))
                throw new ShapeException($"reshape: cannot infer the -1 in {target} for {x.Shape}: '{dim.Symbol}' is not among its sizes");
        }
        if (given == 0 || have % given != 0)
            throw new ShapeException($"reshape: cannot infer the -1 in {target} for {x.Shape}: its {have} elements are not a multiple of {given}");
        long quotient = have / given;
        Dim size;
        if (symbols.Count == 0 && quotient <= int.MaxValue) size = Dim.Of((int)quotient);
        else if (symbols.Count == 1 && quotient == 1) size = Dim.Sym(symbols[0]);
        else throw new ShapeException(
            $"reshape: cannot infer the -1 in {target} for {x.Shape}: it would be {string.Join("*", symbols.Prepend(quotient.ToString(System.Globalization.CultureInfo.InvariantCulture)))}, and a dimension is a size or one size name");
        var shape = dims.Select(d => d ?? size);
        return Sym.Reshape(x, new Shape(shape));
    }

    /// <summary>
    /// <c>transpose(x)</c> reverses the axes; <c>transpose(x, [1, 0, 2])</c> puts input axis
    /// <c>axes[i]</c> at position i (NumPy's order; negative counts from the end). The order must name
    /// every axis once: <see cref="Sym.Transpose"/> itself lets a too-short or too-long identity
    /// through, so it is checked here.
    /// </summary>
    public static Node Transpose(Node x, int[]? axes)
    {
        if (axes is null) return Sym.Transpose(x);
        int rank = x.Rank;
        var perm = axes.Select(a => a < 0 ? a + rank : a).ToArray();
        if (perm.Length != rank || perm.Any(a => a < 0 || a >= rank) || perm.Distinct().Count() != rank)
            throw new ShapeException(
                $"transpose: [{string.Join(",", axes)}] is not an order of the axes of {x.Shape}: {(rank == 0 ? "a scalar's is []" : $"it must list each of {AxisRange(rank)} once")}");
        return Sym.Transpose(x, perm);
    }

    private static string AxisRange(int rank) => rank == 1 ? "axis 0" : $"axes 0 to {rank - 1}";
}
