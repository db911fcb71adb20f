using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Tests;

/// <summary>
/// Small static tensors in locals (MethodWriter.Promotion): which tensors the C# backend keeps in
/// locals, which it must leave in buffers, and that the code computes the same numbers either way
/// (the interpreter within 1e-12, the Expression backend bit for bit).
/// </summary>
public class PromotionTests
{
    private static (CSharpSource source, CompiledClass compiled) Emit(Node loss, Node[] parameters, string className)
    {
        var source = CSharpEmitter.EmitDerivatives(loss, parameters, new CSharpEmitterOptions { ClassName = className });
        return (source, CSharpCompiler.Compile(source));
    }

    private static void AssertAgrees(CompiledClass compiled, string function, int seed)
    {
        var f = compiled.Source.Function(function);
        var values = CSharpHarness.RandomValues(f, new Random(seed));
        CSharpHarness.AssertMatchesInterpreter(compiled, function, values, compiled.Source.ClassName);
        var actual = CSharpHarness.Run(compiled, function, values);
        var expected = CSharpHarness.ExpressionBackend(f.Outputs.SelectMany(o => o.Elements).ToArray(), f.Arguments, values);
        for (int j = 0; j < expected.Length; j++)
            Assert.Equal(expected[j].Data.Select(BitConverter.DoubleToInt64Bits), actual[j].Data.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void XorNetwork_EveryWorkTensorLivesInLocals()
    {
        var (loss, _, parameters) = CSharpModels.Xor();
        var (source, compiled) = Emit(loss, parameters, "XorLocals");

        // No buffers at all: no thread-static field, no buffer helper, no array local for h.
        Assert.DoesNotContain("ThreadStatic", source.Text);
        Assert.DoesNotContain("Buffer(", source.Text);
        Assert.DoesNotContain("double[] h", source.Text);
        for (int k = 0; k < 8; k++) Assert.Contains($"double h_{k} = global::System.Math.Tanh(", source.Text);
        Assert.DoesNotContain("#nullable", source.Text);
        AssertAgrees(compiled, "Value", 1);
        AssertAgrees(compiled, "Gradient", 2);
    }

    [Fact]
    public void TensorAKernelReads_StaysInItsBuffer_TheRestInLocals()
    {
        // tanh(z) feeds softmax, a kernel call that needs an array; z itself only feeds the loop.
        var g = new Graph();
        var x = g.Input("x", 2);
        var c = g.Input("c", 4);
        var W = g.Parameter("W", 4, 2);
        var z = Sym.MatMul(W, x).Named("z");
        var a = Sym.Tanh(z).Named("a");
        var loss = Sym.Sum(Sym.Softmax(a) * c).Named("loss");
        var (source, compiled) = Emit(loss, new[] { W }, "KernelDemotes");

        Assert.Contains("double[] a = buffer", source.Text);
        Assert.Contains("double z_0 = ", source.Text);
        Assert.DoesNotContain("double[] z", source.Text);
        Assert.Contains("#nullable enable", source.Text);
        AssertAgrees(compiled, "Value", 3);
        AssertAgrees(compiled, "Gradient", 4);
    }

    [Fact]
    public void PromotedTensorsReadThroughTransposesAndSlices()
    {
        // M is read transposed by a written-out matmul and sliced by a loop: both name its elements.
        var g = new Graph();
        var A = g.Parameter("A", 2, 3);
        var v = g.Parameter("v", 2);
        var q = g.Parameter("q", 1, 3);
        var M = Sym.Tanh(A).Named("M");
        var y = Sym.MatMul(Sym.Transpose(M), v);
        var s = Sym.Slice(M, 1, 2) * q;
        var loss = (Sym.Sum(y * y) + Sym.Sum(Sym.Exp(s))).Named("loss");
        var (source, compiled) = Emit(loss, new[] { A, v, q }, "ViewsOfLocals");

        Assert.DoesNotContain("double[] M", source.Text);
        Assert.Contains("double M_5 = ", source.Text);
        AssertAgrees(compiled, "Value", 5);
        AssertAgrees(compiled, "Gradient", 6);
    }

    [Fact]
    public void ConcatsOfSmallTensors_AreAssembledInLocals()
    {
        // Rosenbrock in vector form: slices' VJPs are concats of a part and zeros, and the Hessian
        // stacks rows. Every concat result is named element by element: no buffer, no copy.
        var g = new Graph();
        var x = g.Parameter("x", 4);
        var head = Sym.Slice(x, 0, 3);
        var tail = Sym.Slice(x, 1, 4);
        var f = Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(1.0 - head)).Named("f");
        var source = CSharpEmitter.EmitDerivatives(f, new[] { x }, new CSharpEmitterOptions { ClassName = "RosenbrockLocals" }, hessian: true);
        var compiled = CSharpCompiler.Compile(source);

        Assert.DoesNotContain("Buffer(", source.Text);
        Assert.DoesNotContain("Array.Copy", source.Text);
        AssertAgrees(compiled, "Value", 9);
        AssertAgrees(compiled, "Gradient", 10);
        AssertAgrees(compiled, "Hessian", 11);
    }

    [Fact]
    public void ManySmallTensors_OnlyUpToTheBudgetLiveInLocals()
    {
        // 40 hidden vectors of 8 elements: 320 elements, over the 256 a method keeps in locals (the
        // JIT stops optimizing methods with too many locals). The first ones are promoted, the rest not.
        var g = new Graph();
        var x = g.Input("x", 2);
        var weights = Enumerable.Range(0, 40).Select(k => g.Parameter("W" + k, 8, 2)).ToArray();
        var loss = weights.Select((W, k) => Sym.Sum(Sym.Tanh(Sym.MatMul(W, x).Named("z" + k)))).Aggregate((a, b) => a + b).Named("loss");
        var (source, compiled) = Emit(loss, weights, "Budget");

        Assert.Contains("double z0_0 = ", source.Text);
        Assert.DoesNotContain("double z39_0 = ", source.Text);
        Assert.Contains("Buffer(ref", source.Text);
        AssertAgrees(compiled, "Value", 8);
    }

    [Fact]
    public void WrittenOutMatMul_OfNegativeZeroProducts_IsPositiveZero()
    {
        // The interpreter and the kernels sum from +0.0, so 1 / (−1 · 0) is +∞ in every backend.
        var g = new Graph();
        var W = g.Parameter("W", 1, 1);
        var x = g.Parameter("x", 1, 1);
        var loss = Sym.Sum(1.0 / Sym.MatMul(W, x)).Named("loss");
        var values = new Dictionary<Node, Tensor> { [W] = new Tensor(new[] { 1, 1 }, new[] { -1.0 }), [x] = new Tensor(new[] { 1, 1 }, new[] { 0.0 }) };
        var compiled = CSharpCompiler.Compile(CSharpHarness.Emit(new[] { loss }, new[] { W, x }, "NegativeZero"));

        Assert.Equal(double.PositiveInfinity, Interpreter.Evaluate(loss, values).ToScalar());
        Assert.Equal(double.PositiveInfinity, CSharpHarness.Run(compiled, "Run", values)[0].ToScalar());
        Assert.Equal(double.PositiveInfinity, CSharpHarness.ExpressionBackend(new[] { loss }, new[] { W, x }, values)[0].ToScalar());
    }

    public static IEnumerable<object[]> AliasedComparisons()
    {
        // Elements in locals can make two operands the same text: the code must still compile
        // (x != x is a NaN test, which C# warns about) and compute the interpreter's values.
        {
            var g = new Graph();
            var P = g.Parameter("P", 2, 2);
            var a = Sym.Tanh(P).Named("a");
            yield return new object[] { "SelfInUnrolledLoop", new[] { Sym.NotEqual(a, a), Sym.MatMul(a, a) }, new[] { P }, true };
        }
        {
            var g = new Graph();
            var x = g.Parameter("x");
            yield return new object[] { "ReshapeVsBroadcast", new[] { Sym.Sum(Sym.NotEqual(Sym.Reshape(x, new Shape(1)), Sym.Broadcast(x, new Shape(1)))) }, new[] { x }, false };
        }
        {
            var g = new Graph();
            var p = g.Parameter("p", 4);
            var a = Sym.Tanh(p).Named("a");
            var back = Sym.Reshape(Sym.Reshape(a, new Shape(2, 2)), new Shape(4));
            yield return new object[] { "ThroughReshapes", new[] { Sym.Sum(Sym.NotEqual(a, back) + a) }, new[] { p }, false };
        }
        {
            // Elements that are constants and are only partly read: no unread constant local (CS0219).
            var g = new Graph();
            var p = g.Parameter("p", 2);
            var b = Sym.Broadcast(g.Constant(2.0), new Shape(4));
            yield return new object[] { "PartlyReadConstants", new[] { Sym.Sum(Sym.Slice(b, 0, 2) * p) }, new[] { p }, false };
        }
    }

    [Theory]
    [MemberData(nameof(AliasedComparisons))]
    public void AliasedOperands_CompileAndMatchTheInterpreter(string name, Node[] outputs, Node[] arguments, bool simplify)
    {
        var compiled = CSharpCompiler.Compile(CSharpHarness.Emit(outputs, arguments, "Aliased" + name, simplify));
        var values = TestUtil.RandomValues(outputs[0].Graph, new Random(14));
        CSharpHarness.AssertMatchesInterpreter(compiled, "Run", values, name);
    }

    [Fact]
    public void LargeOrSymbolicTensors_StayInBuffers()
    {
        // 17 elements is over the limit, and a batch-sized tensor has no static size.
        var g = new Graph();
        var X = g.Input("X", Dim.Sym("batch"), 3);
        var w = g.Parameter("w", 3);
        var u = g.Parameter("u", 17);
        var loss = (Sym.Sum(Sym.Tanh(Sym.MatMul(X, w))) + Sym.Sum(Sym.Sin(Sym.Exp(u)) * u)).Named("loss");
        var (source, compiled) = Emit(loss, new[] { w, u }, "NotPromoted");

        Assert.Contains("Buffer(ref", source.Text);
        Assert.DoesNotContain("_16 =", source.Text);
        var f = compiled.Source.Function("Gradient");
        var values = CSharpHarness.RandomValues(f, new Random(7), new Dictionary<string, int> { ["batch"] = 5 });
        CSharpHarness.AssertMatchesInterpreter(compiled, "Gradient", values, "NotPromoted");
    }
}
