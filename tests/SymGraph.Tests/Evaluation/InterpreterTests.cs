namespace SymGraph.Tests;

public class InterpreterTests
{
    [Fact]
    public void Evaluate_Float32Graph_RoundsEveryNodeToSingle()
    {
        var g = new Graph();
        var x = g.Input("x", new Shape(2), DType.Float32);
        var y = x / 3.0 * 7.0;
        var r = Interpreter.Evaluate(y, new Dictionary<string, Tensor> { ["x"] = Tensor.Vector(0.1, 1e-3) });
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal((double)((float)((float)0.1f / 3f) * 7f), r.Data[0]);
    }

    [Fact]
    public void Evaluate_SymbolicSize_IsBoundFromInputs()
    {
        var g = new Graph();
        var X = g.Input("X", "batch", 2);
        var r = Interpreter.Evaluate(Sym.Mean(X, 0), new Dictionary<string, Tensor> { ["X"] = Tensor.Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 9 } }) });
        Assert.Equal(new[] { 3.0, 5.0 }, r.Data);
    }

    [Fact]
    public void Evaluate_InconsistentSymbolicSizes_ErrorNamesTheSize()
    {
        var g = new Graph();
        var a = g.Input("a", "batch");
        var b = g.Input("b", "batch");
        var e = Assert.Throws<ArgumentException>(() => Interpreter.Evaluate(a + b,
            new Dictionary<string, Tensor> { ["a"] = Tensor.Vector(1, 2), ["b"] = Tensor.Vector(1, 2, 3) }));
        Assert.Contains("size 'batch' is 3 here but 2 elsewhere", e.Message);
    }

    [Fact]
    public void Evaluate_MissingOrUnknownValues_AreClearErrors()
    {
        var g = new Graph();
        var a = g.Input("a", 2);
        Assert.Contains("No value was given for input 'a'", Assert.Throws<ArgumentException>(() => Interpreter.Evaluate(Sym.Exp(a), new Dictionary<Node, Tensor>())).Message);
        Assert.Contains("no input or parameter named 'b'", Assert.Throws<ArgumentException>(() => Interpreter.Evaluate(Sym.Exp(a), new Dictionary<string, Tensor> { ["b"] = Tensor.Scalar(1) })).Message);
        Assert.Contains("expected shape [2], got [3]", Assert.Throws<ArgumentException>(() => Interpreter.Evaluate(Sym.Exp(a), new Dictionary<string, Tensor> { ["a"] = Tensor.Vector(1, 2, 3) })).Message);
    }

    [Fact]
    public void StableOps_LogitsOfMagnitude1000_StayFinite()
    {
        var g = new Graph();
        var z = g.Input("z", 1, 3);
        var y = g.Input("y", 1, 3);
        var values = new Dictionary<string, Tensor>
        {
            ["z"] = new Tensor(new[] { 1, 3 }, new[] { 1000.0, -1000.0, 999.0 }),
            ["y"] = new Tensor(new[] { 1, 3 }, new[] { 0.0, 0.0, 1.0 }),
        };
        var ls = Interpreter.Evaluate(Sym.LogSoftmax(z), values);
        double l = Math.Log(1 + Math.Exp(-1)), lse = 1000 + l;
        TestUtil.AssertClose(new[] { -l, -2000 - l, -1 - l }, ls, 1e-15, 0);
        TestUtil.AssertClose(lse, Interpreter.Evaluate(Sym.LogSumExp(z), values).Data[0], 1e-15, 0);
        TestUtil.AssertClose(1 + l, Interpreter.Evaluate(Sym.CrossEntropyLogits(z, y), values).Data[0], 1e-15, 0);
        Assert.All(Interpreter.Evaluate(Sym.Softmax(z), values).Data, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Concat_Slice_Transpose_EvaluateExactly()
    {
        var g = new Graph();
        var m = g.Input("m", 2, 3);
        var values = new Dictionary<string, Tensor> { ["m"] = Tensor.Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }) };
        Assert.Equal(new[] { 1.0, 4, 2, 5, 3, 6 }, Interpreter.Evaluate(Sym.Transpose(m), values).Data);
        Assert.Equal(new[] { 4.0, 5, 6, 1, 2, 3 }, Interpreter.Evaluate(Sym.Concat(Sym.Slice(m, 1, 2), Sym.Slice(m, 0, 1)), values).Data);
        Assert.Equal(new[] { 3.0, 6 }, Interpreter.Evaluate(Sym.Max(m, 1), values).Data);
        Assert.Equal(new[] { 5.0, 7, 9 }, Interpreter.Evaluate(Sym.SumTo(m, new Shape(3)), values).Data);
        Assert.Equal(new[] { 14.0, 32 }, Interpreter.Evaluate(Sym.MatMul(m, Sym.Index(m, 0)), values).Data);
    }

    [Fact]
    public void Prepare_EvaluatedAtTwoPoints_SameAsEvaluate()
    {
        var g = new Graph();
        var z = g.Input("z", 3);
        var loss = Sym.Log(Sym.Sum(Sym.Exp(z)));   // evaluated as logsumexp(z)
        var prepared = Interpreter.Prepare(new[] { loss });
        foreach (var at in new[] { new[] { 1.0, 2, 3 }, new[] { 1000.0, 0, -1000 } })
        {
            var values = new Dictionary<Node, Tensor> { [z] = Tensor.Vector(at) };
            Assert.Equal(Interpreter.Evaluate(loss, values).ToScalar(), prepared.Evaluate(values)[0].ToScalar());
        }
        Assert.Equal(1000.0, prepared.Evaluate(new Dictionary<Node, Tensor> { [z] = Tensor.Vector(1000, 0, -1000) })[0].ToScalar());
    }
}
