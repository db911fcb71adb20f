using System.Globalization;

namespace SymGraph.Tests;

/// <summary>Helpers shared by the tests: seeded random tensors and tolerant comparisons.</summary>
internal static class TestUtil
{
    public static Tensor Random(Random rng, int[] dims, double lo = -1, double hi = 1)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = lo + (hi - lo) * rng.NextDouble();
        return new Tensor((int[])dims.Clone(), data);
    }

    public static int[] Dims(Shape shape) => shape.Select(d => d.Size).ToArray();

    /// <summary>Random values for every leaf of <paramref name="graph"/> (static shapes).</summary>
    public static Dictionary<Node, Tensor> RandomValues(Graph graph, Random rng, double lo = -1, double hi = 1)
    {
        var values = new Dictionary<Node, Tensor>();
        foreach (var leaf in graph.Inputs.Concat(graph.Parameters)) values[leaf] = Random(rng, Dims(leaf.Shape), lo, hi);
        return values;
    }

    /// <summary>The interpreter's literal values, without its stable forms: what the simplifier's rewrites are checked against.</summary>
    public static Tensor[] AsBuilt(IReadOnlyList<Node> outputs, IReadOnlyDictionary<Node, Tensor> values) => Interpreter.EvaluateAsBuilt(outputs, values);

    /// <summary>The interpreter's literal value of one node.</summary>
    public static Tensor AsBuilt(Node output, IReadOnlyDictionary<Node, Tensor> values) => Interpreter.EvaluateAsBuilt(new[] { output }, values)[0];

    public static void AssertClose(double expected, double actual, double rtol = 1e-12, double atol = 1e-12, string? what = null)
    {
        double err = Math.Abs(expected - actual);
        if (!(err <= atol + rtol * Math.Abs(expected)) && !(double.IsNaN(expected) && double.IsNaN(actual)) && expected != actual)
            Assert.Fail($"{what ?? "value"}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)} (error {err:E3})");
    }

    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-12, double atol = 1e-12, string? what = null)
    {
        Assert.Equal(expected.Dims, actual.Dims);
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected.Data[i], actual.Data[i], rtol, atol, $"{what ?? "tensor"}[{i}]");
    }

    public static void AssertClose(double[] expected, Tensor actual, double rtol = 1e-12, double atol = 1e-12, string? what = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected[i], actual.Data[i], rtol, atol, $"{what ?? "tensor"}[{i}]");
    }

    public static double Dot(Tensor a, Tensor b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a.Data[i] * b.Data[i];
        return s;
    }
}
