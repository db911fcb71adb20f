using SymGraph.Codegen.Expressions;

namespace SymGraph.Tests;

/// <summary>
/// Small static tensors in locals in the Expression backend (ChunkBuilder.Promotion): which tensors
/// it keeps in locals, and that the numbers are the interpreter's either way.
/// </summary>
public class ExpressionPromotionTests
{
    /// <summary>W3's loss and gradient, as functions of its inputs and parameters.</summary>
    private static (Node[] outputs, Node[] arguments) Xor()
    {
        var (loss, inputs, parameters) = CSharpModels.Xor();
        return (new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray(), inputs.Concat(parameters).ToArray());
    }

    private static void AssertMatchesInterpreter(CompiledFunction<double> fn, Node[] outputs, Node[] arguments, int seed)
    {
        var values = TestUtil.RandomValues(outputs[0].Graph, new Random(seed));
        var actual = fn.Evaluate(arguments.ToDictionary(a => ((Ops.Leaf)a.Op).LeafName, a => values[a]));
        var expected = Interpreter.Evaluate(outputs, values);
        for (int j = 0; j < expected.Length; j++) TestUtil.AssertClose(expected[j], actual[j], what: $"result {j}");
    }

    [Fact]
    public void XorGradient_HiddenVectorsInLocals_SameValues_NoAllocation()
    {
        var (outputs, arguments) = Xor();
        var fn = ExpressionCompiler.Compile(outputs, arguments);

        Assert.Contains(fn.TensorsInLocals, n => n.Name == "h");
        AssertMatchesInterpreter(fn, outputs, arguments, 1);
        var args = arguments.Select(a => new double[Math.Max(1, a.Shape.ElementCount)]).ToArray();
        var results = outputs.Select(o => new double[Math.Max(1, o.Shape.ElementCount)]).ToArray();
        Assert.Equal(0, Allocations.SteadyState(() => fn.Invoke(args, results), 1000));
    }

    [Fact]
    public void TensorAKernelReads_StaysInItsBuffer()
    {
        var g = new Graph();
        var x = g.Input("x", 2);
        var c = g.Input("c", 4);
        var W = g.Parameter("W", 4, 2);
        var a = Sym.Tanh(Sym.MatMul(W, x)).Named("a");
        var loss = Sym.Sum(Sym.Softmax(a) * c).Named("loss");
        var outputs = new[] { loss }.Concat(Autodiff.Grad(loss, new[] { W })).ToArray();
        var fn = ExpressionCompiler.Compile(outputs, new[] { x, c, W });

        Assert.DoesNotContain(fn.TensorsInLocals, n => n.Name == "a");
        Assert.NotEmpty(fn.TensorsInLocals); // the product W·x is read by the loop only
        AssertMatchesInterpreter(fn, outputs, new[] { x, c, W }, 2);
    }

    [Fact]
    public void ElementOfABroadcastScalar_OutlivesTheScalarsSlot()
    {
        // v = broadcast(s) is written element by element as s itself; s's slot is free for reuse
        // once v is computed, and the chain q (scheduled after v) takes slots while v waits for the
        // matmul. The elements must hold s's value, not whatever reuses its slot (seed 1964 of the
        // random graphs found this).
        var g = new Graph();
        var p = g.Parameter("p", 3);
        var r = g.Parameter("r");
        var s = Sym.Sum(Sym.Tanh(p));
        var v = Sym.Broadcast(s, new Shape(1, 2));
        var q = r;
        for (int i = 0; i < 20; i++) q = Sym.Sin(q) * r + 0.25;
        var loss = Sym.Sum(Sym.MatMul(v, Sym.Broadcast(q, new Shape(2, 1)))).Named("loss");
        var parameters = new[] { p, r };
        var outputs = new[] { loss }.Concat(Autodiff.Grad(loss, parameters)).ToArray();
        var fn = ExpressionCompiler.Compile(outputs, parameters, new ExpressionCompilerOptions { Simplify = false });

        Assert.NotEmpty(fn.TensorsInLocals);
        AssertMatchesInterpreter(fn, outputs, parameters, 3);
    }

    [Fact]
    public void ProgramsInSeveralMethods_KeepEveryTensorInBuffers()
    {
        var (outputs, arguments) = Xor();
        var fn = ExpressionCompiler.Compile(outputs, arguments, new ExpressionCompilerOptions { MaxChunkWeight = 10 });

        Assert.True(fn.MethodCount > 1);
        Assert.Empty(fn.TensorsInLocals);
        AssertMatchesInterpreter(fn, outputs, arguments, 4);
    }
}
