using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Classifier;

/// <summary>
/// Trains the iris MLP of examples/iris_mlp.sg with the gradient the generator wrote into this build
/// (IrisMlp.Gradient), then classifies the held-out flowers with IrisMlp.Outputs (the model's
/// 'output z', its logits): no hand-written derivative or prediction code.
/// </summary>
internal static class Program
{
    private static readonly string[] Species = { "setosa", "versicolor", "virginica" };

    private static void Main()
    {
        var (trainX, trainY) = Load("iris.train.csv");
        var (testX, testY) = Load("iris.test.csv");
        Standardize(trainX, testX);

        // Parameters, initialized from a fixed seed (the same numbers on every run and build).
        var rng = new SplitMix64(14);
        double[] w1 = Init(rng, 4 * 16, 4), b1 = new double[16], w2 = Init(rng, 16 * 3, 16), b2 = new double[3];
        double[][] parameters = { w1, b1, w2, b2 };
        var gradients = parameters.Select(p => new double[p.Length]).ToArray();
        var adam = new Adam(parameters, learningRate: 0.01);

        for (int epoch = 1; epoch <= 300; epoch++)
        {
            double loss = IrisMlp.Gradient(trainX, trainY, w1, b1, w2, b2, gradients[0], gradients[1], gradients[2], gradients[3]);
            adam.Step(parameters, gradients);
            if (epoch == 1 || epoch % 50 == 0) Console.WriteLine($"epoch {epoch,3}  loss {F(loss)}");
        }

        Console.WriteLine($"train accuracy {F(Accuracy(trainX, trainY, parameters))}");
        Console.WriteLine($"test accuracy  {F(Accuracy(testX, testY, parameters))}");
        var logits = new double[testX.Length / 4 * 3];
        IrisMlp.Outputs(testX, w1, b1, w2, b2, logits);
        foreach (int i in new[] { 0, 10, 20 })
        {
            var p = Softmax(logits.AsSpan(i * 3, 3));
            Console.WriteLine($"flower {i}: {Species[ArgMax(p)],-10} p = ({string.Join(", ", p.Select(F))}), truly {Species[ArgMax(testY.AsSpan(i * 3, 3).ToArray())]}");
        }
    }

    private static double Accuracy(double[] x, double[] y, double[][] p)
    {
        int n = x.Length / 4, correct = 0;
        var z = new double[n * 3];
        IrisMlp.Outputs(x, p[0], p[1], p[2], p[3], z);
        for (int i = 0; i < n; i++)
            if (ArgMax(z.AsSpan(i * 3, 3).ToArray()) == ArgMax(y.AsSpan(i * 3, 3).ToArray())) correct++;
        return (double)correct / n;
    }

    /// <summary>Features row-major [n,4] and one-hot labels [n,3] from a CSV with a header and the species last.</summary>
    private static (double[] X, double[] Y) Load(string file)
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var x = new double[rows.Length * 4];
        var y = new double[rows.Length * 3];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = double.Parse(rows[i][j], CultureInfo.InvariantCulture);
            y[i * 3 + Array.IndexOf(Species, rows[i][4])] = 1;
        }
        return (x, y);
    }

    /// <summary>Scales each feature to mean 0 and deviation 1 over the training set.</summary>
    private static void Standardize(double[] train, double[] test)
    {
        int n = train.Length / 4;
        for (int j = 0; j < 4; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += train[i * 4 + j] / n;
            for (int i = 0; i < n; i++) sq += (train[i * 4 + j] - mean) * (train[i * 4 + j] - mean) / n;
            double sd = Math.Sqrt(sq);
            foreach (var data in new[] { train, test })
                for (int i = j; i < data.Length; i += 4) data[i] = (data[i] - mean) / sd;
        }
    }

    private static double[] Init(SplitMix64 rng, int count, int fanIn) =>
        Enumerable.Range(0, count).Select(_ => rng.Normal() / Math.Sqrt(fanIn)).ToArray();

    private static double[] Softmax(ReadOnlySpan<double> z)
    {
        double max = Math.Max(z[0], Math.Max(z[1], z[2]));
        var e = new[] { Math.Exp(z[0] - max), Math.Exp(z[1] - max), Math.Exp(z[2] - max) };
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static int ArgMax(double[] v) => Array.IndexOf(v, v.Max());

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}

/// <summary>Adam (Kingma and Ba) over a list of parameter arrays.</summary>
internal sealed class Adam
{
    private readonly double[][] _m, _v;
    private readonly double _rate;
    private int _t;

    public Adam(double[][] parameters, double learningRate)
    {
        _m = parameters.Select(p => new double[p.Length]).ToArray();
        _v = parameters.Select(p => new double[p.Length]).ToArray();
        _rate = learningRate;
    }

    public void Step(double[][] parameters, double[][] gradients)
    {
        _t++;
        double c1 = 1 - Math.Pow(0.9, _t), c2 = 1 - Math.Pow(0.999, _t);
        for (int k = 0; k < parameters.Length; k++)
            for (int i = 0; i < parameters[k].Length; i++)
            {
                double g = gradients[k][i];
                _m[k][i] = 0.9 * _m[k][i] + 0.1 * g;
                _v[k][i] = 0.999 * _v[k][i] + 0.001 * g * g;
                parameters[k][i] -= _rate * (_m[k][i] / c1) / (Math.Sqrt(_v[k][i] / c2) + 1e-8);
            }
    }
}

/// <summary>A small seeded generator (SplitMix64) with normal samples by Box–Muller.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public double Uniform()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
    }

    public double Normal() => Math.Sqrt(-2 * Math.Log(1 - Uniform())) * Math.Cos(2 * Math.PI * Uniform());
}
