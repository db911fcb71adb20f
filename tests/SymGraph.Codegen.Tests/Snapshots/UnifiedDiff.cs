using System.Text;

namespace SymGraph.Tests;

/// <summary>A unified diff (<c>diff -u</c> format, three lines of context) of two texts, line by line.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Compute(string expected, string actual, string expectedName = "expected", string actualName = "actual")
    {
        var a = Lines(expected);
        var b = Lines(actual);
        var edits = Edits(a, b);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(expectedName).Append('\n');
        sb.Append("+++ ").Append(actualName).Append('\n');

        // Group edits into hunks: runs of changes with up to 2·Context unchanged lines between them.
        int k = 0;
        while (k < edits.Count)
        {
            if (edits[k].Kind == ' ') { k++; continue; }
            int start = Math.Max(0, k - Context);
            int end = k;
            int lastChange = k;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ') lastChange = end;
                else if (end - lastChange > 2 * Context) break;
                end++;
            }
            end = Math.Min(edits.Count, lastChange + Context + 1);
            int aStart = edits[start].A, bStart = edits[start].B;
            int aCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '+');
            int bCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '-');
            sb.Append($"@@ -{aStart + 1},{aCount} +{bStart + 1},{bCount} @@\n");
            for (int i = start; i < end; i++) sb.Append(edits[i].Kind).Append(edits[i].Text).Append('\n');
            k = end;
        }
        return sb.ToString();
    }

    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private readonly record struct Edit(char Kind, string Text, int A, int B);

    /// <summary>The edit script from a longest common subsequence (O(n·m); snapshots are small).</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { edits.Add(new Edit(' ', a[x], x, y)); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(new Edit('-', a[x], x, y)); x++; }
            else { edits.Add(new Edit('+', b[y], x, y)); y++; }
        }
        return edits;
    }
}
