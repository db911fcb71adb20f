using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// A colouring of the columns of a sparsity pattern for compressed evaluation: the columns of one colour
/// are summed into one seed vector, so one product (a Hessian-vector product, a JVP) per colour gives
/// every structural nonzero. Colours are numbered from 0. <see cref="Star"/> colours symmetric Hessians
/// (direct recovery), <see cref="Columns"/> Jacobians (distance-2 in the column intersection graph); see
/// Gebremedhin, Manne and Pothen, "What color is your Jacobian?" (SIAM Review, 2005) and "New acyclic and
/// star coloring algorithms with application to computing Hessians" (SIAM J. Sci. Comput., 2007).
/// </summary>
public sealed class Coloring
{
    private readonly int[] _colors;

    private Coloring(int[] colors)
    {
        _colors = colors;
        Count = colors.Length == 0 ? 0 : colors.Max() + 1;
    }

    /// <summary>The colour of each column.</summary>
    public IReadOnlyList<int> Colors => _colors;

    /// <summary>The number of colours (products needed).</summary>
    public int Count { get; }

    /// <summary>The columns of colour <paramref name="color"/>, ascending.</summary>
    public int[] Members(int color) => Enumerable.Range(0, _colors.Length).Where(j => _colors[j] == color).ToArray();

    /// <summary>
    /// A star colouring of the adjacency graph of a symmetric pattern (an edge i–j for each off-diagonal
    /// nonzero): adjacent columns differ in colour and every path on four vertices uses at least three
    /// colours, so every nonzero can be read directly from one product (no substitution). Greedy, vertices
    /// by decreasing degree; the algorithm that keeps two-coloured stars (GMP 2007, Algorithm 4.1). A pattern
    /// with at least half of all pairs gets one colour per column without the search.
    /// </summary>
    public static Coloring Star(SparsityPattern pattern)
    {
        if (pattern is null) throw new ArgumentNullException(nameof(pattern));
        if (pattern.Rows != pattern.Columns) throw new ArgumentException($"A star colouring needs a square pattern, got {pattern}.", nameof(pattern));
        var g = new Adjacency(pattern);
        int n = g.Vertices;
        var color = Enumerable.Repeat(-1, n).ToArray();
        if (g.IsHalfDense)
        {
            // At least half of all pairs meet: greedy colouring saves a few percent of the n products at
            // best (976 colours for a random half-dense 1000×1000 pattern) and costs seconds (O(n·d²)).
            for (int v = 0; v < n; v++) color[v] = v;
            return new Coloring(color);
        }
        var forbidden = Enumerable.Repeat(-1, n + 1).ToArray();
        var treated = Enumerable.Repeat(-1, n).ToArray();
        var firstNeighbor = Enumerable.Repeat((P: -1, Q: -1, Edge: -1), n + 1).ToArray();
        var star = new int[g.Edges];
        var hub = new List<int>(); // per star its hub, or −1 − v for a star of one edge (no hub yet)

        void Treat(int v, int w)
        {
            for (int s = g.Start[w]; s < g.Start[w + 1]; s++)
                if (color[g.Neighbor[s]] >= 0) forbidden[color[g.Neighbor[s]]] = v;
            treated[w] = v;
        }

        foreach (int v in g.ByDecreasingDegree())
        {
            for (int s = g.Start[v]; s < g.Start[v + 1]; s++)
            {
                int w = g.Neighbor[s], cw = color[w];
                if (cw < 0) continue;
                forbidden[cw] = v;
                var (p, q, _) = firstNeighbor[cw];
                if (p == v)
                {
                    // Two neighbours w and q share a colour: no neighbour of either may take v's colour.
                    if (treated[q] != v) Treat(v, q);
                    Treat(v, w);
                }
                else
                {
                    firstNeighbor[cw] = (v, w, g.EdgeOf[s]);
                    for (int t = g.Start[w]; t < g.Start[w + 1]; t++)
                    {
                        int x = g.Neighbor[t];
                        if (x == v || color[x] < 0) continue;
                        // w–x lies in a star whose hub is x: v taking x's colour would make a two-coloured path.
                        if (hub[star[g.EdgeOf[t]]] == x) forbidden[color[x]] = v;
                    }
                }
            }
            int c = 0;
            while (forbidden[c] == v) c++;
            color[v] = c;
            // Grow the two-coloured stars around v.
            for (int s = g.Start[v]; s < g.Start[v + 1]; s++)
            {
                int w = g.Neighbor[s];
                if (color[w] < 0) continue;
                bool joined = false;
                for (int t = g.Start[w]; t < g.Start[w + 1]; t++)
                {
                    int x = g.Neighbor[t];
                    if (x != v && color[x] == c)
                    {
                        int sx = star[g.EdgeOf[t]];
                        hub[sx] = w;
                        star[g.EdgeOf[s]] = sx;
                        joined = true;
                        break;
                    }
                }
                if (joined) continue;
                var (p, q, edge) = firstNeighbor[color[w]];
                if (p == v && q != w)
                {
                    int sq = star[edge];
                    hub[sq] = v;
                    star[g.EdgeOf[s]] = sq;
                }
                else
                {
                    hub.Add(-1 - Math.Max(v, w));
                    star[g.EdgeOf[s]] = hub.Count - 1;
                }
            }
        }
        for (int v = 0; v < n; v++)
            if (color[v] < 0) color[v] = 0;
        return new Coloring(color);
    }

    /// <summary>
    /// A distance-2 colouring of the columns of a (Jacobian) pattern: two columns with a nonzero in the same
    /// row differ in colour, so each row of a product holds at most one column of its colour. Greedy, columns
    /// by decreasing count of nonzeros.
    /// </summary>
    public static Coloring Columns(SparsityPattern pattern)
    {
        if (pattern is null) throw new ArgumentNullException(nameof(pattern));
        var byColumn = pattern.Transpose();
        int n = pattern.Columns;
        var color = Enumerable.Repeat(-1, n).ToArray();
        var forbidden = Enumerable.Repeat(-1, n + 1).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(j => byColumn.Row(j).Count).ThenBy(j => j).ToArray();
        foreach (int v in order)
        {
            foreach (int r in byColumn.Row(v))
                foreach (int x in pattern.Row(r))
                    if (color[x] >= 0) forbidden[color[x]] = v;
            int c = 0;
            while (forbidden[c] == v) c++;
            color[v] = c;
        }
        return new Coloring(color);
    }

    /// <summary>A colouring from given colours (checked by the caller with <see cref="IsStar"/> or <see cref="IsDistance2"/>).</summary>
    public static Coloring FromColors(IReadOnlyList<int> colors)
    {
        if (colors is null) throw new ArgumentNullException(nameof(colors));
        if (colors.Any(c => c < 0)) throw new ArgumentException("Colours are non-negative.", nameof(colors));
        return new Coloring(colors.ToArray());
    }

    /// <summary>
    /// True when <paramref name="colors"/> is a star colouring of the symmetric <paramref name="pattern"/>:
    /// adjacent vertices differ, and no path on four vertices uses only two colours. Equivalently, for every
    /// edge i–j, i has no other neighbour of j's colour or j has no other neighbour of i's colour (the middle
    /// edge of a two-coloured path fails both), which is also what direct recovery reads.
    /// </summary>
    public static bool IsStar(SparsityPattern pattern, IReadOnlyList<int> colors)
    {
        var unique = UniqueNeighbors(pattern, colors, out bool proper);
        if (!proper) return false;
        for (int i = 0; i < pattern.Rows; i++)
            for (int e = pattern.RowPointers[i]; e < pattern.RowPointers[i + 1]; e++)
            {
                int j = pattern.ColumnIndices[e];
                if (i != j && !unique[e] && !unique[pattern.IndexOf(j, i)]) return false;
            }
        return true;
    }

    /// <summary>True when no row of <paramref name="pattern"/> has two columns of one colour (a valid Jacobian colouring).</summary>
    public static bool IsDistance2(SparsityPattern pattern, IReadOnlyList<int> colors)
    {
        var seen = new Dictionary<int, int>();
        for (int i = 0; i < pattern.Rows; i++)
        {
            seen.Clear();
            foreach (int j in pattern.Row(i))
                {
                    if (seen.ContainsKey(colors[j])) return false;
                    seen[colors[j]] = j;
                }
        }
        return true;
    }

    /// <summary>
    /// For each entry (i, j) of the pattern, whether j is i's only neighbour of j's colour (so the product of
    /// j's colour holds H[i, j] alone in row i); <paramref name="proper"/> is false when two neighbours share a colour.
    /// </summary>
    internal static bool[] UniqueNeighbors(SparsityPattern pattern, IReadOnlyList<int> colors, out bool proper)
    {
        if (!pattern.IsSymmetric) throw new ArgumentException("A star colouring is of a symmetric pattern.", nameof(pattern));
        if (colors.Count != pattern.Columns) throw new ArgumentException($"{colors.Count} colours for {pattern.Columns} columns.", nameof(colors));
        proper = true;
        int count = colors.Count == 0 ? 0 : colors.Max() + 1;
        var perColor = new int[count];
        var unique = new bool[pattern.Nonzeros];
        for (int i = 0; i < pattern.Rows; i++)
        {
            var row = pattern.Row(i);
            foreach (int j in row)
                if (j != i) perColor[colors[j]]++;
            for (int e = pattern.RowPointers[i]; e < pattern.RowPointers[i + 1]; e++)
            {
                int j = pattern.ColumnIndices[e];
                if (j == i) continue;
                if (colors[j] == colors[i]) proper = false;
                unique[e] = perColor[colors[j]] == 1;
            }
            foreach (int j in row)
                if (j != i) perColor[colors[j]]--;
        }
        return unique;
    }

    /// <summary>The adjacency graph of a symmetric pattern without its diagonal, each undirected edge numbered.</summary>
    private sealed class Adjacency
    {
        public Adjacency(SparsityPattern pattern)
        {
            Vertices = pattern.Rows;
            Start = new int[Vertices + 1];
            for (int i = 0; i < Vertices; i++)
                Start[i + 1] = Start[i] + pattern.Row(i).Count - (pattern.Contains(i, i) ? 1 : 0);
            Neighbor = new int[Start[Vertices]];
            EdgeOf = new int[Start[Vertices]];
            int at = 0;
            for (int i = 0; i < Vertices; i++)
                foreach (int j in pattern.Row(i))
                    if (j != i) Neighbor[at++] = j;
            // Number each edge once, at its lower end; the upper end looks it up.
            for (int i = 0; i < Vertices; i++)
                for (int s = Start[i]; s < Start[i + 1]; s++)
                {
                    int j = Neighbor[s];
                    if (j > i) EdgeOf[s] = Edges++;
                    else EdgeOf[s] = EdgeOf[Array.BinarySearch(Neighbor, Start[j], Start[j + 1] - Start[j], i)];
                }
        }

        public int Vertices { get; }
        public int Edges { get; }
        public int[] Start { get; }
        public int[] Neighbor { get; }
        public int[] EdgeOf { get; }

        public bool IsHalfDense => Vertices > 1 && 2L * Neighbor.Length >= (long)Vertices * (Vertices - 1);

        public IEnumerable<int> ByDecreasingDegree() =>
            Enumerable.Range(0, Vertices).OrderByDescending(v => Start[v + 1] - Start[v]).ThenBy(v => v);
    }
}
