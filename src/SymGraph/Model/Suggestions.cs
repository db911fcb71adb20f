using System;
using System.Collections.Generic;

namespace SymGraph.Model;

/// <summary>"Did you mean …?": the closest known name by edit distance, when it is close enough.</summary>
internal static class Suggestions
{
    /// <summary>
    /// The candidate nearest to <paramref name="name"/> in optimal-string-alignment distance (insertions,
    /// deletions, substitutions and swaps of neighbours, case changes counting half), if that distance
    /// is at most a third of the name's length (at least 1) and below the name's length (so
    /// one-letter names only match by case). Ties go to the candidate whose length is closest to the
    /// name's (<c>tahn</c> is one edit from both <c>tan</c> and <c>tanh</c>; a swap keeps the length,
    /// so <c>tanh</c> was meant), then to the earliest.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        double bestDistance = double.MaxValue;
        int bestLengthGap = int.MaxValue;
        double limit = Math.Max(1, name.Length / 3.0);
        foreach (var candidate in candidates)
        {
            if (candidate == name) continue;
            double d = Distance(name, candidate);
            if (d > limit || d >= name.Length) continue;
            int gap = Math.Abs(candidate.Length - name.Length);
            if (d < bestDistance || (d == bestDistance && gap < bestLengthGap))
            {
                best = candidate;
                bestDistance = d;
                bestLengthGap = gap;
            }
        }
        return best;
    }

    /// <summary>
    /// For command-line words, which are often typed longer or shorter than they are: the candidate that
    /// <paramref name="name"/> extends or abbreviates (<c>evaluate</c> → <c>eval</c>, <c>--hess</c> →
    /// <c>--hessian</c>, not <c>--help</c>), ignoring case and leading dashes, when the shorter of the two
    /// has at least 3 letters (ties: the nearest length, then the earliest); else <see cref="Closest"/>.
    /// </summary>
    public static string? ClosestOrPrefix(string name, IEnumerable<string> candidates)
    {
        var list = new List<string>(candidates);
        string bare = name.TrimStart('-');
        string? best = null;
        int bestGap = int.MaxValue;
        foreach (var candidate in list)
        {
            string other = candidate.TrimStart('-');
            if (candidate == name || Math.Min(bare.Length, other.Length) < 3) continue;
            bool extends = bare.StartsWith(other, StringComparison.OrdinalIgnoreCase) || other.StartsWith(bare, StringComparison.OrdinalIgnoreCase);
            int gap = Math.Abs(other.Length - bare.Length);
            if (extends && gap < bestGap)
            {
                best = candidate;
                bestGap = gap;
            }
        }
        return best ?? Closest(name, list);
    }

    /// <summary>Optimal string alignment distance; a substitution that only changes case costs 0.5.</summary>
    internal static double Distance(string a, string b)
    {
        // far apart anyway, and it keeps the table small whatever the input
        if (Math.Abs(a.Length - b.Length) > 8 || a.Length > 64 || b.Length > 64) return double.MaxValue;
        var d = new double[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                double cost = a[i - 1] == b[j - 1] ? 0 : char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0.5 : 1;
                double v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}
