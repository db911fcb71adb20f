using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SymGraph.Model;

namespace SymGraph.Cli.Tests;

/// <summary>
/// 10,000 seeded random and mutated model files through the command line's entry point
/// (<c>symgraph graph FILE --stats --json</c>, which parses, binds, differentiates and simplifies): never an
/// unhandled exception (exit code 3) or a usage error, always either success with JSON on standard output
/// or exit code 1 with only located diagnostics on standard error. Small models that compile also go
/// through <c>symgraph check</c> at a random point (evaluation and finite differences), which may pass or
/// fail but never crash. A failure names the seed and the file.
/// </summary>
public class FuzzTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FuzzTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private static readonly string[] Corpus =
    {
        """
        input  x[batch, 784]
        input  y[batch, 10]
        param  W1[784, 256], b1[256]
        param  W2[256, 10], b2[10]
        h    = relu(x @ W1 + b1)
        z    = h @ W2 + b2
        loss = mean(cross_entropy_logits(z, y)) + 1e-4 * (sum(W1^2) + sum(W2^2))
        minimize loss
        output z
        """,
        """
        param x[10]
        head = x[:-1]
        tail = x[1:]
        f = sum(100 * (tail - head^2)^2 + (1 - head)^2)
        minimize f
        """,
        """
        input X[batch, 3]
        input y[batch]
        param w[3]
        param b
        z = X @ w + b
        p = sigmoid(z)
        loss = mean(softplus(z) - y * z) + 0.01 * sum(w^2)
        minimize loss
        output p
        """,
        """
        input x[5], t
        param a, b
        r = x[1:] - x[:-1]
        s = where(r > 0, r, -r) ^ 2 / 2.5
        u = maximum(s, minimum(a, b)) + x[-1] * t
        loss = sum(u) + logsumexp(x) - max(x) + mean(x, axis: 0)
        minimize loss wrt a, b
        output r, s
        """,
        """
        input v[batch, 4]
        param W[4, 4]
        p = softmax(v @ W, axis: 1)
        q = log_softmax(v @ transpose(W))
        e = cross_entropy(p, softmax(v))
        k = reshape(v, [batch, 2, 2])
        l = sum(sigmoid(v) + tanh(v) + softplus(v) + exp(-v^2) + log(1 + abs(v)) + sqrt(square(v) + 1)) / batch
        minimize l
        """,
        """
        param theta[3]
        f = sin(theta[0]) * cos(theta[1]) + tan(theta[2] / 10)
        g = -f^2 + 2^3^2 - --theta[1]
        minimize g
        """,
    };

    private static readonly string[] Vocabulary =
    {
        "input", "param", "minimize", "output", "wrt", "x", "y", "W1", "b1", "h", "z", "loss", "batch", "relu", "softmax", "sum",
        "mean", "reshape", "where", "tanh", "exp", "log", "axis", "0", "1", "2", "-1", "3", "10", "2.5", "1e-4", "+", "-", "*", "/",
        "^", "@", "(", ")", "[", "]", ",", ":", "=", "<", "==", ">", "\n", "\n", "\n", " ", "#", "$", ".", "\t",
    };

    private const string OddCharacters = "()[],:=+-*/^@<>!#$.\n\r\t \"'\\{}0123456789eE_xyzα\u0000\uFEFF";

    [Fact]
    public void Fuzz_TenThousandRandomAndMutatedModels_SuccessOrLocatedDiagnostics()
    {
        const int Files = 10_000;
        var master = new Random(20250611);
        using var dir = new TempDirectory();
        const string name = "fuzz.sg";
        var path = dir.File(name);
        int succeeded = 0, rejected = 0, checkedModels = 0;
        for (int i = 0; i < Files; i++)
        {
            int seed = master.Next();
            var text = Generate(new Random(seed), i);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            var r = CliHost.RunIn(dir.Path, "graph", name, "--stats", "--json");
            string where = $"file {i} (seed {seed}): {r}\n--- file ---\n{text}";
            if (r.ExitCode == 0)
            {
                succeeded++;
                using var json = JsonDocument.Parse(r.Stdout);
                Assert.True(json.RootElement.GetProperty("forward").ValueKind is JsonValueKind.Number, where);
                foreach (var line in Lines(r.Stderr)) Assert.True(IsLocated(line, name, text), where); // warnings only
                if (!text.Contains("784", StringComparison.Ordinal))
                {
                    // Small models also go through evaluation and finite differences at a random point.
                    var check = CliHost.RunIn(dir.Path, "check", name, "--samples", "20", "--seed", (i % 7).ToString());
                    Assert.True(check.ExitCode is 0 or 1 && !check.Stderr.Contains("internal error"), $"{where}\n--- check ---\n{check}");
                    checkedModels++;
                }
                continue;
            }
            Assert.True(r.ExitCode == 1, where);
            Assert.Equal("", r.Stdout);
            var lines = Lines(r.Stderr);
            Assert.True(lines.Length > 0, where);
            foreach (var line in lines) Assert.True(IsLocated(line, name, text), $"{where}\n--- line ---\n{line}");
            rejected++;
        }
        _output.WriteLine($"{succeeded} succeeded, {rejected} rejected, {checkedModels} checked");
        Assert.True(succeeded > Files / 50 && rejected > Files / 2 && checkedModels > Files / 100, $"{succeeded} succeeded, {rejected} rejected, {checkedModels} checked");
    }

    /// <summary>
    /// Inputs that once flooded the terminal or the memory (5 MB of random bytes gave 803,305 error lines,
    /// 49.7 MB of standard error and 524 MB): binary files, huge files and deeply repeated pieces. Each
    /// run prints at most 101 lines (100 diagnostics and one count) and stays within 500 MB.
    /// </summary>
    /// <remarks>
    /// Memory is measured as the bytes the run allocates on its own thread
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>; the command line runs synchronously on the
    /// calling thread). Everything live at the peak was allocated during the run, so this bounds the peak
    /// heap growth from above, and unlike the process's working set or the process-wide GC counters it is
    /// not disturbed by the test classes xUnit runs in parallel. The front end allocates no native memory.
    /// Tens of megabytes of error-dense text allocate more than the bound in tokens and syntax that die a
    /// statement later (the front end streams them), so their peak is measured another way, in
    /// <see cref="HugeModelMemoryTests"/>.
    /// </remarks>
    [Fact]
    public void Fuzz_BinaryHugeAndDeeplyRepeatedModels_AtMost101LinesAndBoundedMemory()
    {
        const long MaxBytes = 500_000_000;
        var rng = new Random(20261203);
        var latin1 = new StringBuilder(ModelMutations.Huge(rng, Corpus[2], 20_000_000, "()[]+-*/$#\n")).Append("# café\n").ToString();
        var cases = new (string Name, Func<byte[]> Bytes)[]
        {
            ("binary, 5 MB", () => ModelMutations.Binary(rng, 5_000_000)),
            ("binary, 20 MB", () => ModelMutations.Binary(rng, 20_000_000)),
            ("huge: 20 MB of models, one Latin-1 byte at the end", () => Encoding.Latin1.GetBytes(latin1)),
            ("huge: 20 MB of one bad character", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("", "$", 20_000_000))),
            ("huge: a 20 MB name", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("x = ", "y", 20_000_000))),
            ("huge: 1 MB of mutated models", () => Encoding.UTF8.GetBytes(ModelMutations.Huge(rng, Corpus[1], 1_000_000, "()[]+-*/$#\n"))),
            ("deeply repeated: a million '('", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("input x\ny = ", "(", 1_000_000))),
            ("deeply repeated: a million '-' and no operand", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("input x\ny = ", "-", 1_000_000))),
            ("deeply repeated: a broken line 100,000 times", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("", "a = 1 +\n", 100_000, ""))),
            ("deeply repeated: a values row 100,000 times", () => Encoding.UTF8.GetBytes(ModelMutations.Repeated("{\"x\": [\n", "  [0.5, 1e-3, -2],\n", 100_000, "]}\n"))),
        };
        using var dir = new TempDirectory();
        const string name = "input.sg";
        foreach (var (what, bytes) in cases)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            File.WriteAllBytes(dir.File(name), bytes());
            long made = clock.ElapsedMilliseconds;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = CliHost.RunIn(dir.Path, "graph", name, "--stats", "--json");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine($"{what}: exit code {r.ExitCode}, {Lines(r.Stderr).Length} lines, {allocated / 1e6:F0} MB allocated, {made} + {clock.ElapsedMilliseconds - made} ms");
            string where = $"{what}: {allocated / 1e6:F0} MB allocated; exit code {r.ExitCode}\n{r.Stderr.Substring(0, Math.Min(r.Stderr.Length, 2000))}";
            Assert.True(r.ExitCode is 0 or 1, where);
            Assert.True(r.Stderr.Length <= 101 * 1000, where); // no line of megabytes either
            var lines = Lines(r.Stderr);
            Assert.True(lines.Length <= ModelCompiler.MaxDiagnostics + 1, where);
            for (int k = 0; k < lines.Length; k++)
            {
                bool count = k == ModelCompiler.MaxDiagnostics && Regex.IsMatch(lines[k], @"^input\.sg: [\d,]+ more (errors|warnings|errors and [\d,]+ more warnings) not shown$");
                Assert.True(count || DiagnosticsSnapshotTests.Located.IsMatch(lines[k]), $"{where}\n--- line ---\n{lines[k]}");
            }
            Assert.True(allocated <= MaxBytes, where);
        }
    }

    private static string[] Lines(string text) => text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');

    /// <summary>A diagnostic in MSBuild form whose line exists in the file and whose column is on it (or just past its end).</summary>
    private static bool IsLocated(string line, string name, string text)
    {
        var m = DiagnosticsSnapshotTests.Located.Match(line);
        if (!m.Success || m.Groups["file"].Value != name) return false;
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        int l = int.Parse(m.Groups["line"].Value), c = int.Parse(m.Groups["column"].Value);
        if (l < 1 || l > lines.Length) return false;
        var content = lines[l - 1];
        if (l == 1 && content.StartsWith('\uFEFF')) content = content.Substring(1);
        return c >= 1 && c <= content.Length + 1;
    }

    private static string Generate(Random rng, int i) => (i % 5) switch
    {
        0 => RandomTokens(rng),
        1 => ModelMutations.MutateTokens(rng, Corpus[rng.Next(Corpus.Length)], Vocabulary),
        2 => ModelMutations.MutateCharacters(rng, Corpus[rng.Next(Corpus.Length)], OddCharacters),
        3 => ModelMutations.MutateTokens(rng, ModelMutations.MutateCharacters(rng, Corpus[rng.Next(Corpus.Length)], OddCharacters, 1), Vocabulary),
        _ => SwapLikeForLike(rng, Corpus[rng.Next(Corpus.Length)]),
    };

    private static readonly string[][] Kin =
    {
        new[] { "+", "-", "*", "/" },
        new[] { "exp", "tanh", "sigmoid", "relu", "softplus", "sin", "cos", "square", "abs", "sqrt", "log", "neg", "sign" },
        new[] { "sum", "mean", "max", "logsumexp" },
        new[] { "softmax", "log_softmax" },
        new[] { "maximum", "minimum" },
        new[] { "0", "1", "2", "3", "0.5", "-1", "100", "1e-4", "1e300" },
    };

    /// <summary>Replaces a few operators, functions and numbers with their kin: mostly valid models with new math in them.</summary>
    private static string SwapLikeForLike(Random rng, string text)
    {
        var pieces = Regex.Split(text, @"(\s+|[()\[\],:=+\-*/^@])").Where(p => p.Length > 0).ToList();
        int edits = rng.Next(1, 5);
        for (int e = 0; e < edits; e++)
        {
            var candidates = Enumerable.Range(0, pieces.Count).Where(k => Kin.Any(g => g.Contains(pieces[k]))).ToList();
            if (candidates.Count == 0) break;
            int at = candidates[rng.Next(candidates.Count)];
            var group = Kin.First(g => g.Contains(pieces[at]));
            pieces[at] = group[rng.Next(group.Length)];
        }
        return string.Concat(pieces);
    }

    private static string RandomTokens(Random rng)
    {
        var sb = new StringBuilder();
        int n = rng.Next(1, 60);
        for (int k = 0; k < n; k++) sb.Append(Vocabulary[rng.Next(Vocabulary.Length)]).Append(rng.Next(3) == 0 ? "" : " ");
        return sb.ToString();
    }
}
