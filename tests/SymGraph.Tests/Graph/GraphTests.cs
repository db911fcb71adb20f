namespace SymGraph.Tests;

public class GraphTests
{
    [Fact]
    public void Apply_SameOpSameInputs_ReturnsSameNode()
    {
        var g = new Graph();
        var x = g.Input("x", 3);
        Assert.Same(Sym.Exp(x), Sym.Exp(x));
        Assert.Same(x * 2.0, x * 2.0);
        Assert.Same(Sym.Sum(x, 0), Sym.Sum(x, -1));
        Assert.NotSame(Sym.Sum(x, 0), Sym.Sum(x));
    }

    [Fact]
    public void Constant_InternedByBits_NegativeZeroIsDistinct()
    {
        var g = new Graph();
        Assert.Same(g.Constant(1.5), g.Constant(1.5));
        Assert.NotSame(g.Constant(0.0), g.Constant(-0.0));
        Assert.Same(g.Constant(double.NaN), g.Constant(double.NaN));
        Assert.NotSame(g.Constant(1.0, DType.Float32), g.Constant(1.0));
    }

    [Fact]
    public void Input_RedeclaredWithOtherShape_Throws()
    {
        var g = new Graph();
        var x = g.Input("x", 3);
        Assert.Same(x, g.Input("x", 3));
        var e = Assert.Throws<ArgumentException>(() => g.Input("x", 4));
        Assert.Contains("'x' is already declared as input f64[3]", e.Message);
        Assert.Throws<ArgumentException>(() => g.Parameter("x", 3));
    }

    [Fact]
    public void MatMul_MismatchedShapes_ErrorNamesOpAndBothShapes()
    {
        var g = new Graph();
        var a = g.Input("a", 128, 784);
        var b = g.Parameter("b", 256, 10);
        var e = Assert.Throws<ShapeException>(() => Sym.MatMul(a, b));
        Assert.Equal("matmul: cannot multiply [128,784] by [256,10]", e.Message);
    }

    [Fact]
    public void ShapeError_InsideOriginScope_CarriesFileLineColumn()
    {
        var g = new Graph();
        var a = g.Input("a", 128, 784);
        var b = g.Parameter("b", 256, 10);
        using (g.At(new SourceLocation("mlp.sg", 7, 12)))
        {
            var e = Assert.Throws<ShapeException>(() => Sym.MatMul(a, b));
            Assert.Equal("mlp.sg:7:12: matmul: cannot multiply [128,784] by [256,10]", e.Message);
            Assert.Equal(7, e.Origin!.Line);
        }
    }

    [Fact]
    public void Broadcasting_FollowsNumPyRules()
    {
        var g = new Graph();
        var m = g.Input("m", "batch", 3);
        var v = g.Parameter("v", 3);
        var c = g.Input("c", "batch", 1);
        Assert.Equal(new Shape("batch", 3), (m + v).Shape);
        Assert.Equal(new Shape("batch", 3), (m * c).Shape);
        Assert.Equal(new Shape("batch", 3), (2.0 * m).Shape);
        var e = Assert.Throws<ShapeException>(() => m + g.Input("w", 4));
        Assert.Equal("add: cannot broadcast [batch,3] with [4]", e.Message);
        Assert.Throws<ShapeException>(() => m + g.Input("other", "n", 3));
    }

    [Fact]
    public void Reshape_SymbolicSizes_ComparedAsProducts()
    {
        var g = new Graph();
        var x = g.Input("x", "batch", 4);
        Assert.Equal(new Shape(2, "batch", 2), Sym.Reshape(x, new Shape(2, "batch", 2)).Shape);
        Assert.Throws<ShapeException>(() => Sym.Reshape(x, new Shape("batch", 3)));
    }

    [Fact]
    public void DTypes_MixingFloat32AndFloat64_IsAnError()
    {
        var g = new Graph();
        var a = g.Input("a", new Shape(3), DType.Float32);
        var b = g.Input("b", new Shape(3), DType.Float64);
        Assert.Equal(DType.Float32, (a * 2.0).DType);
        var e = Assert.Throws<ShapeException>(() => a + b);
        Assert.Contains("element types differ (f32, f64)", e.Message);
    }

    [Fact]
    public void Node_FromAnotherGraph_IsRejected()
    {
        var g1 = new Graph();
        var g2 = new Graph();
        var a = g1.Input("a", 3);
        var b = g2.Input("b", 3);
        Assert.Throws<ArgumentException>(() => a + b);
    }
}
