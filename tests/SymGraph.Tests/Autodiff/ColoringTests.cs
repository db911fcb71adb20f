namespace SymGraph.Tests;

/// <summary>Star and distance-2 colourings on random patterns, checked by brute force as well as by the library's checks.</summary>
public class ColoringTests
{
    private static SparsityPattern RandomSymmetric(Random rng, int n, double density)
    {
        var rows = Enumerable.Range(0, n).Select(_ => new SortedSet<int>()).ToArray();
        for (int i = 0; i < n; i++)
        {
            if (rng.NextDouble() < 0.5) rows[i].Add(i);
            for (int j = i + 1; j < n; j++)
                if (rng.NextDouble() < density) { rows[i].Add(j); rows[j].Add(i); }
        }
        return Pattern(n, rows);
    }

    private static SparsityPattern Pattern(int columns, IReadOnlyList<SortedSet<int>> rows)
    {
        var pointers = new List<int> { 0 };
        var indices = new List<int>();
        foreach (var r in rows)
        {
            indices.AddRange(r);
            pointers.Add(indices.Count);
        }
        return new SparsityPattern(rows.Count, columns, pointers, indices);
    }

    /// <summary>Star property by definition: distance-1 proper, and no path on four vertices with two colours.</summary>
    private static bool IsStarByPaths(SparsityPattern p, IReadOnlyList<int> c)
    {
        int n = p.Rows;
        bool Edge(int a, int b) => a != b && p.Contains(a, b);
        for (int a = 0; a < n; a++)
            foreach (int b in p.Row(a))
            {
                if (a == b) continue;
                if (c[a] == c[b]) return false;
                foreach (int d in p.Row(b))
                {
                    if (d == a || d == b || c[d] != c[a]) continue;
                    foreach (int e in p.Row(d))
                        if (e != a && e != b && e != d && Edge(d, e) && c[e] == c[b]) return false;
                }
            }
        return true;
    }

    [Fact]
    public void Star_OnRandomPatterns_IsAStarColouring()
    {
        var rng = new Random(42);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 1 + rng.Next(40);
            var p = RandomSymmetric(rng, n, rng.NextDouble() * 0.3);
            var coloring = Coloring.Star(p);
            Assert.True(IsStarByPaths(p, coloring.Colors), $"trial {trial}: not a star colouring");
            Assert.True(Coloring.IsStar(p, coloring.Colors), $"trial {trial}");
            Assert.True(coloring.Count <= n);
        }
    }

    [Fact]
    public void IsStar_RejectsATwoColouredPath()
    {
        // The path 0–1–2–3 coloured 0, 1, 0, 1.
        var rows = new[] { new SortedSet<int> { 1 }, new SortedSet<int> { 0, 2 }, new SortedSet<int> { 1, 3 }, new SortedSet<int> { 2 } };
        var p = Pattern(4, rows);
        Assert.False(Coloring.IsStar(p, new[] { 0, 1, 0, 1 }));
        Assert.True(Coloring.IsStar(p, new[] { 0, 1, 0, 2 }));
        Assert.False(Coloring.IsStar(p, new[] { 0, 0, 1, 2 }));
    }

    [Fact]
    public void Star_OfADensePattern_GivesEveryColumnItsOwnColour()
    {
        int n = 30;
        var rows = Enumerable.Range(0, n).Select(_ => new SortedSet<int>(Enumerable.Range(0, n))).ToArray();
        Assert.Equal(n, Coloring.Star(Pattern(n, rows)).Count);
    }

    [Fact]
    public void Columns_OnRandomPatterns_IsDistance2()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int m = 1 + rng.Next(30), n = 1 + rng.Next(30);
            double density = rng.NextDouble() * 0.4;
            var rows = Enumerable.Range(0, m).Select(_ => new SortedSet<int>(Enumerable.Range(0, n).Where(_ => rng.NextDouble() < density))).ToArray();
            var p = Pattern(n, rows);
            var coloring = Coloring.Columns(p);
            Assert.True(Coloring.IsDistance2(p, coloring.Colors), $"trial {trial}");
            // By definition: two columns sharing a row differ.
            foreach (var r in rows)
                Assert.Equal(r.Count, r.Select(j => coloring.Colors[j]).Distinct().Count());
        }
    }
}
