using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using Xunit.Abstractions;

namespace SymGraph.Tests;

/// <summary>
/// The C# backend against the reference interpreter and the Expression backend (every op, 1,000
/// random graphs, float64 within 1e-12 relative), plus the properties of its output: deterministic,
/// formatted, self-contained for scalar graphs, allocation-free per call, compiled to memory or disk.
/// </summary>
public class CSharpBackendTests
{
    private readonly ITestOutputHelper _output;

    public CSharpBackendTests(ITestOutputHelper output) => _output = output;

    private static int Seed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff;

    private static void AssertAll(Tensor[] expected, Tensor[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++) TestUtil.AssertClose(expected[j], actual[j], what: $"{what}, result {j}");
    }

    // ---- agreement -------------------------------------------------------------------------------

    private sealed record OpRun(Node[] Outputs, Node[] Arguments, Dictionary<Node, Tensor> Values, CompiledClass Simplified, CompiledClass Raw);

    // Every op of the table, value and VJP, simplified and not, compiled in one Roslyn compilation.
    private static readonly Lazy<Dictionary<string, OpRun>> s_ops = new(() =>
    {
        var cases = OpTable.Cases.Select(c =>
        {
            var (g, inputs, y) = c.Instantiate();
            var values = c.Values(inputs, new Random(Seed(c.Name)));
            var r = g.Input("r", y.Shape);
            values[r] = TestUtil.Random(new Random(1), Interpreter.Evaluate(y, values).Dims);
            var grads = Autodiff.Vjp(new[] { y }, new[] { r }, inputs);
            return (c.Name, outputs: new[] { y }.Concat(grads).ToArray(), arguments: inputs.Append(r).ToArray(), values);
        }).ToList();
        var sources = cases.SelectMany(c => new[]
        {
            CSharpHarness.Emit(c.outputs, c.arguments, "Op_" + Identifiers.Escape(c.Name)),
            CSharpHarness.Emit(c.outputs, c.arguments, "OpRaw_" + Identifiers.Escape(c.Name), simplify: false),
        }).ToList();
        var compiled = CSharpCompiler.Compile(sources);
        return cases.Select((c, i) => (c.Name, run: new OpRun(c.outputs, c.arguments, c.values, compiled[2 * i], compiled[2 * i + 1])))
            .ToDictionary(x => x.Name, x => x.run);
    });

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void EveryOp_ValueAndVjp_MatchInterpreterAndExpressionBackend(string name)
    {
        var run = s_ops.Value[name];
        foreach (var simplify in new[] { true, false })
        {
            var actual = CSharpHarness.Run(simplify ? run.Simplified : run.Raw, "Run", run.Values);
            AssertAll(Interpreter.Evaluate(run.Outputs, run.Values), actual, $"{name} (simplify: {simplify}) vs interpreter");
            AssertBitIdentical(CSharpHarness.ExpressionBackend(run.Outputs, run.Arguments, run.Values, simplify), actual, $"{name} (simplify: {simplify}) vs Expression backend");
        }
    }

    // Both backends render one schedule with the same arithmetic and kernels: not just close, equal.
    private static void AssertBitIdentical(Tensor[] expected, Tensor[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
            for (int k = 0; k < expected[j].Length; k++)
                if (BitConverter.DoubleToInt64Bits(expected[j].Data[k]) != BitConverter.DoubleToInt64Bits(actual[j].Data[k]))
                    Assert.Fail($"{what}, result {j}[{k}]: {expected[j].Data[k]:R} vs {actual[j].Data[k]:R}");
    }

    [Theory]
    [InlineData(true, 0, 1000)]
    [InlineData(false, 1000, 250)]
    public void RandomGraphs_ValueAndGradient_MatchInterpreterAndExpressionBackend(bool simplify, int firstSeed, int count)
    {
        const int PerCompilation = 250;
        var roslyn = new System.Diagnostics.Stopwatch();
        for (int start = firstSeed; start < firstSeed + count; start += PerCompilation)
        {
            var graphs = Enumerable.Range(start, Math.Min(PerCompilation, firstSeed + count - start)).Select(seed =>
            {
                var (graph, cost, parameters) = RandomGraphs.Build(seed);
                var outputs = new[] { cost }.Concat(Autodiff.Grad(cost, parameters)).ToArray();
                return (seed, outputs, parameters, values: TestUtil.RandomValues(graph, new Random(seed)));
            }).ToList();
            var sources = graphs.Select(x => CSharpHarness.Emit(x.outputs, x.parameters, "Random" + x.seed, simplify)).ToList();
            roslyn.Start();
            var compiled = CSharpCompiler.Compile(sources);
            roslyn.Stop();
            for (int i = 0; i < graphs.Count; i++)
            {
                var (seed, outputs, parameters, values) = graphs[i];
                try
                {
                    var actual = CSharpHarness.Run(compiled[i], "Run", values);
                    AssertAll(Interpreter.Evaluate(outputs, values), actual, "vs interpreter");
                    AssertBitIdentical(CSharpHarness.ExpressionBackend(outputs, parameters, values, simplify), actual, "vs Expression backend");
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}\n{TextPrinter.Print(outputs)}\n{sources[i].Text}");
                }
            }
        }
        _output.WriteLine($"{count} graphs (simplify: {simplify}); Roslyn {roslyn.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public void EntryPoint_SameArraysAsCompiledFunction_SameResults()
    {
        // The lead's benchmarks call both backends with one set of arrays.
        var (loss, parameters) = CSharpModels.TwoLayerMlp(8, 16, 4);
        var args = loss.Graph.Inputs.Concat(loss.Graph.Parameters).OrderBy(n => n.Id).ToArray();
        var outputs = new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray();
        var compiled = CSharpCompiler.Compile(CSharpHarness.Emit(outputs, args, "MlpEntry"));
        var expression = ExpressionCompiler.Compile(outputs, args, CSharpHarness.LikeCSharp()); // both simplify by default
        var rng = new Random(3);
        var arrays = args.Select(a => Enumerable.Range(0, a.Shape.Select(d => d.IsStatic ? d.Size : 7).Aggregate(1, (p, q) => p * q)).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var sizes = new Dictionary<string, int> { ["batch"] = 7 };
        double[][] Results() => outputs.Select((_, j) => new double[expression.ResultLength(j, sizes)]).ToArray();
        var (a, b) = (Results(), Results());
        expression.Invoke(arrays, a);
        compiled.EntryPoint<double>("Run")(arrays, b);
        for (int j = 0; j < a.Length; j++) TestUtil.AssertClose(a[j], new Tensor(new[] { b[j].Length }, b[j]), what: $"result {j}");
    }

    [Fact]
    public void Float32Mlp_MatchesExpressionBackend()
    {
        var (_, args, loss, parameters) = CompiledFunctionTests.Mlp(6, 5, 4, 3, DType.Float32);
        var outputs = new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray();
        var source = CSharpHarness.Emit(outputs, args, "MlpF32");
        Assert.Contains("float[] X", source.Text);
        Assert.DoesNotContain("double[]", source.Text);
        var compiled = CSharpCompiler.Compile(source);
        var expression = ExpressionCompiler.Compile<float>(outputs, args, CSharpHarness.LikeCSharp());
        var rng = new Random(4);
        var arrays = args.Select(a => Enumerable.Range(0, a.Shape.Select(d => d.IsStatic ? d.Size : 9).Aggregate(1, (p, q) => p * q)).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var sizes = new Dictionary<string, int> { ["batch"] = 9 };
        var a = outputs.Select((_, j) => new float[expression.ResultLength(j, sizes)]).ToArray();
        var b = outputs.Select((_, j) => new float[expression.ResultLength(j, sizes)]).ToArray();
        expression.Invoke(arrays, a);
        compiled.EntryPoint<float>("Run")(arrays, b);
        for (int j = 0; j < a.Length; j++)
            for (int k = 0; k < a[j].Length; k++)
                TestUtil.AssertClose(a[j][k], b[j][k], rtol: 1e-6, atol: 1e-7, what: $"result {j}[{k}]");
    }

    [Fact]
    public void Float32ScalarOps_BitIdenticalToExpressionBackend()
    {
        // Every element-wise op in f32, with constants that are not exact in binary (0.1).
        var g = new Graph();
        var a = g.Parameter("a", new Shape(7), DType.Float32);
        var b = g.Parameter("b", new Shape(7), DType.Float32);
        var s = g.Parameter("s", Shape.Scalar, DType.Float32);
        var terms = new[]
        {
            Sym.Sigmoid(a), Sym.Softplus(b), Sym.Sign(a), Sym.Relu(b), Sym.Maximum(a, b), Sym.Minimum(a, b), Sym.Abs(a),
            Sym.Exp(a * 0.1), Sym.Log(Sym.Square(b) + 0.1), Sym.Sqrt(Sym.Abs(a)), Sym.Sin(a), Sym.Cos(b), Sym.Tan(a * 0.5), Sym.Tanh(b),
            Sym.Pow(Sym.Abs(a) + 0.5, b), a / (Sym.Square(b) + 1.0), -a, Sym.Less(a, b), Sym.GreaterEqual(a, a), Sym.Where(Sym.Greater(a, b), a, b * s),
        };
        var cost = Sym.Sum(terms.Aggregate((x, y) => x + y)) * s + Sym.Sigmoid(s) + Sym.Softplus(s) + Sym.Relu(s) + Sym.Sign(s) + Sym.Maximum(s, s * 0.3);
        var outputs = new[] { cost }.Concat(Autodiff.Grad(cost, a, b, s)).ToArray();
        var args = new[] { a, b, s };
        var compiled = CSharpCompiler.Compile(CSharpHarness.Emit(outputs, args, "Float32Ops"));
        var expression = ExpressionCompiler.Compile<float>(outputs, args, CSharpHarness.LikeCSharp());
        var arrays = new[] { new[] { -2.5f, -1f, -0.1f, 0f, 0.3f, 1.7f, 4f }, new[] { 1f, -0.5f, 0.25f, 0f, -3f, 2f, 0.1f }, new[] { 0.7f } };
        var x = outputs.Select(o => new float[o.Shape.IsScalar ? 1 : 7]).ToArray();
        var y = outputs.Select(o => new float[o.Shape.IsScalar ? 1 : 7]).ToArray();
        expression.Invoke(arrays, x);
        compiled.EntryPoint<float>("Run")(arrays, y);
        for (int j = 0; j < x.Length; j++) Assert.Equal(x[j], y[j]);
    }

    [Fact]
    public void Rosenbrock4_AtTheMinimum_ExactValueGradientAndHessian()
    {
        // At x = 1: f = 0, ∇f = 0, and H is tridiagonal: diag (802, 1002, 1002, 200), off-diagonal −400.
        var (f, x) = CSharpModels.Rosenbrock(4);
        var compiled = CSharpCompiler.Compile(CSharpEmitter.EmitDerivatives(f, x, new CSharpEmitterOptions { ClassName = "Rosenbrock" }, hessian: true));
        var value = compiled.Method<Func<double, double, double, double, double>>("Value");
        Assert.Equal(0.0, value(1, 1, 1, 1));
        var gradient = new double[4];
        var results = new[] { new double[1], gradient };
        compiled.EntryPoint<double>("Gradient")(new[] { new[] { 1.0 }, new[] { 1.0 }, new[] { 1.0 }, new[] { 1.0 } }, results);
        Assert.Equal(new double[4], gradient);
        var hessian = new double[16];
        compiled.EntryPoint<double>("Hessian")(new[] { new[] { 1.0 }, new[] { 1.0 }, new[] { 1.0 }, new[] { 1.0 } }, new[] { hessian });
        Assert.Equal(new double[] { 802, -400, 0, 0, -400, 1002, -400, 0, 0, -400, 1002, -400, 0, 0, -400, 200 }, hessian);
    }

    [Fact]
    public void TensorParameter_HessianAndJacobian_MatchInterpreter()
    {
        // Rosenbrock in vector form (slices, one-hot Jacobian seeds as tensor constants) and a vector output.
        var g = new Graph();
        var x = g.Parameter("x", 5);
        var c = g.Parameter("c", Shape.Scalar);
        var head = Sym.Slice(x, 0, 4);
        var tail = Sym.Slice(x, 1, 5);
        var f = Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(c - head)).Named("f");
        var y = (Sym.Sin(x) * c).Named("y");
        var hessianOne = CSharpEmitter.EmitDerivatives(f, new[] { x }, new CSharpEmitterOptions { ClassName = "VectorRosenbrock" }, hessian: true);
        var hessianBlocks = CSharpEmitter.EmitDerivatives(f, new[] { x, c }, new CSharpEmitterOptions { ClassName = "VectorRosenbrockBlocks" }, hessian: true);
        var jacobian = CSharpEmitter.EmitDerivatives(y, new[] { x, c }, new CSharpEmitterOptions { ClassName = "SinTimes" });
        Assert.Contains("s_constant0", hessianOne.Text);
        Assert.Equal(new[] { "Value", "Jacobian" }, jacobian.Functions.Select(fn => fn.Name));
        var compiled = CSharpCompiler.Compile(new[] { hessianOne, hessianBlocks, jacobian });
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(0.3, -0.7, 1.1, 0.2, -1.4), [c] = Tensor.Scalar(0.9) };
        foreach (var cls in compiled)
            foreach (var fn in cls.Source.Functions)
                CSharpHarness.AssertMatchesInterpreter(cls, fn.Name, values, cls.Source.ClassName);
    }

    [Fact]
    public void StackOfScalars_MostlyOneConstant_IsOneBackgroundFill_SameAsExpressionBackend()
    {
        // (s², 0, 0, 0, 0, 2s) and its Jacobian: the zeros are one constant node filling most of the
        // result, so the whole result is filled with zeros once and only the other entries are written.
        var g = new Graph();
        var s = g.Parameter("s", Shape.Scalar);
        var zero = g.Constant(0.0);
        var y = Sym.Stack(s * s, zero, zero, zero, zero, 2.0 * s);
        var outputs = new[] { y, Autodiff.Jacobian(y, s) };
        var source = CSharpHarness.Emit(outputs, new[] { s }, "Stacked", simplify: false);
        Assert.Contains("global::SymGraph.Runtime.Kernels.Fill(result0, 0.0, 0, 6);", source.Text);
        Assert.DoesNotContain("Fill(result0, 0.0, 1, 4)", source.Text);
        var values = new Dictionary<Node, Tensor> { [s] = Tensor.Scalar(0.75) };
        var actual = CSharpHarness.Run(CSharpCompiler.Compile(source), "Run", values);
        AssertAll(Interpreter.Evaluate(outputs, values), actual, "vs interpreter");
        AssertBitIdentical(CSharpHarness.ExpressionBackend(outputs, new[] { s }, values, simplify: false), actual, "vs Expression backend");
    }

    // ---- properties of the output ------------------------------------------------------------------

    private static IEnumerable<CSharpSource> Samples()
    {
        var (f, x) = CSharpModels.Rosenbrock(4);
        yield return CSharpEmitter.EmitDerivatives(f, x, new CSharpEmitterOptions { ClassName = "Rosenbrock4" }, hessian: true);
        var (loss, parameters) = CSharpModels.TwoLayerMlp();
        yield return CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = "Mlp" });
        var (l2, p2) = CSharpModels.MultinomialLogistic();
        yield return CSharpEmitter.EmitDerivatives(l2, p2, new CSharpEmitterOptions { ClassName = "Logistic" });
        for (int seed = 0; seed < 40; seed++)
        {
            var (_, cost, ps) = RandomGraphs.Build(seed);
            yield return CSharpEmitter.EmitDerivatives(cost, ps, new CSharpEmitterOptions { ClassName = "Random" + seed });
        }
    }

    [Fact]
    public void Emit_SameGraphTwice_ByteIdenticalText()
    {
        var (loss, parameters) = CSharpModels.TwoLayerMlp();
        var functions = CSharpFunction.Derivatives(loss, parameters);
        Assert.Equal(CSharpEmitter.Emit(functions).Text, CSharpEmitter.Emit(functions).Text);
    }

    [Fact]
    public void Emit_TwoFreshBuildsOfTheSameGraph_ByteIdenticalText()
    {
        string Rosenbrock() { var (f, x) = CSharpModels.Rosenbrock(4); return CSharpEmitter.EmitDerivatives(f, x, hessian: true).Text; }
        string Mlp() { var (l, p) = CSharpModels.TwoLayerMlp(); return CSharpEmitter.EmitDerivatives(l, p).Text; }
        string Random() { var (_, c, p) = RandomGraphs.Build(77); return CSharpEmitter.EmitDerivatives(c, p).Text; }
        Assert.Equal(Rosenbrock(), Rosenbrock());
        Assert.Equal(Mlp(), Mlp());
        Assert.Equal(Random(), Random());
    }

    [Fact]
    public void Emit_Text_IsFormattedAndParsesCleanly()
    {
        foreach (var source in Samples())
        {
            var text = source.Text;
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\t', text);
            Assert.EndsWith("}\n", text);
            Assert.DoesNotContain("\n\n\n", text);
            var lines = text.TrimEnd('\n').Split('\n');
            int depth = 0;
            foreach (var line in lines)
            {
                Assert.False(line.EndsWith(' '), $"trailing whitespace: '{line}'");
                if (line.Length == 0) continue;
                string trimmed = line.TrimStart(' ');
                int indent = line.Length - trimmed.Length;
                if (trimmed.StartsWith('}')) depth--;
                // Statements continued on the next line (a throw after an if) are indented one more level.
                Assert.True(indent == 4 * depth || indent == 4 * (depth + 1), $"{source.ClassName}: indentation {indent} at depth {depth}: '{line}'");
                if (trimmed is "{") depth++;
            }
            Assert.Equal(0, depth);
            var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose));
            Assert.Empty(tree.GetDiagnostics());
        }
    }

    [Fact]
    public void Emit_Header_NamesGeneratorAndSource_WithoutPathsOrTimes()
    {
        var (z, w) = CSharpModels.SinChain();
        var text = CSharpEmitter.EmitDerivatives(z, new[] { w }, new CSharpEmitterOptions { Source = "chain.sg" }).Text;
        Assert.StartsWith("// <auto-generated>\n//     Generated by SymGraph (C# backend) from chain.sg.\n", text);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text);
        Assert.DoesNotContain(Snapshot.RepositoryRoot(), text);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public void ScalarGraph_IsSelfContained_AndCompilesAsCSharp73WithoutNullable()
    {
        var (f, x) = CSharpModels.Rosenbrock(4);
        var source = CSharpEmitter.EmitDerivatives(f, x, new CSharpEmitterOptions { ClassName = "Rosenbrock4" }, hessian: true);
        Assert.False(source.UsesRuntime);
        Assert.DoesNotContain("SymGraph.Runtime", source.Text);
        Assert.DoesNotContain("#nullable", source.Text);
        var compilation = CSharpCompiler.CreateCompilation(new[] { source }, "CSharp73");
        var tree = CSharpSyntaxTree.ParseText(source.Text, new CSharpParseOptions(LanguageVersion.CSharp7_3, DocumentationMode.Diagnose));
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(tree)
            .WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Disable));
        Assert.DoesNotContain(compilation.References, r => r.Display!.Contains("SymGraph")); // the core library only
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void TensorGraph_CallsRuntimeKernels()
    {
        var (loss, parameters) = CSharpModels.TwoLayerMlp();
        var source = CSharpEmitter.EmitDerivatives(loss, parameters);
        Assert.True(source.UsesRuntime);
        Assert.Contains("global::SymGraph.Runtime.Kernels.MatMul(", source.Text);
        Assert.Contains("#nullable enable", source.Text);
    }

    [Fact]
    public void MlpGradient_AfterWarmUp_AllocatesNothing()
    {
        var (loss, parameters) = CSharpModels.TwoLayerMlp(784, 64, 10);
        var compiled = CSharpCompiler.Compile(CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = "MlpAlloc" }));
        var f = compiled.Source.Function("Gradient");
        var rng = new Random(0);
        var args = f.Arguments.Select(a => Enumerable.Range(0, a.Shape.Select(d => d.IsStatic ? d.Size : 32).Aggregate(1, (p, q) => p * q)).Select(_ => rng.NextDouble() * 0.1).ToArray()).ToArray();
        var results = new[] { new double[1] }.Concat(parameters.Select(p => new double[p.Shape.ElementCount])).ToArray();
        var gradient = compiled.EntryPoint<double>("Gradient");
        for (int i = 0; i < 60; i++) gradient(args, results);
        Assert.Equal(0, Allocations.SteadyState(() => gradient(args, results), 100));
    }

    [Fact]
    public void Gradient_OnSeveralThreadsAtOnce_EachGetsItsOwnBuffers()
    {
        var (loss, parameters) = CSharpModels.MultinomialLogistic(6, 4);
        var compiled = CSharpCompiler.Compile(CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = "Threads" }));
        var function = compiled.Source.Function("Gradient");
        var values = CSharpHarness.RandomValues(function, new Random(8), new Dictionary<string, int> { ["m"] = 50 });
        var expected = CSharpHarness.Interpret(function, values);
        Parallel.For(0, 8, _ =>
        {
            for (int k = 0; k < 200; k++) AssertAll(expected, CSharpHarness.Run(compiled, "Gradient", values), "threaded");
        });
    }

    [Fact]
    public void SymbolicSize_NotReadableOffAnyArgument_ClearError()
    {
        var g = new Graph();
        var x = g.Parameter("x", "n", "m");
        var e = Assert.Throws<ArgumentException>(() => CSharpEmitter.EmitDerivatives(Sym.Sum(Sym.Square(x)), new[] { x }));
        Assert.Contains("size 'n'", e.Message);
    }

    // ---- Roslyn ------------------------------------------------------------------------------------

    [Fact]
    public void EmitDll_WritesAnAssemblyThatLoadsRunsAndAProjectCanReference()
    {
        var (loss, parameters) = CSharpModels.Network121();
        var source = CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = "Network", Namespace = "Models.Small" });
        var dir = Directory.CreateTempSubdirectory("symgraph-dll-");
        try
        {
            var path = Path.Combine(dir.FullName, "Network121.dll");
            CSharpCompiler.EmitDll(source, path);
            Assert.Equal("Network121", AssemblyName.GetAssemblyName(path).Name);
            // The assembly binds to System.Runtime, not to System.Private.CoreLib (CS0012 in a consumer).
            using (var stream = File.OpenRead(path))
            using (var pe = new System.Reflection.PortableExecutable.PEReader(stream))
            {
                var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                var referenced = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
                Assert.Contains("System.Runtime", referenced);
                Assert.DoesNotContain("System.Private.CoreLib", referenced);
            }
            // A consumer compiled as a project is: against reference assemblies only.
            const string consumer = "public static class Use { public static double Run(double[] w1, double[] b1, double[] w2, double[] g1, double[] g2, double[] g3) => Models.Small.Network.Gradient(0.5, 1.0, w1, b1, w2, 0.1, g1, g2, g3, out _); }";
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Consumer",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(consumer) },
                Basic.Reference.Assemblies.Net100.References.All.Append(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(path)),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
            Assert.Empty(errors);
            var context = new AssemblyLoadContext("dll-test", isCollectible: true);
            try
            {
                var type = context.LoadFromAssemblyPath(path).GetType("Models.Small.Network", throwOnError: true)!;
                var entry = type.GetMethod("InvokeGradient")!.CreateDelegate<ArrayEntryPoint<double>>();
                var function = source.Function("Gradient");
                var values = CSharpHarness.RandomValues(function, new Random(2));
                var expected = CSharpHarness.Interpret(function, values);
                var args = function.Arguments.Select(a => values[a].Data).ToArray();
                var results = expected.Select(t => new double[t.Length]).ToArray();
                entry(args, results);
                for (int j = 0; j < expected.Length; j++) TestUtil.AssertClose(expected[j].Data, new Tensor(new[] { results[j].Length }, results[j]));
            }
            finally
            {
                context.Unload();
            }
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public void CompileErrorInGeneratedCode_ThrowsWithTheGeneratedLine()
    {
        var (z, w) = CSharpModels.SinChain();
        var source = CSharpEmitter.EmitDerivatives(z, new[] { w }, new CSharpEmitterOptions { ClassName = "Broken" });
        var broken = source.WithText(source.Text.Replace("double y = global::System.Math.Sin(x);", "double y = global::System.Math.Sin(undefinedValue);"));
        var e = Assert.Throws<CSharpCompilationException>(() => CSharpCompiler.Compile(broken));
        _output.WriteLine(e.Message);
        Assert.Contains("error CS0103", e.Message);
        Assert.Contains("| double y = global::System.Math.Sin(undefinedValue);", e.Message);
        Assert.Contains("Broken.g.cs(", e.Message);
        var file = Path.Combine(Path.GetTempPath(), "symgraph-never-written.dll");
        Assert.Throws<CSharpCompilationException>(() => CSharpCompiler.EmitDll(broken, file));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Warning_InGeneratedCode_IsAnError()
    {
        var (z, w) = CSharpModels.SinChain();
        var source = CSharpEmitter.EmitDerivatives(z, new[] { w }, new CSharpEmitterOptions { ClassName = "Warns" });
        var warns = source.WithText(source.Text.Replace("double x = global::System.Math.Sin(w);", "double x = global::System.Math.Sin(w); int unused = 1;"));
        var e = Assert.Throws<CSharpCompilationException>(() => CSharpCompiler.Compile(warns));
        Assert.Contains("CS0219", e.Message);
    }
}
