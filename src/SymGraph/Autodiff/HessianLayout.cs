using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// The one flat layout of a Hessian over several values: the values concatenated in <c>wrt</c> order
/// (declaration order by default), each flattened row-major, so block [i, j] of
/// <see cref="Autodiff.Hessian(Node, IReadOnlyList{Node})"/> (shape wrtᵢ ++ wrtⱼ) lands at rows
/// offsetᵢ … and columns offsetⱼ …. <c>eval --hessian</c> prints this matrix, <see cref="SparseHessian"/>
/// and <see cref="Sparsity.Hessian"/> index it, and Hessian-vector products take and return one vector in it.
/// </summary>
public static class HessianLayout
{
    /// <summary>Where each value starts in the layout, plus the total size at the end (static shapes, or <paramref name="sizes"/> bound).</summary>
    public static int[] Offsets(IReadOnlyList<Node> wrt, IReadOnlyDictionary<string, int>? sizes = null)
    {
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        var context = new EvaluationContext(sizes);
        var offsets = new int[wrt.Count + 1];
        for (int i = 0; i < wrt.Count; i++)
            offsets[i + 1] = checked(offsets[i] + context.Resolve(wrt[i].Shape).Aggregate(1, (p, d) => checked(p * d)));
        return offsets;
    }

    /// <summary>The Hessian blocks [i, j] of <paramref name="cost"/> in row-major block order (k² nodes for k values).</summary>
    public static Node[] Blocks(Node cost, IReadOnlyList<Node> wrt)
    {
        var h = Autodiff.Hessian(cost, wrt);
        int k = wrt.Count;
        var flat = new Node[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) flat[i * k + j] = h[i, j];
        return flat;
    }

    /// <summary>
    /// The dense Hessian in the flat layout as one node of shape [N, N] (static shapes): the blocks
    /// reshaped to [nᵢ, nⱼ] and joined, rows by value i, columns by value j.
    /// </summary>
    public static Node Dense(Node cost, IReadOnlyList<Node> wrt)
    {
        var blocks = Blocks(cost, wrt);
        int k = wrt.Count;
        var sizes = wrt.Select(w => w.Shape.ElementCount).ToArray();
        return cost.Graph.InDerivativeScope(() =>
        {
            // Columns first: each block transposed to [nⱼ, nᵢ] and stacked along the leading axis, then back.
            var rows = new Node[k];
            for (int i = 0; i < k; i++)
            {
                var parts = Enumerable.Range(0, k).Select(j => Sym.Transpose(Sym.Reshape(blocks[i * k + j], Shape.Of(sizes[i], sizes[j])))).ToArray();
                rows[i] = Sym.Transpose(Sym.Concat(parts));
            }
            return Sym.Concat(rows);
        });
    }

    /// <summary>
    /// The Hessian-vector product H·v in the flat layout: <paramref name="v"/> is one vector over the values
    /// of <paramref name="wrt"/> concatenated (static shapes, [N]), and so is the result. With one value of
    /// rank 1, <paramref name="v"/> has its shape, symbolic or not, and so does the result.
    /// </summary>
    public static Node Hvp(Node cost, IReadOnlyList<Node> wrt, Node v)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (v is null) throw new ArgumentNullException(nameof(v));
        if (wrt.Count == 1 && wrt[0].Rank == 1) return Autodiff.Hvp(cost, wrt, new[] { v })[0];
        if (wrt.Any(w => !w.Shape.IsStatic))
            throw new ArgumentException("Hvp in the flat layout: symbolic sizes are supported for one vector only; these values need static shapes.", nameof(wrt));
        int n = wrt.Sum(w => w.Shape.ElementCount);
        if (v.Shape != new Shape(n)) throw new ShapeException($"hvp: v {v.Shape} does not match the flat layout [{n}]");
        var tangents = cost.Graph.InDerivativeScope(() =>
        {
            var parts = new Node[wrt.Count];
            int at = 0;
            for (int i = 0; i < wrt.Count; i++)
            {
                int size = wrt[i].Shape.ElementCount;
                parts[i] = Sym.Reshape(Sym.Slice(v, at, at + size), wrt[i].Shape);
                at += size;
            }
            return parts;
        });
        var products = Autodiff.Hvp(cost, wrt, tangents);
        return cost.Graph.InDerivativeScope(() => Layout.Flatten(products));
    }

    /// <summary>The flat vector of several values (static shapes) as one node of shape [N]: a gradient, a Hessian-vector product.</summary>
    public static Node Flatten(IReadOnlyList<Node> parts) => Layout.Flatten(parts);

    /// <summary>The dense matrix from the evaluated blocks (row-major block order, as <see cref="Blocks"/>), one array per row.</summary>
    public static double[][] Flatten(IReadOnlyList<Node> wrt, IReadOnlyList<Tensor> blocks)
    {
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (blocks is null) throw new ArgumentNullException(nameof(blocks));
        int k = wrt.Count;
        if (blocks.Count != k * k) throw new ArgumentException($"{blocks.Count} blocks for {k} values (expected {k * k}).", nameof(blocks));
        // The sizes come from the diagonal blocks' dimensions, so symbolic shapes work once evaluated.
        var sizes = Enumerable.Range(0, k).Select(i => blocks[i * k + i].Dims.Take(wrt[i].Rank).Aggregate(1, (p, d) => p * d)).ToArray();
        var offsets = new int[k];
        for (int i = 1; i < k; i++) offsets[i] = offsets[i - 1] + sizes[i - 1];
        int n = sizes.Sum();
        var matrix = new double[n][];
        for (int r = 0; r < n; r++) matrix[r] = new double[n];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                var data = blocks[i * k + j].Data;
                for (int p = 0; p < sizes[i]; p++)
                    for (int q = 0; q < sizes[j]; q++)
                        matrix[offsets[i] + p][offsets[j] + q] = data[p * sizes[j] + q];
            }
        return matrix;
    }

    /// <summary>Splits a flat vector into one tensor per value, each of its shape (<paramref name="sizes"/> binds symbolic sizes).</summary>
    public static Tensor[] Split(IReadOnlyList<Node> wrt, double[] flat, IReadOnlyDictionary<string, int>? sizes = null)
    {
        var offsets = Offsets(wrt, sizes);
        if (flat.Length != offsets[wrt.Count]) throw new ArgumentException($"{flat.Length} values for a layout of {offsets[wrt.Count]}.", nameof(flat));
        var context = new EvaluationContext(sizes);
        return wrt.Select((w, i) => new Tensor(context.Resolve(w.Shape), flat.Skip(offsets[i]).Take(offsets[i + 1] - offsets[i]).ToArray(), w.DType)).ToArray();
    }
}
