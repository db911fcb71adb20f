using System.Globalization;
using System.Text;

namespace SymGraph.Cli.Tests;

/// <summary>
/// examples/mlp.values.json is generated, not hand-written: a batch of 8 synthetic 28×28 "images" with
/// one-hot labels and Glorot-uniform weights (zero biases plus a small offset), all from a SplitMix64
/// stream with a fixed seed, printed with fixed decimals. The test regenerates it and compares; run
/// with SYMGRAPH_ACCEPT=1 to rewrite the file (about 2.6 MB).
/// </summary>
public class MlpValuesTests
{
    public const int Batch = 8;

    [Fact]
    public void MlpValues_Generator_MatchesCommittedFile()
    {
        var path = Path.Combine(CliHost.Examples, "mlp.values.json");
        var text = Generate();
        if (Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) is "1" or "true")
            File.WriteAllText(path, text, new UTF8Encoding(false));
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {Snapshot.AcceptVariable}=1 to generate it.");
        Assert.True(File.ReadAllText(path) == text, $"{path} differs from its generator; run the tests with {Snapshot.AcceptVariable}=1 to regenerate it.");
        Assert.True(text.Length < 8_000_000, $"{text.Length} bytes");
    }

    /// <summary>The values file of examples/mlp.sg.</summary>
    public static string Generate()
    {
        var rng = new SplitMix64(784_256_128_10UL);
        var sb = new StringBuilder();
        sb.Append("{\n");
        // Images: a smooth blob per sample plus noise, in [0, 1].
        var labels = new int[Batch];
        var x = new double[Batch, 784];
        for (int b = 0; b < Batch; b++)
        {
            labels[b] = (int)rng.NextLong(10);
            double cx = 8 + rng.NextDouble() * 12, cy = 8 + rng.NextDouble() * 12, r = 3 + rng.NextDouble() * 4;
            for (int i = 0; i < 28; i++)
                for (int j = 0; j < 28; j++)
                {
                    double d2 = ((i - cy) * (i - cy) + (j - cx) * (j - cx)) / (r * r);
                    x[b, i * 28 + j] = Math.Clamp(Math.Exp(-d2) + 0.05 * rng.NextDouble(), 0, 1);
                }
        }
        Matrix(sb, "x", Batch, 784, (b, k) => x[b, k], "0.###");
        Matrix(sb, "y", Batch, 10, (b, k) => labels[b] == k ? 1 : 0, "0");
        Layer(sb, rng, "W1", "b1", 784, 256);
        Layer(sb, rng, "W2", "b2", 256, 128);
        Layer(sb, rng, "W3", "b3", 128, 10, last: true);
        sb.Append("}\n");
        return sb.ToString();
    }

    private static void Layer(StringBuilder sb, SplitMix64 rng, string w, string b, int fanIn, int fanOut, bool last = false)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        var weights = new double[fanIn * fanOut];
        for (int k = 0; k < weights.Length; k++) weights[k] = (2 * rng.NextDouble() - 1) * limit;
        Matrix(sb, w, fanIn, fanOut, (i, j) => weights[i * fanOut + j], "0.######");
        sb.Append("  \"").Append(b).Append("\": [");
        for (int j = 0; j < fanOut; j++)
        {
            if (j > 0) sb.Append(", ");
            sb.Append((0.01 * (2 * rng.NextDouble() - 1)).ToString("0.######", CultureInfo.InvariantCulture));
        }
        sb.Append(last ? "]\n" : "],\n");
    }

    private static void Matrix(StringBuilder sb, string name, int rows, int columns, Func<int, int, double> value, string format)
    {
        sb.Append("  \"").Append(name).Append("\": [\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append("    [");
            for (int j = 0; j < columns; j++)
            {
                if (j > 0) sb.Append(", ");
                sb.Append(value(i, j).ToString(format, CultureInfo.InvariantCulture));
            }
            sb.Append(i == rows - 1 ? "]\n" : "],\n");
        }
        sb.Append("  ],\n");
    }
}
