using SymGraph.Codegen.Scheduling;

namespace SymGraph.Tests;

/// <summary>Fusion regions, views and storage decided by the schedule (before → expected steps).</summary>
public class SchedulerTests
{
    private static Schedule Plan(Node[] outputs) =>
        Schedule.Create(outputs, outputs[0].Graph.Inputs.Concat(outputs[0].Graph.Parameters).ToArray());

    private static string Names(IEnumerable<Node> nodes) => string.Join(" ", nodes.Select(n => n.Op.Name));

    [Fact]
    public void DenseLayerActivation_IsOneLoopWithBroadcastReads()
    {
        // relu(x·w + b): the product, the add and the relu run in one loop, reading w and b through
        // their broadcasts (views: w[j] and b[j] at strided offsets).
        var g = new Graph();
        var x = g.Input("x", 4, 3);
        var w = g.Parameter("w", 3);
        var b = g.Parameter("b", 3);
        var y = Sym.Relu(x * w + b);
        var loop = Assert.IsType<LoopStep>(Assert.Single(Plan(new[] { y }).Steps));
        Assert.Equal("mul add relu", Names(loop.Nodes));
        Assert.All(new[] { y.Inputs[0].Inputs[1], y.Inputs[0].Inputs[0].Inputs[1] }, bc => Assert.Equal("broadcast", bc.Op.Name));
        Assert.Equal(new[] { y }, loop.Materialized);
        Assert.True(loop.HasStridedReads);
    }

    [Fact]
    public void ValueReadByMatMul_IsStoredOnceAndReadFromMemory()
    {
        var g = new Graph();
        var x = g.Input("x", 2, 2);
        var w = g.Parameter("w", 2, 2);
        var e = Sym.Exp(Sym.Tanh(x));
        var y = Sym.MatMul(e, w) + (Sym.Sin(e) + 1.0);
        var s = Plan(new[] { y });
        var loops = s.Steps.OfType<LoopStep>().ToList();
        // sin(e) + 1 is computed in e's loop; e is stored once for the matmul.
        Assert.Equal("tanh exp sin add", Names(loops[0].Nodes));
        Assert.Contains(e, loops[0].Materialized);
        Assert.Equal(StorageKind.Buffer, s.StorageOf(e).Kind);
        Assert.DoesNotContain(e, loops.Skip(1).SelectMany(l => l.Nodes));
        Assert.Single(s.Steps.OfType<KernelStep>(), k => k.Node.Op is SymGraph.Ops.MatMul);
    }

    [Fact]
    public void SumOverLoopNode_IsAccumulatedInTheLoop()
    {
        var g = new Graph();
        var x = g.Input("x", 5);
        var t = Sym.Tanh(x);
        var y = Sym.Log(Sym.Sum(t) + Sym.Sum(Sym.Exp(t)));
        var s = Plan(new[] { y });
        var loop = Assert.Single(s.Steps.OfType<LoopStep>());
        Assert.Equal("tanh exp", Names(loop.Nodes));
        Assert.Equal(2, loop.Reductions.Count);
        Assert.Empty(loop.Materialized); // t is read only inside the loop: never stored
        Assert.All(loop.Nodes, n => Assert.Equal(StorageKind.LoopLocal, s.StorageOf(n).Kind));
        Assert.Equal(1 + 2 + 1, s.Steps.Count); // the loop, the add, the log, the copy to the result
    }

    [Fact]
    public void ValueUsedInsideAndReturned_IsStoredFromTheLoop()
    {
        var g = new Graph();
        var x = g.Input("x", 3);
        var e = Sym.Exp(x);
        var y = e * e;
        var loop = Assert.Single(Plan(new[] { e, y }).Steps.OfType<LoopStep>());
        Assert.Equal(new[] { e, y }, loop.Materialized);
    }

    [Fact]
    public void NodeDependingOnLoopThroughAReduction_StartsANewLoop()
    {
        // z = y − mean(y) cannot join y's loop: the mean is only known after that loop.
        var g = new Graph();
        var x = g.Input("x", 6);
        var y = x * 2.0;
        var z = y - Sym.Mean(y);
        var s = Plan(new[] { z });
        var loops = s.Steps.OfType<LoopStep>().ToList();
        Assert.Equal(2, loops.Count);
        Assert.Contains(y, loops[0].Materialized);
        Assert.Single(loops[0].Reductions);
        Assert.Contains(z, loops[1].Nodes);
        Assert.True(s.Steps.IndexOf(loops[0]) < s.Steps.IndexOf(loops[1]));
    }

    [Fact]
    public void Views_CostNoStorage()
    {
        var g = new Graph();
        var a = g.Input("a", 3, 4);
        var b = g.Input("b", 3, 5);
        var v = g.Parameter("v", 6);
        var p = Sym.MatMul(Sym.Transpose(a), b);                       // Aᵀ·B kernel
        var d = Sym.Slice(v, 1, null) - Sym.Slice(v, 0, 5);            // slices read in place
        var st = Sym.Stack(Sym.Sum(v), Sym.Max(v));                    // scalars written into the stack
        var s = Plan(new[] { p, d, st });
        Assert.Equal(StorageKind.Virtual, s.StorageOf(p.Inputs[0]).Kind);
        Assert.Equal(StorageKind.Virtual, s.StorageOf(d.Inputs[0]).Kind);
        Assert.Equal(StorageKind.Virtual, s.StorageOf(d.Inputs[1]).Kind);
        Assert.All(st.Inputs, part => Assert.Equal(StorageKind.Virtual, s.StorageOf(part).Kind));
        Assert.Empty(s.Buffers);
    }

    [Fact]
    public void Buffers_AreReusedOnceTheirLastReaderRan()
    {
        // A chain of matmuls: each product is read only by the next, so two buffers suffice.
        var g = new Graph();
        var x = g.Input("x", 4, 4);
        var w = g.Parameter("w", 4, 4);
        var y = x;
        for (int i = 0; i < 6; i++) y = Sym.MatMul(y, w);
        var s = Plan(new[] { Sym.Sum(y) });
        Assert.Equal(2, s.Buffers.Count);
    }

    [Fact]
    public void SiblingLoopsOverTheSameElements_AreMergedWhenTheirSumIsTaken()
    {
        // Rosenbrock's value: 100(x[1:] − x[:-1]²)² and (1 − x[:-1])² start as two loops (neither
        // reads the other); their sum brings them into one loop, and nothing is stored.
        var g = new Graph();
        var x = g.Parameter("x", 1000);
        var head = Sym.Slice(x, 0, 999);
        var f = Sym.Sum(100.0 * Sym.Square(Sym.Slice(x, 1, 1000) - Sym.Square(head)) + Sym.Square(1.0 - head));
        var s = Plan(new[] { f });
        var loop = Assert.Single(s.Steps.OfType<LoopStep>());
        Assert.Empty(loop.Materialized);
        Assert.Single(loop.Reductions);
        Assert.Empty(s.Buffers);
        Assert.All(loop.Nodes, n => Assert.Equal(StorageKind.LoopLocal, s.StorageOf(n).Kind));
    }

    [Fact]
    public void LoopReadingAReductionOfAnEarlierLoop_IsNotMergedIntoIt()
    {
        // z = sin(x) + Σexp(x) cannot move into exp(x)'s loop: the sum is only known after it.
        var g = new Graph();
        var x = g.Input("x", 5);
        var y = Sym.Exp(x);
        var z = Sym.Sin(x) + Sym.Sum(y);
        var w = y * z;
        var s = Plan(new[] { w });
        var loops = s.Steps.OfType<LoopStep>().ToList();
        Assert.Equal(2, loops.Count);
        Assert.Equal("exp", Names(loops[0].Nodes));
        Assert.Single(loops[0].Reductions);
        Assert.Contains(y, loops[0].Materialized);
        Assert.Equal("sin add mul", Names(loops[1].Nodes.Where(n => n.Op.Name != "broadcast")));
        var xs = new[] { 0.1, -0.4, 0.7, 1.3, -2.0 };
        var expected = Interpreter.Evaluate(w, new Dictionary<Node, Tensor> { [x] = Tensor.Vector(xs) });
        var compiled = SymGraph.Codegen.Expressions.ExpressionCompiler.Compile(new[] { w }, new[] { x });
        var results = new[] { new double[5] };
        compiled.Invoke(new[] { xs }, results);
        Assert.Equal(expected.Data, results[0]);
    }
}
