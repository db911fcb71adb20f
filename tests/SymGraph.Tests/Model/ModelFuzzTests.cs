using System.Text;
using SymGraph.Model;

namespace SymGraph.Tests;

/// <summary>
/// Seeded robustness tests: random and mutated model files must never throw, and every result is
/// either clean or carries at least one error, each diagnostic at a real position of the file.
/// A failure prints the seed and the file so it can be replayed.
/// </summary>
public class ModelFuzzTests
{
    private static readonly string[] Corpus =
    {
        """
        # a two-layer perceptron with softmax + cross-entropy
        input  x[batch, 784]
        input  y[batch, 10]
        param  W1[784, 256], b1[256]
        param  W2[256, 10], b2[10]

        h    = relu(x @ W1 + b1)
        z    = h @ W2 + b2
        loss = mean(cross_entropy_logits(z, y)) + 1e-4 * (sum(W1^2) + sum(W2^2))

        minimize loss            # gradient w.r.t. every param
        output z
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
        c = (sum(e) < 1) * (sum(e) >= 0) + (1 == 1) - (2 != 3) + (1 <= 2) * (3 > 2)
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
        "input", "param", "minimize", "output", "wrt", "x", "y", "W1", "b1", "h", "loss", "batch", "relu", "softmax", "sum",
        "mean", "reshape", "where", "axis", "0", "1", "2", "-1", "784", "2.5", "1e-4", "+", "-", "*", "/", "^", "@", "(", ")",
        "[", "]", ",", ":", "=", "<", "<=", "==", "!=", ">", ">=", "\n", "\n", "\n", " ", "#", "$", "!", ".", "\r\n", "\t",
    };

    private const string OddCharacters = "()[],:=+-*/^@<>!#$.\n\r\t \"'\\{}0123456789eE_xyzα\u0000\u00A0\uFEFF\uD800\u2028";

    [Fact]
    public void Corpus_IsClean()
    {
        foreach (var text in Corpus) Assert.False(ModelCompiler.Compile(text, "c.sg").HasErrors, text);
    }

    /// <summary>
    /// The lexer reads its text a block at a time; through a reader that hands out 1 to 7 characters a
    /// call, every token, line end and byte-order mark meets a block boundary somewhere, and tokens longer
    /// than a block make it grow. The result must not change: the same diagnostics and the same model.
    /// </summary>
    [Fact]
    public void Fuzz_ThroughAReaderOfAFewCharactersACall_SameAsFromAString()
    {
        var rng = new Random(20261203);
        var texts = new List<string>
        {
            "input x\ny = x + " + new string('a', 200_000) + "\nz = y $$ " + new string('$', 150_000) + " 1" + new string('7', 100_000) + "e\n\uFEFFw = 1\n",
            "\uFEFFinput x\r\ny = (x +\r\n\r\n x)\rminimize y\n",
            ModelMutations.DamagedLines(rng, Corpus[0], 300_000, OddCharacters),
        };
        for (int i = 0; i < 2_000; i++) texts.Add(Generate(new Random(rng.Next()), i));
        for (int i = 0; i < texts.Count; i++)
        {
            string fromString = Describe(ModelCompiler.Compile(texts[i], "fuzz.sg"));
            string fromReader = Describe(ModelCompiler.Compile(new FewCharactersReader(texts[i], new Random(i)), "fuzz.sg"));
            Assert.True(fromString == fromReader, $"file {i}\n--- from a string ---\n{fromString}\n--- from a reader ---\n{fromReader}");
        }
    }

    private static string Describe(CompiledModel m) =>
        string.Join("\n", m.Diagnostics.Select(d => $"{d} ({d.Length})"))
        + $"\nomitted {m.OmittedErrors}/{m.OmittedWarnings}; {m.Graph.Nodes.Count} nodes; cost {m.Minimize?.Name} at {m.MinimizeLocation}; "
        + $"wrt {string.Join(",", m.Wrt.Select(w => w.Name))}; outputs {string.Join(",", m.Outputs.Select(o => o.Name))}; "
        + $"values {string.Join(",", m.Assignments.Select(a => a.Name))}";

    /// <summary>Hands out 1 to 7 characters a call.</summary>
    private sealed class FewCharactersReader : TextReader
    {
        private readonly string _text;
        private readonly Random _rng;
        private int _pos;

        public FewCharactersReader(string text, Random rng)
        {
            _text = text;
            _rng = rng;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, _rng.Next(1, 8)), _text.Length - _pos);
            _text.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }
    }

    [Fact]
    public void Fuzz_RandomAndMutatedFiles_NeverThrow_AlwaysSuccessOrLocatedErrors()
    {
        const int Files = 12_000;
        var rng = new Random(20240613);
        int clean = 0, broken = 0;
        for (int i = 0; i < Files; i++)
        {
            int seed = rng.Next();
            string text = Generate(new Random(seed), i);
            CompiledModel model;
            try
            {
                model = ModelCompiler.Compile(text, "fuzz.sg");
            }
            catch (Exception e)
            {
                Assert.Fail($"file {i} (seed {seed}) threw {e}\n--- file ---\n{text}");
                return;
            }
            Check(model, text, $"file {i} (seed {seed})");
            if (model.HasErrors) broken++;
            else clean++;
        }
        // the mix must exercise both outcomes
        Assert.True(clean > Files / 50 && broken > Files / 2, $"{clean} clean, {broken} broken");
    }

    private static string Generate(Random rng, int i)
    {
        switch (i % 4)
        {
            case 0: return RandomTokens(rng);
            case 1: return ModelMutations.MutateTokens(rng, Corpus[rng.Next(Corpus.Length)], Vocabulary);
            case 2: return ModelMutations.MutateCharacters(rng, Corpus[rng.Next(Corpus.Length)], OddCharacters);
            default: return ModelMutations.MutateTokens(rng, ModelMutations.MutateCharacters(rng, Corpus[rng.Next(Corpus.Length)], OddCharacters, 1), Vocabulary);
        }
    }

    private static string RandomTokens(Random rng)
    {
        var sb = new StringBuilder();
        int n = rng.Next(1, 80);
        for (int k = 0; k < n; k++) sb.Append(Vocabulary[rng.Next(Vocabulary.Length)]).Append(rng.Next(3) == 0 ? "" : " ");
        return sb.ToString();
    }

    /// <summary>Deletes, inserts, duplicates or swaps a few whitespace-separated pieces.</summary>

    /// <summary>Clean, or at least one error; every diagnostic inside the file; a clean model is well formed.</summary>
    internal static void Check(CompiledModel model, string text, string what)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        if (lines[0].StartsWith('\uFEFF')) lines[0] = lines[0].Substring(1); // a leading byte-order mark is not a column
        foreach (var d in model.Diagnostics)
        {
            string where = $"{what}: {d}\n--- file ---\n{text}";
            Assert.True(d.Location.File == "fuzz.sg", where);
            Assert.True(d.Location.Line >= 1 && d.Location.Line <= lines.Length, where);
            int lineLength = lines[d.Location.Line - 1].Length;
            Assert.True(d.Location.Column >= 1 && d.Location.Column + d.Length <= lineLength + 1, where);
            Assert.StartsWith("SG0", d.Code);
            Assert.False(string.IsNullOrWhiteSpace(d.Message), where);
        }
        if (model.HasErrors) return;
        Assert.All(model.Assignments, a => Assert.NotNull(a.Node));
        if (model.Cost is not null) Assert.True(model.Cost.Shape.IsScalar, what);
        Assert.All(model.Wrt, w => Assert.Contains(w, model.Inputs.Concat(model.Parameters)));
    }
}
