using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// A sparse Hessian by compressed evaluation: the structural pattern (<see cref="Sparsity.Hessian"/>), a
/// star colouring of it, one Hessian-vector product per colour (forward over reverse: the JVP of the
/// gradient, seeded with the colour's 0/1 vector), and the recovery of every nonzero from those products.
/// Everything but the products' values is decided here, once per size: the lead of code generation
/// emits the products as graphs and the recovery as straight-line stores
/// <c>values[e] = compressed[RecoverySources[e]]</c>.
/// </summary>
/// <remarks>
/// Layout: the differentiated values <c>wrt</c> concatenated in order, each flattened row-major (the
/// layout <c>eval --hessian</c> prints); <see cref="Products"/>[c] is H·s_c over that layout, shape [N];
/// the compressed matrix is the products stacked, [colours, N] row-major. With symbolic sizes the graph is
/// first specialized (<see cref="Specialization"/>) to the sizes given, and the products, <see cref="Cost"/>
/// and <see cref="Wrt"/> live in that copy.
/// </remarks>
public sealed class SparseHessian
{
    private readonly int[] _sources;
    private readonly Specialization? _specialization;

    private SparseHessian(Node cost, Node[] wrt, SparsityPattern pattern, Coloring coloring, Node[] products, int[] sources, Specialization? specialization)
    {
        Cost = cost;
        Wrt = wrt;
        Pattern = pattern;
        Coloring = coloring;
        Products = products;
        _sources = sources;
        _specialization = specialization;
    }

    /// <summary>The cost (in the specialized graph when sizes were bound).</summary>
    public Node Cost { get; }

    /// <summary>The differentiated values, in layout order (in the specialized graph when sizes were bound).</summary>
    public IReadOnlyList<Node> Wrt { get; }

    /// <summary>The structural nonzeros, both triangles, columns ascending in each row.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>The star colouring of the columns.</summary>
    public Coloring Coloring { get; }

    /// <summary>One Hessian-vector product per colour, each of shape [N] (N = <see cref="Size"/>).</summary>
    public IReadOnlyList<Node> Products { get; }

    /// <summary>The number of rows (and columns): the differentiated values' elements.</summary>
    public int Size => Pattern.Rows;

    /// <summary>
    /// For each structural nonzero e (in CSR order), where its value is in the compressed matrix:
    /// <c>colour·N + row</c>. A diagonal entry (i, i) is row i of the product of i's colour; an off-diagonal
    /// (i, j) is row i of the product of j's colour when j is i's only neighbour of that colour, otherwise row
    /// j of the product of i's colour (the star property guarantees one of the two).
    /// </summary>
    public IReadOnlyList<int> RecoverySources => _sources;

    /// <summary>The seed vector of colour <paramref name="color"/> over the layout: 1 at its columns, 0 elsewhere.</summary>
    public double[] Seed(int color)
    {
        var seed = new double[Size];
        for (int j = 0; j < Size; j++)
            if (Coloring.Colors[j] == color) seed[j] = 1.0;
        return seed;
    }

    /// <summary>
    /// Builds the sparse Hessian of the scalar <paramref name="cost"/> with respect to <paramref name="wrt"/>;
    /// <paramref name="sizes"/> binds the symbolic sizes the graph has (required when it has any).
    /// </summary>
    public static SparseHessian Build(Node cost, IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes = null)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (!cost.Shape.IsScalar) throw new ArgumentException($"A Hessian needs a scalar cost, got {cost.Shape}.", nameof(cost));
        Specialization? specialization = null;
        var roots = new[] { cost }.Concat(wrt).ToArray();
        if (!Specialization.IsStatic(roots))
        {
            specialization = Specialization.Of(roots, sizes ?? new Dictionary<string, int>());
            cost = specialization[cost];
            wrt = specialization.Map(wrt);
        }
        var w = wrt.ToArray();
        var pattern = Sparsity.Hessian(cost, w);
        var coloring = Coloring.Star(pattern);
        int n = pattern.Rows;
        var products = new Node[pattern.Nonzeros == 0 ? 0 : coloring.Count];
        if (products.Length > 0)
        {
            var grads = Autodiff.Grad(cost, w);
            for (int c = 0; c < products.Length; c++)
            {
                var seeds = Layout.Split(w, Enumerable.Range(0, n).Select(j => coloring.Colors[j] == c ? 1.0 : 0.0).ToArray());
                products[c] = Layout.Flatten(Autodiff.Jvp(grads, w, seeds));
            }
        }
        var unique = Coloring.UniqueNeighbors(pattern, coloring.Colors, out _);
        var sources = new int[pattern.Nonzeros];
        for (int i = 0; i < n; i++)
            for (int e = pattern.RowPointers[i]; e < pattern.RowPointers[i + 1]; e++)
            {
                int j = pattern.ColumnIndices[e];
                sources[e] = i == j || unique[e] ? coloring.Colors[j] * n + i : coloring.Colors[i] * n + j;
            }
        return new SparseHessian(cost, w, pattern, coloring, products, sources, specialization);
    }

    /// <summary>
    /// The Hessian's CSR values as one node of shape [nonzeros]: the products read back by a <see cref="Ops.Gather"/>
    /// of <see cref="RecoverySources"/> (code generation writes it as straight-line stores), or zeros when
    /// the pattern is empty. Built on first use.
    /// </summary>
    public Node Values => _values ??= Products.Count == 0
        ? Cost.Graph.InDerivativeScope(() => Sym.Zeros(new Shape(Pattern.Nonzeros), Cost.DType, Cost.Graph))
        : Cost.Graph.InDerivativeScope(() => Sym.Gather(Products, _sources));

    private Node? _values;

    /// <summary>
    /// The dense Hessian [N, N] (the flat layout) from the same products: a <see cref="Ops.Gather"/> whose
    /// entries outside the pattern are structural zeros, so compiled code clears the matrix and stores the
    /// nonzeros (for a banded Hessian, a loop over one period of stores) instead of running one reverse
    /// sweep per row. Built on first use.
    /// </summary>
    public Node Dense => _dense ??= Cost.Graph.InDerivativeScope(() =>
    {
        int n = Size;
        if (Products.Count == 0) return Sym.Zeros(new Shape(n, n), Cost.DType, Cost.Graph);
        var table = new int[checked(n * n)];
        for (int k = 0; k < table.Length; k++) table[k] = -1;
        for (int i = 0; i < n; i++)
            for (int e = Pattern.RowPointers[i]; e < Pattern.RowPointers[i + 1]; e++) table[i * n + Pattern.ColumnIndices[e]] = _sources[e];
        return Sym.Reshape(Sym.Gather(Products, table), new Shape(n, n));
    });

    private Node? _dense;

    /// <summary>The Hessian from the products' values (one tensor of N values per colour).</summary>
    public CsrMatrix Recover(IReadOnlyList<Tensor> products)
    {
        if (products is null) throw new ArgumentNullException(nameof(products));
        if (products.Count != Products.Count) throw new ArgumentException($"{products.Count} products for {Products.Count} colours.", nameof(products));
        int n = Size;
        var values = new double[_sources.Length];
        for (int e = 0; e < values.Length; e++)
        {
            int s = _sources[e];
            values[e] = products[s / n].Data[s % n];
        }
        return new CsrMatrix(Pattern, values);
    }

    /// <summary>Evaluates the products with the interpreter at <paramref name="values"/> (keyed by the caller's leaves) and recovers the Hessian.</summary>
    public CsrMatrix Evaluate(IReadOnlyDictionary<Node, Tensor> values)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        var bound = _specialization?.Values(values) ?? values;
        return Recover(Products.Count == 0 ? Array.Empty<Tensor>() : Interpreter.Evaluate(Products, bound));
    }
}
