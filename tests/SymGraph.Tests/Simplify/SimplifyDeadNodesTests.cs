using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyDeadNodesTests
{
    [Fact]
    public void EliminateDeadNodes_GraphWithDeadNodes_CopyHoldsOnlyLiveOnes()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var unused = g.Input("unused", 2);
        _ = Sym.Exp(unused) * 3.0; // dead
        Node y;
        using (g.At(new SourceLocation("m.sg", 2, 5))) y = Sym.Sum(Sym.Tanh(x)).Named("y");
        var grad = Autodiff.Grad(y, x);

        var copy = EliminateDeadNodes.Copy(new[] { y, grad });
        var live = EliminateDeadNodes.LiveNodes(new[] { y, grad });
        Assert.Equal(live.Count, copy.Graph.Nodes.Count);
        Assert.Null(copy.Graph.FindLeaf("unused"));
        Assert.Same(copy[x], copy.Graph.FindLeaf("x"));
        Assert.Equal(new[] { copy[x] }, copy.Graph.Parameters);
        Assert.Equal("y", copy.Outputs[0].Name);
        Assert.Equal(new SourceLocation("m.sg", 2, 5), copy.Outputs[0].Origin);
        Assert.True(copy.Outputs[1].IsDerivative);
        Assert.Equal(grad.Name, copy.Outputs[1].Name);

        var values = new Dictionary<string, Tensor> { ["x"] = Tensor.Vector(0.1, -0.2, 0.3) };
        var before = TestUtil.AsBuilt(new[] { y, grad }, Interpreter.ByNode(g, values));
        var after = TestUtil.AsBuilt(copy.Outputs, Interpreter.ByNode(copy.Graph, values));
        for (int k = 0; k < 2; k++) Assert.Equal(before[k].Data, after[k].Data);
    }

    [Fact]
    public void EliminateDeadNodes_AsPass_ReturnsNodesOfAFreshGraph()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = Sym.Exp(x);
        var copied = EliminateDeadNodes.Instance.Run(y);
        Assert.NotSame(g, copied.Graph);
        Assert.Equal(2, copied.Graph.Nodes.Count);
    }
}
