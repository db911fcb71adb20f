using Microsoft.CodeAnalysis;

namespace SymGraph.Generators.Tests;

/// <summary>Door (b): each construct outside the subset is one SG07xx error at the construct; the method gets no output, the others still do.</summary>
public class UnsupportedConstructTests
{
    /// <summary>A body with <c>/*@*/</c> marking where the diagnostic must start.</summary>
    [Theory]
    [InlineData("SG0703", "public double /*@*/F(double x) => x;", "is an instance method")]
    [InlineData("SG0703", "public static double F(/*@*/double[] x) => 0;", "not generated yet")]
    [InlineData("SG0703", "public static double F(/*@*/int n) => n;", "has type 'int'")]
    [InlineData("SG0703", "public static /*@*/float F(double x) => 0;", "return double")]
    [InlineData("SG0703", "public static double F(/*@*/ref double x) => x;", "by reference")]
    [InlineData("SG0701", "public static double F(double x) { /*@*/if (x < 0) x = -x; return x; }", "write the conditional operator")]
    [InlineData("SG0705", "public static double F(double x) { double s = 0; /*@*/for (int i = 0; i < 3; i++) s += x; return s; }", "'for' loops")]
    [InlineData("SG0701", "public static double F(double x) { /*@*/while (x > 1) x /= 2; return x; }", "'while statement' is not in the subset")]
    [InlineData("SG0701", "public static double F(double x) { /*@*/return x; x = 2; }", "early 'return'")]
    [InlineData("SG0702", "public static double F(double x) => x * /*@*/k; static double k = 2;", "pass it as a double parameter")]
    [InlineData("SG0704", "public static double F(double x) => /*@*/Math.Floor(x);", "Math.Exp, Log")]
    [InlineData("SG0704", "public static double F(double x) => /*@*/G(x); static double G(double t) => t;", "[Differentiable] method")]
    [InlineData("SG0702", "public static double F(double x) => (x /*@*/< 1) * 2.0;", "condition of the conditional operator")]
    [InlineData("SG0702", "public static double F(double x) => /*@*/x > 0 && x < 1 ? x : 0;", "nest conditional operators")]
    [InlineData("SG0702", "public static double F(double x) => x /*@*/% 2;", "operator '%'")]
    [InlineData("SG0702", "public static double F(double x) => /*@*/\"a\".Length;", "is not in the subset")]
    [InlineData("SG0701", "public static double F(double x) { /*@*/int n = 2; return x * n; }", "declare 'double'")]
    public void UnsupportedConstruct_IsAnErrorAtIt(string code, string members, string message)
    {
        string source = "using System; using SymGraph; namespace N; public static partial class C { [Differentiable] " + members + " [Differentiable] public static double Ok(double a) => a * a; }";
        source = source.Replace("public double /*@*/F", "public double /*@*/F").Replace("public static partial class C { [Differentiable] public double", "public partial class C { [Differentiable] public double");
        var (result, output, diagnostics) = GeneratorHarness.Run(new[] { source });
        var d = Assert.Single(diagnostics);
        Assert.Equal(code, d.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(message, d.GetMessage());
        Assert.Equal("File0.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(source.IndexOf("/*@*/", StringComparison.Ordinal) + "/*@*/".Length, d.Location.SourceSpan.Start);
        // The other method is still generated, and what was generated compiles.
        var generated = GeneratorHarness.Generated(result);
        Assert.Contains(generated, s => s.HintName.Contains("_Ok_1", StringComparison.Ordinal));
        Assert.DoesNotContain(generated, s => s.HintName.Contains("_F_1", StringComparison.Ordinal));
        Assert.DoesNotContain(GeneratorHarness.Errors(output), e => e.Location.SourceTree?.FilePath.Contains("SymGraph.Generators", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Recursion_IsSG0707ForEachMethodInTheCycle()
    {
        const string source = "using SymGraph; static partial class C { [Differentiable] public static double F(double x) => G(x); [Differentiable] public static double G(double t) => F(t) + 1; }";
        var (result, _, diagnostics) = GeneratorHarness.Run(new[] { source });
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("SG0707", d.Id));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("(F → G → F)", StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.Generated(result));
    }

    [Fact]
    public void NonPartialClass_IsAnErrorAtTheMethod()
    {
        const string source = "using SymGraph; static class C { [Differentiable] public static double F(double x) => x * x; }";
        var (_, _, diagnostics) = GeneratorHarness.Run(new[] { source });
        var d = Assert.Single(diagnostics);
        Assert.Equal("SG0703", d.Id);
        Assert.Contains("declare it 'partial'", d.GetMessage());
        Assert.Equal(source.IndexOf("F(", StringComparison.Ordinal), d.Location.SourceSpan.Start);
    }
}

/// <summary>Parameters named like the generated spans do not clash with them.</summary>
public class SpanNameTests
{
    private delegate double Grad2(double a, double b, Span<double> g);

    [Fact]
    public void ParametersNamedGradientOrV_GetSpansWithOtherNames()
    {
        const string source = "using SymGraph; namespace N; public static partial class C { [Differentiable(Hessian = true)] public static double F(double gradient, double v) => gradient * v * v; }";
        var (result, output, diagnostics) = GeneratorHarness.Run(new[] { source });
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Contains("Span<double> gradient_)", GeneratorHarness.Source(result, "N_C_F_2.g.cs"));
        var f = GeneratorHarness.Load(output).GetType("N.C")!.GetMethod("FGradient")!.CreateDelegate<Grad2>();
        var g = new double[2];
        Assert.Equal(2.0 * 9, f(2, 3, g));
        Assert.Equal(new[] { 9.0, 12.0 }, g);
    }
}
