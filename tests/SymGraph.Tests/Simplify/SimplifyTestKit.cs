using System.Globalization;
using SymGraph.Simplify;

namespace SymGraph.Tests;

/// <summary>Helpers for the simplifier tests: value comparison through the interpreter, listings on failure.</summary>
internal static class SimplifyTestKit
{
    /// <summary>Same bits, except that any NaN matches any NaN (payloads are not specified by IEEE 754).</summary>
    public static bool SameValue(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Evaluates both output lists on the same leaf values and asserts bit-for-bit equal results.</summary>
    public static void AssertBitwiseEqual(IReadOnlyList<Node> before, IReadOnlyList<Node> after, Dictionary<Node, Tensor> values)
    {
        var expected = TestUtil.AsBuilt(before, values);
        var actual = TestUtil.AsBuilt(after, values);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k].Dims, actual[k].Dims);
            for (int i = 0; i < expected[k].Length; i++)
                if (!SameValue(expected[k].Data[i], actual[k].Data[i]))
                    Assert.Fail($"output {k}[{i}]: expected {R(expected[k].Data[i])}, got {R(actual[k].Data[i])}\n{TextPrinter.PrintBeforeAfter(before, after)}");
        }
    }

    /// <summary>Runs <paramref name="pass"/> once with a trace; returns the result and the trace.</summary>
    public static (Node after, RewriteTrace trace) RunTraced(Pass pass, Node before, SimplifyOptions? options = null)
    {
        options ??= new SimplifyOptions();
        var trace = options.Trace ??= new RewriteTrace();
        return (pass.Run(before, options), trace);
    }

    /// <summary>Asserts that <paramref name="actual"/> is <paramref name="expected"/>, printing both listings otherwise.</summary>
    public static void AssertSameNode(Node expected, Node actual)
    {
        if (!ReferenceEquals(expected, actual))
            Assert.Fail($"expected:\n{TextPrinter.Print(expected)}actual:\n{TextPrinter.Print(actual)}");
    }

    public static Dictionary<Node, Tensor> Values(Graph g, int seed, double lo = -2, double hi = 2) => TestUtil.RandomValues(g, new Random(seed), lo, hi);
}
