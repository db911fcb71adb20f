using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// A sparse Jacobian by compressed evaluation: the structural pattern (<see cref="Sparsity.Jacobian"/>),
/// a distance-2 colouring of its columns, one JVP per colour seeded with the colour's 0/1 vector, and the
/// recovery J[r, j] = (J·s_colour(j))[r]. Rows: the output flattened row-major (M of them); columns: the
/// <c>wrt</c> values concatenated, each flattened. With symbolic sizes the graph is first specialized.
/// </summary>
public sealed class SparseJacobian
{
    private readonly int[] _sources;
    private readonly Specialization? _specialization;

    private SparseJacobian(Node output, Node[] wrt, SparsityPattern pattern, Coloring coloring, Node[] products, int[] sources, Specialization? specialization)
    {
        Output = output;
        Wrt = wrt;
        Pattern = pattern;
        Coloring = coloring;
        Products = products;
        _sources = sources;
        _specialization = specialization;
    }

    /// <summary>The differentiated output (in the specialized graph when sizes were bound).</summary>
    public Node Output { get; }

    /// <summary>The differentiated values, in column order.</summary>
    public IReadOnlyList<Node> Wrt { get; }

    /// <summary>The structural nonzeros, columns ascending in each row.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>The distance-2 colouring of the columns.</summary>
    public Coloring Coloring { get; }

    /// <summary>One JVP per colour, each of shape [M] (the output flattened).</summary>
    public IReadOnlyList<Node> Products { get; }

    /// <summary>For each structural nonzero (r, j), in CSR order, its place in the compressed matrix [colours, M]: <c>colour(j)·M + r</c>.</summary>
    public IReadOnlyList<int> RecoverySources => _sources;

    /// <summary>Builds the sparse Jacobian of <paramref name="output"/> with respect to <paramref name="wrt"/> (sizes bound by <paramref name="sizes"/>).</summary>
    public static SparseJacobian Build(Node output, IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        Specialization? specialization = null;
        var roots = new[] { output }.Concat(wrt).ToArray();
        if (!Specialization.IsStatic(roots))
        {
            specialization = Specialization.Of(roots, sizes ?? new Dictionary<string, int>());
            output = specialization[output];
            wrt = specialization.Map(wrt);
        }
        var w = wrt.ToArray();
        var pattern = Sparsity.Jacobian(output, w);
        var coloring = Coloring.Columns(pattern);
        int m = pattern.Rows, n = pattern.Columns;
        var products = new Node[pattern.Nonzeros == 0 ? 0 : coloring.Count];
        for (int c = 0; c < products.Length; c++)
        {
            var seeds = Layout.Split(w, Enumerable.Range(0, n).Select(j => coloring.Colors[j] == c ? 1.0 : 0.0).ToArray());
            products[c] = Layout.Flatten(Autodiff.Jvp(new[] { output }, w, seeds));
        }
        var sources = new int[pattern.Nonzeros];
        for (int r = 0; r < m; r++)
            for (int e = pattern.RowPointers[r]; e < pattern.RowPointers[r + 1]; e++)
                sources[e] = coloring.Colors[pattern.ColumnIndices[e]] * m + r;
        return new SparseJacobian(output, w, pattern, coloring, products, sources, specialization);
    }

    /// <summary>The Jacobian from the products' values (one tensor of M values per colour).</summary>
    public CsrMatrix Recover(IReadOnlyList<Tensor> products)
    {
        if (products is null) throw new ArgumentNullException(nameof(products));
        if (products.Count != Products.Count) throw new ArgumentException($"{products.Count} products for {Products.Count} colours.", nameof(products));
        int m = Pattern.Rows;
        var values = new double[_sources.Length];
        for (int e = 0; e < values.Length; e++) values[e] = products[_sources[e] / m].Data[_sources[e] % m];
        return new CsrMatrix(Pattern, values);
    }

    /// <summary>Evaluates the products with the interpreter at <paramref name="values"/> (keyed by the caller's leaves) and recovers the Jacobian.</summary>
    public CsrMatrix Evaluate(IReadOnlyDictionary<Node, Tensor> values)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        var bound = _specialization?.Values(values) ?? values;
        return Recover(Products.Count == 0 ? Array.Empty<Tensor>() : Interpreter.Evaluate(Products, bound));
    }
}
