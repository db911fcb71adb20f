extern alias gen;

using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using GenAutodiff = gen::SymGraph.Autodiff;
using GenGraph = gen::SymGraph.Graph;
using GenInterpreter = gen::SymGraph.Interpreter;
using GenNode = gen::SymGraph.Node;
using GenShape = gen::SymGraph.Shape;
using GenTensor = gen::SymGraph.Tensor;
using MethodTranslator = gen::SymGraph.Generators.MethodTranslator;

namespace SymGraph.Generators.Tests;

/// <summary>
/// Door (b): for 23 C# functions the generated gradient, Hessian and Hessian-vector product equal the
/// interpreter's on the graph the generator built (within 1e-12) and central differences of the
/// user's own C# method (so the translation itself is checked, not only the derivatives).
/// </summary>
public class DifferentiableTests
{
    private static readonly Lazy<(Compilation Output, Type Type, string Source)> Generated = new(() =>
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(new[] { Functions.Source });
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        var type = GeneratorHarness.Load(output).GetType("Tests.Functions.F")!;
        return (output, type, GeneratorHarness.Source(result, "Tests_Functions_F_Himmelblau_2.g.cs"));
    });

    public static IEnumerable<object[]> Names => Functions.All.Select(f => new object[] { f.Name });

    [Fact]
    public void Himmelblau_Snapshot() => SymGraph.Tests.Snapshot.Verify(Generated.Value.Source, area: "Generators");

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedDerivatives_MatchTheInterpreterAndFiniteDifferences(string name)
    {
        var (_, arity, low, high) = Functions.All.Single(f => f.Name == name);
        var (output, type, _) = Generated.Value;
        var f = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var gradientMethod = type.GetMethod(name + "Gradient", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var hessianMethod = type.GetMethod(name + "Hessian", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var hvpMethod = type.GetMethod(name + "HessianVectorProduct", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;

        // The graph the generator builds, evaluated by the interpreter: the reference.
        var symbol = (IMethodSymbol)output.GetTypeByMetadataName("Tests.Functions.F")!.GetMembers(name).Single();
        var syntax = (MethodDeclarationSyntax)symbol.DeclaringSyntaxReferences.Single().GetSyntax();
        var graph = new GenGraph();
        var parameters = symbol.Parameters.Select(p => graph.Parameter(p.Name, GenShape.Scalar)).ToArray();
        var value = new MethodTranslator(graph, output, CancellationToken.None).Translate(symbol, syntax, parameters);
        var grads = GenAutodiff.Grad(value, parameters);
        var hessian = GenAutodiff.Hessian(value, parameters);

        var rng = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Enumerable.Range(0, arity).Select(_ => low + (high - low) * rng.NextDouble()).ToArray();
            var v = Enumerable.Range(0, arity).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var values = parameters.Select((p, i) => (p, GenTensor.Scalar(x[i]))).ToDictionary(e => e.p, e => e.Item2);
            double expectedValue = GenInterpreter.Evaluate(value, values).ToScalar();
            var expectedGradient = grads.Select(g => GenInterpreter.Evaluate(g, values).ToScalar()).ToArray();
            var expectedHessian = new double[arity * arity];
            for (int i = 0; i < arity; i++)
                for (int j = 0; j < arity; j++) expectedHessian[i * arity + j] = GenInterpreter.Evaluate(hessian[i, j], values).ToScalar();

            double F(double[] at) => (double)f.Invoke(null, at.Cast<object>().ToArray())!;
            var gradient = new double[arity];
            double returned = Gradient(gradientMethod, x, gradient);
            Close(F(x), returned, "the value");
            Close(expectedValue, returned, "the value");
            for (int i = 0; i < arity; i++) Close(expectedGradient[i], gradient[i], $"∂/∂x{i}");

            var (g2, h) = (new double[arity], new double[arity * arity]);
            Close(expectedValue, Hessian(hessianMethod, x, g2, h), "the value of Hessian");
            for (int k = 0; k < h.Length; k++) Close(expectedHessian[k], h[k], $"H[{k / arity},{k % arity}]");
            for (int i = 0; i < arity; i++) Close(expectedGradient[i], g2[i], $"the gradient of Hessian, {i}");

            var (g3, hv) = (new double[arity], new double[arity]);
            Hvp(hvpMethod, x, v, g3, hv);
            for (int i = 0; i < arity; i++)
                Close(Enumerable.Range(0, arity).Sum(j => expectedHessian[i * arity + j] * v[j]), hv[i], $"(Hv)[{i}]");

            // Central differences of the user's method and of the generated gradient.
            for (int i = 0; i < arity; i++)
            {
                double step = 1e-6 * Math.Max(1, Math.Abs(x[i]));
                var (plus, minus) = ((double[])x.Clone(), (double[])x.Clone());
                plus[i] += step;
                minus[i] -= step;
                double numeric = (F(plus) - F(minus)) / (2 * step);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"{name} at ({string.Join(", ", x)}): ∂/∂x{i} = {gradient[i]}, central difference {numeric}");
                var (gp, gm) = (new double[arity], new double[arity]);
                Gradient(gradientMethod, plus, gp);
                Gradient(gradientMethod, minus, gm);
                for (int j = 0; j < arity; j++)
                {
                    double numericH = (gp[j] - gm[j]) / (2 * step);
                    Assert.True(Math.Abs(numericH - h[j * arity + i]) <= 1e-4 * Math.Max(1, Math.Abs(numericH)), $"{name}: H[{j},{i}] = {h[j * arity + i]}, central difference {numericH}");
                }
            }
        }

        void Close(double expected, double actual, string what) =>
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name}: {what} is {actual}, the interpreter says {expected}");
    }

    // The generated methods take spans, which reflection cannot pass: these call them through delegates.
    private delegate double Grad1(double a, Span<double> g);
    private delegate double Grad2(double a, double b, Span<double> g);
    private delegate double Grad3(double a, double b, double c, Span<double> g);
    private delegate double Hess1(double a, Span<double> g, Span<double> h);
    private delegate double Hess2(double a, double b, Span<double> g, Span<double> h);
    private delegate double Hess3(double a, double b, double c, Span<double> g, Span<double> h);
    private delegate double Hvp1(double a, ReadOnlySpan<double> v, Span<double> g, Span<double> hv);
    private delegate double Hvp2(double a, double b, ReadOnlySpan<double> v, Span<double> g, Span<double> hv);
    private delegate double Hvp3(double a, double b, double c, ReadOnlySpan<double> v, Span<double> g, Span<double> hv);

    private static double Gradient(MethodInfo m, double[] x, double[] g) => x.Length switch
    {
        1 => m.CreateDelegate<Grad1>()(x[0], g),
        2 => m.CreateDelegate<Grad2>()(x[0], x[1], g),
        _ => m.CreateDelegate<Grad3>()(x[0], x[1], x[2], g),
    };

    private static double Hessian(MethodInfo m, double[] x, double[] g, double[] h) => x.Length switch
    {
        1 => m.CreateDelegate<Hess1>()(x[0], g, h),
        2 => m.CreateDelegate<Hess2>()(x[0], x[1], g, h),
        _ => m.CreateDelegate<Hess3>()(x[0], x[1], x[2], g, h),
    };

    private static double Hvp(MethodInfo m, double[] x, double[] v, double[] g, double[] hv) => x.Length switch
    {
        1 => m.CreateDelegate<Hvp1>()(x[0], v, g, hv),
        2 => m.CreateDelegate<Hvp2>()(x[0], x[1], v, g, hv),
        _ => m.CreateDelegate<Hvp3>()(x[0], x[1], x[2], v, g, hv),
    };

    [Fact]
    public void WrongSpanLengths_AreArgumentExceptionsNamingTheSpan()
    {
        var m = Generated.Value.Type.GetMethod("RosenbrockGradient")!.CreateDelegate<Grad2>();
        var e = Assert.Throws<ArgumentException>(() => m(1, 2, new double[3]));
        Assert.Equal("gradient", e.ParamName);
        Assert.StartsWith("Expected 2 elements, got 3.", e.Message);
    }
}
