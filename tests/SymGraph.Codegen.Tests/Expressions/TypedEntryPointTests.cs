using SymGraph.Codegen.Expressions;
using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>
/// CompiledFunction.AsDelegate: the function with its own parameters (x, dx) => f computes, bit for
/// bit, what Invoke computes; wrong signatures, unsupported functions and bad arrays get one clear
/// error; calls allocate nothing.
/// </summary>
public class TypedEntryPointTests
{
    private static (Node x, Node f) Rosenbrock(Graph g, int n)
    {
        var x = g.Parameter("x", n);
        var head = Sym.Slice(x, 0, n - 1);
        var tail = Sym.Slice(x, 1, n);
        return (x, Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(1.0 - head)).Named("f"));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, null)]
    [InlineData(7, 256)]
    [InlineData(1000, null)]
    [InlineData(1000, 0)]
    public void Gradient_MatchesInvokeBitForBit(int n, int? bits)
    {
        var g = new Graph();
        var (x, f) = Rosenbrock(g, n);
        var compiled = ExpressionCompiler.Compile(new[] { f, Autodiff.Grad(f, x) }, new[] { x }, new ExpressionCompilerOptions { VectorBits = bits });
        var typed = compiled.AsDelegate<Func<double[], double[], double>>();
        var value = compiled.AsDelegate<Func<double[], double>>; // not this function's signature: checked below
        var rng = new Random(n);
        var xs = Enumerable.Range(0, n).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var results = new[] { new double[1], new double[n] };
        compiled.Invoke(new[] { xs }, results);
        var dx = new double[n];
        double fx = typed(xs, dx);
        Assert.Equal(BitConverter.DoubleToInt64Bits(results[0][0]), BitConverter.DoubleToInt64Bits(fx));
        Assert.Equal(results[1].Select(BitConverter.DoubleToInt64Bits), dx.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(0, Allocations.SteadyState(() => typed(xs, dx), 1000));
        var wrong = Assert.Throws<ArgumentException>(() => value());
        Assert.Contains("(Double[], Double[]) => Double", wrong.Message);
    }

    [Fact]
    public void TensorOutputs_AreParameters_ScalarsBesideTheFirstAreOneElementArrays()
    {
        var g = new Graph();
        var a = g.Parameter("a", new Shape(3));
        var s = g.Parameter("s");
        var y = Sym.Exp(a) * s;
        var total = Sym.Sum(y);
        var compiled = ExpressionCompiler.Compile(new[] { y, total }, new[] { a, s });
        var typed = compiled.AsDelegate<Action<double[], double, double[], double[]>>();
        var ys = new double[3];
        var sum = new double[1];
        typed(new[] { 0.5, -1.0, 2.0 }, 3.0, ys, sum);
        var expected = new[] { new double[3], new double[1] };
        compiled.Invoke(new[] { new[] { 0.5, -1.0, 2.0 }, new[] { 3.0 } }, expected);
        Assert.Equal(expected[0], ys);
        Assert.Equal(expected[1], sum);
    }

    [Fact]
    public void BadArrays_OneClearError()
    {
        var g = new Graph();
        var (x, f) = Rosenbrock(g, 4);
        var typed = ExpressionCompiler.Compile(new[] { f, Autodiff.Grad(f, x) }, new[] { x }).AsDelegate<Func<double[], double[], double>>();
        Assert.Throws<ArgumentNullException>(() => typed(null!, new double[4]));
        var e = Assert.Throws<ArgumentException>(() => typed(new double[4], new double[3]));
        Assert.Contains("result", e.Message);
        Assert.Contains("3", e.Message);
    }

    [Fact]
    public void SymbolicSizes_NotSupported_SaysWhy()
    {
        var g = new Graph();
        var x = g.Parameter("x", new Shape("n"));
        var compiled = ExpressionCompiler.Compile(new[] { Sym.Sum(Sym.Exp(x)) }, new[] { x });
        var e = Assert.Throws<NotSupportedException>(() => compiled.AsDelegate<Func<double[], double>>());
        Assert.Contains("symbolic sizes (n)", e.Message);
    }
}
