using Xunit.Abstractions;

namespace SymGraph.Tests;

/// <summary>
/// Every traversal is iterative: a chain of a million nodes builds, differentiates, prints and
/// evaluates without overflowing the stack.
/// </summary>
public class MillionNodeTests
{
    private readonly ITestOutputHelper _output;
    public MillionNodeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MillionNodeChain_BuildsDifferentiatesPrintsAndEvaluates()
    {
        const int n = 1_000_000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var g = new Graph();
        var x = g.Parameter("x");
        var y = x;
        // y_{k+1} = sin(y_k) + 0.5·x keeps the value bounded and the chain one node after another.
        var halfX = 0.5 * x;
        for (int i = 0; i < n / 2; i++) y = Sym.Sin(y) + halfX;
        int forward = Topology.Sort(y).Count;
        Assert.True(forward >= n);

        var dy = Autodiff.Grad(y, x);
        var listing = TextPrinter.Print(y, dy);
        Assert.StartsWith("%0:f64[] = param x", listing);

        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Scalar(0.7) };
        var r = Interpreter.Evaluate(new[] { y, dy }, values);

        // The same recurrence and its derivative by hand: y' = cos(y)·y' + 0.5.
        double yv = 0.7, dv = 1.0;
        for (int i = 0; i < n / 2; i++) { dv = Math.Cos(yv) * dv + 0.5; yv = Math.Sin(yv) + 0.35; }
        TestUtil.AssertClose(yv, r[0].ToScalar(), 1e-12, 1e-12);
        TestUtil.AssertClose(dv, r[1].ToScalar(), 1e-9, 1e-12);
        _output.WriteLine($"{forward} forward nodes, {g.Nodes.Count} in all, {listing.Length} chars of listing: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
