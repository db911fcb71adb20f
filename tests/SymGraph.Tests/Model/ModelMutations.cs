using System.Text;
using System.Text.RegularExpressions;

namespace SymGraph.Tests;

/// <summary>
/// Seeded mutations of model files for the fuzz tests (the model library's and the CLI's): a few
/// token or character edits of a valid file.
/// </summary>
internal static class ModelMutations
{
    /// <summary>Deletes, inserts (from <paramref name="vocabulary"/>), duplicates or swaps a few pieces.</summary>
    public static string MutateTokens(Random rng, string text, string[] vocabulary)
    {
        var pieces = Regex.Split(text, @"(\s+|[()\[\],:=+\-*/^@])").Where(p => p.Length > 0).ToList();
        int edits = rng.Next(1, 4);
        for (int e = 0; e < edits && pieces.Count > 1; e++)
        {
            int at = rng.Next(pieces.Count);
            switch (rng.Next(4))
            {
                case 0: pieces.RemoveAt(at); break;
                case 1: pieces.Insert(at, vocabulary[rng.Next(vocabulary.Length)]); break;
                case 2: pieces.Insert(at, pieces[rng.Next(pieces.Count)]); break;
                default:
                    int other = rng.Next(pieces.Count);
                    (pieces[at], pieces[other]) = (pieces[other], pieces[at]);
                    break;
            }
        }
        return string.Concat(pieces);
    }

    /// <summary>Deletes, inserts (from <paramref name="oddCharacters"/>) or swaps a few characters.</summary>
    public static string MutateCharacters(Random rng, string text, string oddCharacters, int maxEdits = 4)
    {
        var sb = new StringBuilder(text);
        int edits = rng.Next(1, maxEdits + 1);
        for (int e = 0; e < edits && sb.Length > 1; e++)
        {
            int at = rng.Next(sb.Length);
            switch (rng.Next(3))
            {
                case 0: sb.Remove(at, 1); break;
                case 1: sb.Insert(at, oddCharacters[rng.Next(oddCharacters.Length)]); break;
                default:
                    int other = rng.Next(sb.Length);
                    (sb[at], sb[other]) = (sb[other], sb[at]);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary><paramref name="length"/> random bytes: what a user gets by passing a binary file as a model.</summary>
    public static byte[] Binary(Random rng, int length)
    {
        // xorshift64, eight bytes at a time: Random.NextBytes takes over a second for 20 MB.
        var bytes = new byte[length + 7];
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan());
        ulong x = (ulong)rng.NextInt64() | 1;
        for (int i = 0; i < words.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            words[i] = x;
        }
        return bytes.AsSpan(0, length).ToArray();
    }

    /// <summary><paramref name="text"/> repeated, each copy lightly mutated, to at least <paramref name="length"/> characters.</summary>
    public static string Huge(Random rng, string text, int length, string oddCharacters)
    {
        var sb = new StringBuilder(length + text.Length + 1);
        while (sb.Length < length) sb.Append(MutateCharacters(rng, text, oddCharacters, 2)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The text of <c>examples/NAME.sg</c>, found by walking up from the running assembly to the repository.</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "examples", name + ".sg");
            if (File.Exists(path) && File.Exists(Path.Combine(dir.FullName, "SymGraph.sln"))) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"examples/{name}.sg not found above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// <paramref name="text"/> repeated to at least <paramref name="length"/> characters, one character of every
    /// non-empty line damaged: deleted, replaced or preceded by one of <paramref name="oddCharacters"/>.
    /// Error-dense text: most lines are reported, and the front end must still keep its memory bounded.
    /// </summary>
    public static string DamagedLines(Random rng, string text, int length, string oddCharacters)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var sb = new StringBuilder(length + text.Length + 1);
        while (sb.Length < length)
        {
            foreach (var line in lines)
            {
                if (line.Length == 0)
                {
                    sb.Append('\n');
                    continue;
                }
                int at = rng.Next(line.Length);
                char odd = oddCharacters[rng.Next(oddCharacters.Length)];
                switch (rng.Next(3))
                {
                    case 0: sb.Append(line, 0, at).Append(line, at + 1, line.Length - at - 1); break;
                    case 1: sb.Append(line, 0, at).Append(odd).Append(line, at + 1, line.Length - at - 1); break;
                    default: sb.Append(line, 0, at).Append(odd).Append(line, at, line.Length - at); break;
                }
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// A valid model of <paramref name="lines"/> assignments, one a line, each reading the one before:
    /// <c>param u0</c>, <c>u1 = u0 + 1e-6*sin(u0)</c>, …, <c>minimize uN</c>.
    /// </summary>
    public static string Chain(int lines)
    {
        var sb = new StringBuilder(lines * 40);
        sb.Append("param u0\n");
        for (int i = 1; i <= lines; i++) sb.Append('u').Append(i).Append(" = u").Append(i - 1).Append(" + 1e-6*sin(u").Append(i - 1).Append(")\n");
        return sb.Append("minimize u").Append(lines).Append('\n').ToString();
    }

    /// <summary>
    /// One piece repeated <paramref name="count"/> times between a prefix and a suffix, as in
    /// <c>x = ((((…</c> or a broken line repeated: deep nesting and floods of the same diagnostic.
    /// </summary>
    public static string Repeated(string prefix, string piece, int count, string suffix = "\n")
    {
        var sb = new StringBuilder(prefix.Length + piece.Length * count + suffix.Length);
        sb.Append(prefix);
        for (int i = 0; i < count; i++) sb.Append(piece);
        return sb.Append(suffix).ToString();
    }
}
