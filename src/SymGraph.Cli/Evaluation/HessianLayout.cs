using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// Flattens Hessian blocks into one dense matrix over every value differentiated with respect to, in
/// declaration order, each value row-major: block [i, j] (shape wrtᵢ ++ wrtⱼ) lands at rows
/// offsetᵢ … and columns offsetⱼ ….
/// </summary>
internal static class HessianLayout
{
    /// <summary>The dense matrix from <paramref name="blocks"/> in row-major block order.</summary>
    public static double[][] Flatten(IReadOnlyList<Node> wrt, IReadOnlyList<Tensor> blocks)
    {
        int k = wrt.Count;
        var sizes = wrt.Select(w => w.Shape.ElementCount).ToArray();
        var offsets = new int[k];
        for (int i = 1; i < k; i++) offsets[i] = offsets[i - 1] + sizes[i - 1];
        int n = sizes.Sum();
        var matrix = new double[n][];
        for (int r = 0; r < n; r++) matrix[r] = new double[n];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                var data = blocks[i * k + j].Data;
                for (int p = 0; p < sizes[i]; p++)
                    for (int q = 0; q < sizes[j]; q++)
                        matrix[offsets[i] + p][offsets[j] + q] = data[p * sizes[j] + q];
            }
        }
        return matrix;
    }
}
