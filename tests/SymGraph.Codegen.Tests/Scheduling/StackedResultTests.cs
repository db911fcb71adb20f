using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;
using SymGraph.Simplify;
using Xunit.Abstractions;

namespace SymGraph.Tests;

/// <summary>
/// Stacked results (a dense Hessian of scalars, a packed gradient): constants are filled first and each
/// computed scalar is stored into the result by the step that computes it (Scheduler's
/// StoreStackedScalarsWhereComputed), in both backends.
/// </summary>
public class StackedResultTests
{
    private readonly ITestOutputHelper _output;

    public StackedResultTests(ITestOutputHelper output) => _output = output;

    /// <summary>The dense Hessian of <paramref name="f"/> over scalars <paramref name="x"/>, stacked row-major into one [n, n] result.</summary>
    private static Node StackedHessian(Node f, Node[] x)
    {
        var h = Autodiff.Hessian(f, x);
        var entries = Enumerable.Range(0, x.Length * x.Length).Select(k => h[k / x.Length, k % x.Length]).ToArray();
        return Sym.Reshape(Sym.Stack(entries), new Shape(x.Length, x.Length));
    }

    [Fact]
    public void SparseHessian_IsFilledFirst_AndEachEntryStoredWhereComputed()
    {
        var (f, x) = CSharpModels.Rosenbrock(6);
        var hessian = Simplifier.Simplify(StackedHessian(f, x));
        var s = Schedule.Create(new[] { hessian }, x);

        var concat = Assert.IsType<KernelStep>(s.Steps[0]);
        Assert.IsType<Concat>(concat.Node.Op);
        var pieces = s.ConcatPieces(concat.Node).ToList();
        Assert.True(pieces[0].IsBackground, "the zeros are one background fill");
        var computed = concat.Node.Inputs.Where(p => p.Inputs[0].Op is not Constant).ToList();
        Assert.NotEmpty(computed);
        Assert.All(computed, p => Assert.True(s.IsStoredWhereComputed(p), $"{p} is gathered at the end"));
        // Every stored entry lands at its own row-major offset, written by the step computing it.
        var stores = s.Steps.OfType<ScalarStep>().SelectMany(st => st.Stores.Select(w => (st.Node, w.Target, w.Offset))).ToList();
        Assert.All(stores, w => Assert.Same(concat.Node, w.Target));
        Assert.Equal(computed.Count, stores.Count);
        Assert.Equal(stores.Count, stores.Select(w => w.Offset).Distinct().Count());
        foreach (var (node, _, offset) in stores) Assert.Same(node, concat.Node.Inputs[offset].Inputs[0]);
        // Nothing reads the entries at the end, so none outlives the step after its last other reader.
        Assert.All(stores, w => Assert.NotEqual(int.MaxValue, s.LastUse[w.Node]));
    }

    [Fact]
    public void StackWithAPartComputedByALoop_IsGatheredAtTheEnd()
    {
        // Σexp(v) is a loop's sum, not a scalar step: the concat stays where its parts are ready.
        var g = new Graph();
        var v = g.Parameter("v", 4);
        var a = g.Parameter("a");
        var b = g.Parameter("b");
        var y = Sym.Stack(Sym.Sum(Sym.Exp(v)), a * b, Sym.Sin(a));
        var s = Schedule.Create(new[] { y }, new[] { v, a, b });
        var concat = s.Steps.OfType<KernelStep>().Single(k => k.Node.Op is Concat);
        Assert.NotSame(concat, s.Steps[0]);
        Assert.All(y.Inputs, p => Assert.False(s.IsStoredWhereComputed(p)));
        Assert.All(s.Steps.OfType<ScalarStep>(), st => Assert.Empty(st.Stores));

        var values = new Dictionary<Node, Tensor> { [v] = Tensor.Vector(0.1, -0.2, 0.3, 0.4), [a] = Tensor.Scalar(0.7), [b] = Tensor.Scalar(-1.3) };
        var expected = Interpreter.Evaluate(y, values);
        Assert.Equal(expected.Data, CSharpHarness.ExpressionBackend(new[] { y }, new[] { v, a, b }, values)[0].Data);
    }

    /// <summary>A random smooth scalar expression over <paramref name="x"/> (bounded arguments to exp, no poles).</summary>
    private static Node RandomScalar(Random rng, Node[] x, int depth)
    {
        if (depth == 0 || rng.Next(4) == 0) return rng.Next(5) == 0 ? x[0].Graph.Constant(Math.Round(rng.NextDouble() * 4 - 2, 2)) : x[rng.Next(x.Length)];
        var a = RandomScalar(rng, x, depth - 1);
        switch (rng.Next(9))
        {
            case 0: return a + RandomScalar(rng, x, depth - 1);
            case 1: return a * RandomScalar(rng, x, depth - 1);
            case 2: return a - RandomScalar(rng, x, depth - 1);
            case 3: return a / (1.0 + Sym.Square(RandomScalar(rng, x, depth - 1)));
            case 4: return Sym.Sin(a);
            case 5: return Sym.Tanh(a);
            case 6: return Sym.Exp(Sym.Tanh(a));
            case 7: return Sym.Square(a);
            default: return Sym.Softplus(a);
        }
    }

    [Fact]
    public void RandomScalarHessians_BothBackends_MatchTheInterpreter_InOneMethodAndInParts()
    {
        const int Count = 150, FirstSeed = 9000;
        var cases = new List<(int seed, CSharpFunction function, Node stacked, Node[] x, Dictionary<Node, Tensor> values)>();
        for (int seed = FirstSeed; seed < FirstSeed + Count; seed++)
        {
            var rng = new Random(seed);
            var g = new Graph();
            var x = Enumerable.Range(0, 2 + rng.Next(5)).Select(i => g.Parameter($"x{i}", Shape.Scalar)).ToArray();
            var f = RandomScalar(rng, x, 2 + rng.Next(4));
            if (f.Op is Leaf or Constant) f = Sym.Sin(f) * x[^1];
            var function = CSharpFunction.Derivatives(f, x, hessian: true).Single(fn => fn.Name == "Hessian");
            var values = x.ToDictionary(p => p, _ => Tensor.Scalar(rng.NextDouble() * 2 - 1));
            cases.Add((seed, function, StackedHessian(f, x), x, values));
        }
        // Each function twice: in one method, and cut into parts of 1 to 6 units.
        var sources = cases.SelectMany(c => new[] { 0, 1 + c.seed % 6 }.Select(weight => CSharpEmitter.Emit(new[] { c.function },
            new CSharpEmitterOptions { ClassName = $"Hessian{c.seed}W{weight}", MaxMethodWeight = weight == 0 ? 1_000 : weight }))).ToList();
        var compiled = CSharpCompiler.Compile(sources);
        int stored = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var (seed, function, stacked, x, values) = cases[i];
            var expected = Interpreter.Evaluate(stacked, values);
            var expression = CSharpHarness.ExpressionBackend(new[] { stacked }, x, values)[0];
            var schedule = Schedule.Create(new[] { Simplifier.Simplify(stacked) }, x);
            if (schedule.Steps.OfType<ScalarStep>().Any(st => st.Stores.Count > 0)) stored++;
            foreach (var k in new[] { 2 * i, 2 * i + 1 })
            {
                try
                {
                    var actual = CSharpHarness.Run(compiled[k], "Hessian", values)[0];
                    TestUtil.AssertClose(expected.Data, actual, what: "C# vs the interpreter");
                    TestUtil.AssertClose(expected, expression, what: "the Expression backend vs the interpreter");
                    for (int e = 0; e < expected.Length; e++)
                        if (BitConverter.DoubleToInt64Bits(expression.Data[e]) != BitConverter.DoubleToInt64Bits(actual.Data[e]))
                            throw new Xunit.Sdk.XunitException($"entry {e}: C# gives {actual.Data[e]:R}, the Expression backend {expression.Data[e]:R}");
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed}: {ex.Message}\n{sources[k].Text}");
                }
            }
        }
        _output.WriteLine($"{stored} of {Count} Hessians store entries where they are computed.");
        Assert.True(stored > Count / 2, $"only {stored} of {Count} Hessians exercised the stores");
    }
}
