using System.Reflection;
using Microsoft.CodeAnalysis;
using SymGraph.Model;
using SymGraph.Tests;

namespace SymGraph.Generators.Tests;

/// <summary>Door (a): <c>.sg</c> files given as AdditionalFiles become classes, and their errors build diagnostics.</summary>
public class ModelFileTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(Snapshot.RepositoryRoot(), "examples", name));

    private static SgFile Sg(string path, string text, params (string Key, string Value)[] metadata) =>
        new(path, text, metadata.ToDictionary(m => m.Key, m => m.Value));

    [Fact]
    public void Rosenbrock_WithHessian_Snapshot()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(),
            new[] { Sg("/src/Models/rosenbrock.sg", Example("rosenbrock.sg"), ("SymGraphHessian", "dense")) },
            new Dictionary<string, string> { ["RootNamespace"] = "My.App" });
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        Snapshot.Verify(GeneratorHarness.Source(result, "My.App.Rosenbrock.g.cs"), area: "Generators");
    }

    [Fact]
    public void IrisMlp_Snapshot_HasOutputsMethod()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(),
            new[] { Sg("/src/iris_mlp.sg", Example("iris_mlp.sg"), ("SymGraphClass", "IrisModel"), ("SymGraphNamespace", "Models")) });
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        var text = GeneratorHarness.Source(result, "Models.IrisModel.g.cs");
        Assert.Contains("public static void Outputs(double[] x, double[] W1, double[] b1, double[] W2, double[] b2, double[] z)", text);
        Snapshot.Verify(text, area: "Generators");
    }

    [Fact]
    public void GeneratedRosenbrock_MatchesTheInterpreter()
    {
        var (_, output, _) = GeneratorHarness.Run(Array.Empty<string>(),
            new[] { Sg("rosenbrock.sg", Example("rosenbrock.sg"), ("SymGraphHessian", "dense"), ("SymGraphHvp", "true")) });
        var type = GeneratorHarness.Load(output).GetType("UserProject.Rosenbrock")!;
        var model = ModelCompiler.Compile(Example("rosenbrock.sg"), "rosenbrock.sg");
        var x = model.Parameters[0];
        var rng = new Random(7);
        var point = Enumerable.Range(0, 10).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(point) };

        var gradient = new double[10];
        double value = (double)type.GetMethod("Gradient")!.Invoke(null, new object[] { point, gradient })!;
        var expectedGradient = Interpreter.Evaluate(model.Gradients()[0], values).Data;
        Assert.Equal(Interpreter.Evaluate(model.Cost!, values).ToScalar(), value, 12);
        for (int i = 0; i < 10; i++) Assert.Equal(expectedGradient[i], gradient[i], 10);

        var hessian = new double[100];
        type.GetMethod("Hessian")!.Invoke(null, new object[] { point, hessian });
        var expectedHessian = Interpreter.Evaluate(Autodiff.Hessian(model.Cost!, x), values).Data;
        for (int i = 0; i < 100; i++) Assert.Equal(expectedHessian[i], hessian[i], 9);

        // H·v with v = e_3 is column 3 of the Hessian.
        var v = new double[10];
        v[3] = 1;
        var (dx, hv) = (new double[10], new double[10]);
        type.GetMethod("HessianVectorProduct")!.Invoke(null, new object[] { point, v, dx, hv });
        for (int i = 0; i < 10; i++) Assert.Equal(expectedHessian[i * 10 + 3], hv[i], 9);
        for (int i = 0; i < 10; i++) Assert.Equal(expectedGradient[i], dx[i], 10);
    }

    [Fact]
    public void Outputs_ComputeTheModelsOutputValues()
    {
        const string text = "input x[n]\nparam w[n]\nparam b\ny = sum(w * x) + b\np = sigmoid(y)\nloss = -log(p)\nminimize loss\noutput p, y\n";
        var (_, output, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), new[] { Sg("logit.sg", text) });
        Assert.Empty(diagnostics);
        var type = GeneratorHarness.Load(output).GetType("UserProject.Logit")!;
        var outputs = type.GetMethod("Outputs")!;
        Assert.Equal(new[] { "x", "w", "b", "y" }, outputs.GetParameters().Select(p => p.Name));
        double[] x = { 1, -2, 0.5 }, w = { 0.3, 0.1, -0.4 };
        var args = new object[] { x, w, 0.25, 0.0 };
        double p = (double)outputs.Invoke(null, args)!;
        double y = 0.3 - 0.2 - 0.2 + 0.25;
        Assert.Equal(y, (double)args[3], 14);
        Assert.Equal(1 / (1 + Math.Exp(-y)), p, 14);
    }

    [Fact]
    public void ModelErrors_AreDiagnosticsAtTheLineAndColumn()
    {
        const string text = "param x[3]\n\nf = sum(x * yy)\nminimize f\n";
        var (result, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), new[] { Sg("/p/bad.sg", text) });
        var d = Assert.Single(diagnostics);
        Assert.Equal("SG0201", d.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("yy", d.GetMessage());
        var span = d.Location.GetLineSpan();
        Assert.Equal("/p/bad.sg", span.Path);
        Assert.Equal(2, span.StartLinePosition.Line);       // 0-based: line 3
        Assert.Equal(12, span.StartLinePosition.Character); // 0-based: column 13
        Assert.Equal(text.IndexOf("yy", StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.Equal(2, d.Location.SourceSpan.Length);
        Assert.Empty(GeneratorHarness.Generated(result));
    }

    [Theory]
    [InlineData("SymGraphHessian", "sparse", "SG0802", "sparse Hessians are not generated yet")]
    [InlineData("SymGraphHessian", "full", "SG0801", "expected \"dense\" or \"sparse\"")]
    [InlineData("SymGraphHvp", "yes", "SG0801", "expected \"true\" or \"false\"")]
    [InlineData("SymGraphClass", "my class", "SG0801", "not a valid C# identifier")]
    [InlineData("SymGraphClass", "Value", "SG0801", "SymGraphClass")]
    [InlineData("SymGraphNamespace", "A.class", "SG0801", "C# keyword")]
    public void BadSettings_AreOneDiagnosticEach(string key, string value, string code, string message)
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), new[] { Sg("m.sg", "param x\nminimize x * x\n", (key, value)) });
        var d = Assert.Single(diagnostics);
        Assert.Equal(code, d.Id);
        Assert.Contains(message, d.GetMessage());
        Assert.Equal("m.sg", d.Location.GetLineSpan().Path);
        Assert.Empty(GeneratorHarness.Generated(result));
    }

    [Fact]
    public void DenseHessianBeyondTheLimit_IsSG0503AtMinimize()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), new[] { Sg("big.sg", "param w[2000]\nminimize sum(w * w)\n", ("SymGraphHessian", "dense")) });
        var d = Assert.Single(diagnostics);
        Assert.Equal("SG0503", d.Id);
        Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("minimize".Length, d.Location.SourceSpan.Length);
    }

    [Fact]
    public void Namespace_FromMetadata_ElseRootNamespace_ElseAssemblyName()
    {
        string Hint(IReadOnlyDictionary<string, string> properties, string assembly, params (string, string)[] metadata) =>
            GeneratorHarness.Run(Array.Empty<string>(), new[] { Sg("two_layer.sg", "param x\nminimize x * x\n", metadata) }, properties, assembly)
                .Result is var r ? GeneratorHarness.Generated(r).Single().HintName : "";
        var none = new Dictionary<string, string>();
        Assert.Equal("Ns.TwoLayer.g.cs", Hint(new Dictionary<string, string> { ["RootNamespace"] = "Root" }, "Asm", ("SymGraphNamespace", "Ns")));
        Assert.Equal("Root.TwoLayer.g.cs", Hint(new Dictionary<string, string> { ["RootNamespace"] = "Root" }, "Asm"));
        Assert.Equal("my_app.Tools.TwoLayer.g.cs", Hint(none, "my-app.Tools"));
        Assert.Equal("Root.Net.g.cs", Hint(new Dictionary<string, string> { ["RootNamespace"] = "Root" }, "Asm", ("SymGraphClass", "Net")));
    }

    [Fact]
    public void TwoFilesWithOneClass_AreAConflictNotACrash()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(),
            new[] { Sg("a/model.sg", "param x\nminimize x * x\n"), Sg("b/model.sg", "param y\nminimize y * y\n") });
        Assert.Single(GeneratorHarness.Generated(result));
        Assert.Equal("SG0803", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void NonSgAdditionalFiles_AreIgnored()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), new[] { new SgFile("data.csv", "a,b\n1,2\n") });
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Generated(result));
    }
}
