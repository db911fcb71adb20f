using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Tests;

/// <summary>
/// The generated code of the reference models, reviewed as text (snapshots/CSharp/*.verified.cs);
/// each is also compiled and checked against the interpreter, so a snapshot is known-good code.
/// </summary>
public class CSharpSnapshotTests
{
    private static CSharpSource EmitAndCheck(Node output, Node[] wrt, string className, string source, bool hessian = false, IReadOnlyDictionary<string, int>? sizes = null)
    {
        var emitted = CSharpEmitter.EmitDerivatives(output, wrt, new CSharpEmitterOptions { ClassName = className, Source = source }, hessian);
        var compiled = CSharpCompiler.Compile(emitted);
        foreach (var f in emitted.Functions)
        {
            var values = CSharpHarness.RandomValues(f, new Random(5), sizes);
            // Probabilities for cross-entropy targets, which also keep log(p) finite.
            foreach (var a in f.Arguments.Where(a => a.Name == "Y")) values[a] = OneHot(values[a]);
            CSharpHarness.AssertMatchesInterpreter(compiled, f.Name, values, className);
        }
        return emitted;
    }

    private static Tensor OneHot(Tensor random)
    {
        int rows = random.Dims[0], width = random.Dims[1];
        var data = new double[random.Length];
        for (int r = 0; r < rows; r++) data[r * width + (int)((random.Data[r * width] + 1) / 2 * width) % width] = 1;
        return new Tensor(random.Dims, data);
    }

    [Fact]
    public void Rosenbrock4_ValueGradientHessian()
    {
        var (f, x) = CSharpModels.Rosenbrock(4);
        Snapshot.Verify(EmitAndCheck(f, x, "Rosenbrock4", "the Rosenbrock function of 4 scalars", hessian: true).Text);
    }

    [Theory]
    [InlineData(6)]  // small: the products' tensors live in locals
    [InlineData(30)] // in arrays: three products, then straight-line recovery stores
    public void RosenbrockVector_HessianSparse_HessianVectorProduct(int n)
    {
        var (_, x, f) = SymGraph.Benchmarks.Workloads.RosenbrockVector(n);
        var functions = new[] { CSharpFunction.HessianSparse(f, new[] { x }), CSharpFunction.HessianVectorProduct(f, new[] { x }) };
        var emitted = CSharpEmitter.Emit(functions, new CSharpEmitterOptions { ClassName = $"RosenbrockSparse{n}", Source = $"Rosenbrock in vector form, n = {n}" });
        var compiled = CSharpCompiler.Compile(emitted);
        foreach (var fn in emitted.Functions)
            CSharpHarness.AssertMatchesInterpreter(compiled, fn.Name, CSharpHarness.RandomValues(fn, new Random(5), null), $"RosenbrockSparse{n}");
        Snapshot.Verify(emitted.Text, suffix: n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SinChain_ValueGradient()
    {
        var (z, w) = CSharpModels.SinChain();
        Snapshot.Verify(EmitAndCheck(z, new[] { w }, "SinChain", "z = sin(sin(sin(w)))").Text);
    }

    [Fact]
    public void Network121_SquaredLoss_ValueGradient()
    {
        var (loss, parameters) = CSharpModels.Network121();
        Snapshot.Verify(EmitAndCheck(loss, parameters, "Network121", "the 1-2-1 network with squared loss").Text);
    }

    [Fact]
    public void MultinomialLogisticRegression_ValueGradient()
    {
        var (loss, parameters) = CSharpModels.MultinomialLogistic();
        Snapshot.Verify(EmitAndCheck(loss, parameters, "MultinomialLogistic", "multinomial logistic regression", sizes: new Dictionary<string, int> { ["m"] = 5 }).Text);
    }

    [Fact]
    public void TwoLayerMlp_SoftmaxCrossEntropy_ValueGradient()
    {
        var (loss, parameters) = CSharpModels.TwoLayerMlp();
        Snapshot.Verify(EmitAndCheck(loss, parameters, "TwoLayerMlp", "a two-layer perceptron with softmax and cross-entropy", sizes: new Dictionary<string, int> { ["batch"] = 6 }).Text);
    }
}
