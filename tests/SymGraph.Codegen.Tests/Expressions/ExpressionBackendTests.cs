using SymGraph.Codegen.Expressions;

namespace SymGraph.Tests;

/// <summary>The Expression backend against the reference interpreter: every op, and random graphs.</summary>
public class ExpressionBackendTests
{
    private static int Seed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff;

    /// <summary>
    /// Compiled float64 results agree with the interpreter to 1e-12 relative (plus 1e-12 absolute
    /// for values that cancel to near zero); only matrix products sum in another order.
    /// </summary>
    internal static void AssertAgrees(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments, Dictionary<Node, Tensor> values, string what, double rtol = 1e-12, double atol = 1e-12)
    {
        var expected = Interpreter.Evaluate(outputs, values);
        var f = ExpressionCompiler.Compile(outputs, arguments);
        var byName = values.Where(kv => kv.Key.Op is SymGraph.Ops.Leaf).ToDictionary(kv => kv.Key.Name!, kv => kv.Value);
        var actual = f.Evaluate(byName);
        for (int j = 0; j < outputs.Count; j++)
            TestUtil.AssertClose(expected[j], actual[j], rtol, atol, $"{what}: output {j}");
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void EveryOp_ValueAndGradient_MatchInterpreter(string name)
    {
        var c = OpTable.Get(name);
        var (g, inputs, y) = c.Instantiate();
        var values = c.Values(inputs, new Random(Seed(name)));
        var r = g.Input("r", y.Shape);
        values[r] = TestUtil.Random(new Random(1), Interpreter.Evaluate(y, values).Dims);
        var grads = Autodiff.Vjp(new[] { y }, new[] { r }, inputs);
        AssertAgrees(new[] { y }.Concat(grads).ToArray(), inputs.Append(r).ToArray(), values, name);
    }

    [Fact]
    public void RandomGraphs_ValueAndGradient_MatchInterpreter()
    {
        for (int seed = 0; seed < 2000; seed++)
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var grads = Autodiff.Grad(cost, parameters);
            var values = TestUtil.RandomValues(graph, new Random(seed));
            try
            {
                AssertAgrees(new[] { cost }.Concat(grads).ToArray(), parameters, values, $"seed {seed}");
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}\n{TextPrinter.Print(new[] { cost }.Concat(grads).ToArray())}");
            }
        }
    }
}
