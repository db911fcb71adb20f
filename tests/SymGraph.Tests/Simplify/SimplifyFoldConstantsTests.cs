using SymGraph.Ops;
using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyFoldConstantsTests
{
    private static Node V(Graph g) => g.Parameter("v", 3);

    private static readonly Dictionary<string, SimplifyRewriteCase> Cases = new()
    {
        ["fold-uniform-elementwise/scalars"] = new("fold-uniform-elementwise", g => ((g.Constant(2.0) + 3.0) * 4.0, g.Constant(20.0))),
        ["fold-uniform-elementwise/broadcasts"] = new("fold-uniform-elementwise", g =>
            (Sym.Full(2.0, V(g)) * Sym.Full(3.0, V(g)), Sym.Full(6.0, V(g)))),
        ["fold-uniform-elementwise/unary"] = new("fold-uniform-elementwise", g => (Sym.Exp(g.Constant(0.0)), g.Constant(1.0))),
        ["fold-uniform-elementwise/depends-on-leaf"] = new("fold-uniform-elementwise", g => { var n = V(g) + 1.0; return (n, n); }),
        ["fold-uniform-structural/reshape"] = new("fold-uniform-structural", g =>
            (Sym.Reshape(Sym.Zeros(Shape.Of(2, 3), DType.Float64, g), Shape.Of(3, 2)), Sym.Zeros(Shape.Of(3, 2), DType.Float64, g))),
        ["fold-uniform-structural/concat"] = new("fold-uniform-structural", g =>
            (Sym.Concat(Sym.Zeros(Shape.Of(2), DType.Float64, g), Sym.Zeros(Shape.Of(1), DType.Float64, g)), Sym.Zeros(Shape.Of(3), DType.Float64, g))),
        ["fold-uniform-reduction/sum-in-interpreter-order"] = new("fold-uniform-reduction", g =>
            // 0.1 added ten times is 0.9999999999999999, not 10 · 0.1 = 1.
            (Sym.Sum(Sym.Full(0.1, g.Parameter("w", 10))), g.Constant(0.9999999999999999))),
        ["fold-uniform-reduction/max"] = new("fold-uniform-reduction", g => (Sym.Max(Sym.Full(4.0, V(g))), g.Constant(4.0))),
        ["fold-dense/tensor"] = new("fold-dense", g =>
            (g.Constant(Tensor.Vector(1, 2, 3)) * 2.0, g.Constant(Tensor.Vector(2, 4, 6)))),
        ["fold-dense/matmul"] = new("fold-dense", g =>
            (Sym.MatMul(g.Constant(Tensor.Vector(1, 2)), g.Constant(Tensor.Vector(3, 4))), g.Constant(11.0))),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void FoldConstants_HandMadeGraph_GivesExpectedGraph(string name) => Cases[name].Check(FoldConstants.Instance);

    [Fact]
    public void FoldConstants_HugeBroadcasts_StayBroadcastOfScalar()
    {
        var g = new Graph();
        var like = g.Parameter("W", 784, 256);
        var folded = FoldConstants.Instance.Run(Sym.Full(2.0, like) * Sym.Full(0.5, like) + Sym.Full(1.0, like));
        Assert.Same(Sym.Full(2.0, like), folded);
        Assert.All(Topology.Sort(folded), n => Assert.True(n.Op is not Constant c || c.Value.Length == 1));
    }

    [Fact]
    public void FoldConstants_SymbolicShape_FoldsUniformValues()
    {
        var g = new Graph();
        var z = g.Input("z", "batch", 10);
        var ones = Sym.OnesLike(z);
        Assert.Same(Sym.Full(3.0, z), FoldConstants.Instance.Run(ones + ones * 2.0));
        // A sum of zeros is +0 whatever the (symbolic) count.
        Assert.Same(Sym.Zeros(Shape.Of(10), DType.Float64, g), FoldConstants.Instance.Run(Sym.SumTo(Sym.ZerosLike(z), Shape.Of(10))));
    }

    [Fact]
    public void FoldConstants_TensorAboveLimit_LeftAlone()
    {
        var g = new Graph();
        var big = g.Constant(new Tensor(new[] { 100 }, Enumerable.Range(0, 100).Select(i => (double)i).ToArray()));
        var y = Sym.Exp(big);
        Assert.Same(y, FoldConstants.Instance.Run(y, new SimplifyOptions { MaxFoldedElements = 50 }));
        Assert.NotSame(y, FoldConstants.Instance.Run(y));
    }

    [Fact]
    public void FoldConstants_Float32_RoundsLikeTheInterpreter()
    {
        var g = new Graph();
        var y = Sym.Sqrt(g.Constant(0.1, DType.Float32) + g.Constant(0.2, DType.Float32)) * Sym.Full(3.0, g.Parameter("p", new Shape(2), DType.Float32));
        var expected = TestUtil.AsBuilt(Sym.Sqrt(g.Constant(0.1, DType.Float32) + g.Constant(0.2, DType.Float32)), new Dictionary<Node, Tensor>()).ToScalar();
        var folded = FoldConstants.Instance.Run(y);
        Assert.Equal(DType.Float32, folded.DType);
        var value = ((Constant)folded.Inputs[0].Op).Value.ToScalar();
        Assert.Equal(BitConverter.DoubleToInt64Bits((float)(expected * 3.0)), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void FoldConstants_NaNAndSignedZero_FoldedBitForBit()
    {
        var g = new Graph();
        Assert.Same(g.Constant(-0.0), FoldConstants.Instance.Run(-g.Constant(0.0)));
        var nan = FoldConstants.Instance.Run(g.Constant(0.0) / 0.0);
        Assert.True(double.IsNaN(nan.ScalarValue!.Value));
    }
}
