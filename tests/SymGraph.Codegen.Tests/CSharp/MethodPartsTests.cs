using SymGraph.Codegen.Expressions;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using Xunit.Abstractions;

namespace SymGraph.Tests;

/// <summary>
/// Large functions written in parts (MethodWriter.Parts): with a tiny <see cref="CSharpEmitterOptions.MaxMethodWeight"/>
/// every graph is cut many times, so every way a value crosses parts (scalars, scalar arguments,
/// buffers, aliases, sizes, returned and <c>out</c> results) is exercised and checked against the
/// interpreter (1e-12) and the Expression backend (bit for bit).
/// </summary>
public class MethodPartsTests
{
    private readonly ITestOutputHelper _output;

    public MethodPartsTests(ITestOutputHelper output) => _output = output;

    private static CSharpSource Emit(CSharpFunction function, string className, int maxMethodWeight) =>
        CSharpEmitter.Emit(new[] { function }, new CSharpEmitterOptions { ClassName = className, MaxMethodWeight = maxMethodWeight });

    // The Expression backend cut into the same parts: a function in parts keeps no tensor in locals,
    // so a loop over a small tensor that one part-less function writes out runs in vectors in parts
    // (and sums in lanes): bit for bit only with the same cuts.
    private static void AssertBitIdenticalToExpressionBackend(CompiledClass compiled, CSharpFunction f, Dictionary<Node, Tensor> values, string what, int maxWeight)
    {
        // Packed results (a Hessian's entries) are separate outputs for the Expression backend: compare all values in order.
        var actual = CSharpHarness.Run(compiled, f.Name, values).SelectMany(t => t.Data).ToArray();
        var options = CSharpHarness.LikeCSharp();
        options.MaxChunkWeight = maxWeight;
        var il = ExpressionCompiler.Compile(f.Outputs.SelectMany(o => o.Elements).ToArray(), f.Arguments, options);
        var expected = il.Evaluate(f.Arguments.ToDictionary(a => ((SymGraph.Ops.Leaf)a.Op).LeafName, a => values[a])).SelectMany(t => t.Data).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            if (BitConverter.DoubleToInt64Bits(expected[k]) != BitConverter.DoubleToInt64Bits(actual[k]))
                throw new Xunit.Sdk.XunitException($"{what}: value {k} is {actual[k]:R}, the Expression backend gives {expected[k]:R}");
    }

    [Fact]
    public void RandomGraphs_CutIntoTinyParts_MatchInterpreterAndExpressionBackend()
    {
        const int Count = 300, FirstSeed = 5000;
        var cases = Enumerable.Range(FirstSeed, Count).Select(seed =>
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var function = new CSharpFunction("Run", parameters, new[] { cost }.Concat(Autodiff.Grad(cost, parameters)).Select(o => CSharpOutput.Of(o)));
            return (seed, function, values: TestUtil.RandomValues(graph, new Random(seed)));
        }).ToList();
        // Weights 1 to 6: from a part per step to a few steps per part.
        var sources = cases.Select(c => Emit(c.function, "Parts" + c.seed, 1 + c.seed % 6)).ToList();
        var compiled = CSharpCompiler.Compile(sources);
        int split = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var (seed, function, values) = cases[i];
            if (sources[i].Text.Contains("RunPart2(")) split++;
            try
            {
                CSharpHarness.AssertMatchesInterpreter(compiled[i], "Run", values, $"seed {seed}");
                AssertBitIdenticalToExpressionBackend(compiled[i], function, values, $"seed {seed}", 1 + seed % 6);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}\n{sources[i].Text}");
            }
        }
        _output.WriteLine($"{split} of {Count} functions were written in more than one part.");
        Assert.True(split > Count * 9 / 10, $"only {split} of {Count} functions were cut: the test does not exercise parts");
    }

    [Fact]
    public void ScalarRosenbrockHessian_InParts_ReturnsAndOutsComeFromTheSpillArray()
    {
        var (f, x) = CSharpModels.Rosenbrock(30);
        var options = new CSharpEmitterOptions { ClassName = "RosenbrockParts", MaxMethodWeight = 100 };
        var source = CSharpEmitter.EmitDerivatives(f, x, options, hessian: true);
        var compiled = CSharpCompiler.Compile(source);

        Assert.Contains("private static void GradientPart2(", source.Text);
        Assert.Contains("private static void HessianPart2(", source.Text);
        Assert.Matches(@"return spill\[\d+\];", source.Text);
        var rng = new Random(12);
        foreach (var name in new[] { "Value", "Gradient", "Hessian" })
        {
            var function = compiled.Source.Function(name);
            var values = CSharpHarness.RandomValues(function, rng);
            CSharpHarness.AssertMatchesInterpreter(compiled, name, values, "Rosenbrock in parts");
            AssertBitIdenticalToExpressionBackend(compiled, function, values, name, 100);
        }
        Assert.Equal(source.Text, CSharpEmitter.EmitDerivatives(f, x, options, hessian: true).Text);
    }

    [Fact]
    public void BatchSizedMlp_InParts_PassesSizesAndBuffersToEveryPart()
    {
        var (loss, parameters) = CSharpModels.TwoLayerMlp();
        var source = CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = "MlpParts", MaxMethodWeight = 8 });
        var compiled = CSharpCompiler.Compile(source);

        Assert.Contains("int batch, double[] buffer0", source.Text);
        var sizes = new Dictionary<string, int> { ["batch"] = 7 };
        foreach (var name in new[] { "Value", "Gradient" })
        {
            var function = compiled.Source.Function(name);
            var values = CSharpHarness.RandomValues(function, new Random(13), sizes);
            CSharpHarness.AssertMatchesInterpreter(compiled, name, values, "MLP in parts");
        }
    }

    [Fact]
    public void DeepChain_CompilesInPartsAndAgreesWithTheRecurrence()
    {
        // z = sin(sin(…sin(w))), 5,000 deep: about 20,000 statements for value and gradient, which
        // in one method RyuJIT would compile without optimizing.
        const int Depth = 5000;
        var g = new Graph();
        var w = g.Parameter("w", Shape.Scalar);
        var z = w;
        for (int i = 0; i < Depth; i++) z = Sym.Sin(z);
        var source = CSharpEmitter.EmitDerivatives(z.Named("z"), new[] { w }, new CSharpEmitterOptions { ClassName = "DeepChain" });
        var gradient = CSharpCompiler.Compile(source).EntryPoint<double>("Gradient");

        Assert.Contains("private static void GradientPart2(", source.Text);
        var results = new[] { new double[1], new double[1] };
        gradient(new[] { new[] { 0.7 } }, results);
        double value = 0.7, slope = 1;
        for (int i = 0; i < Depth; i++)
        {
            slope *= Math.Cos(value);
            value = Math.Sin(value);
        }
        Assert.Equal(value, results[0][0], 1e-12);
        Assert.Equal(slope, results[1][0], 1e-12);
    }

    [Fact]
    public void FunctionNamedLikeAPart_IsAClearError()
    {
        var (f, x) = CSharpModels.Rosenbrock(10);
        var functions = new[]
        {
            new CSharpFunction("Value", x, new[] { CSharpOutput.Of(f) }),
            new CSharpFunction("ValuePart1", x, new[] { CSharpOutput.Of(f) }),
        };
        var error = Assert.Throws<ArgumentException>(() => CSharpEmitter.Emit(functions, new CSharpEmitterOptions { MaxMethodWeight = 4 }));
        Assert.Contains("'ValuePart1'", error.Message);
    }
}
