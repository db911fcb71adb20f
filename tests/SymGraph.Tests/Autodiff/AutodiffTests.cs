namespace SymGraph.Tests;

public class AutodiffTests
{
    private static Dictionary<Node, Tensor> At(Node x, double v) => new() { [x] = Tensor.Scalar(v) };

    [Fact]
    public void ThirdDerivative_OfScalarFunction_MatchesHandFormula()
    {
        // f = eˣ sin x;  f' = eˣ(sin x + cos x);  f'' = 2eˣ cos x;  f''' = 2eˣ(cos x − sin x).
        var g = new Graph();
        var x = g.Parameter("x");
        var f = Sym.Exp(x) * Sym.Sin(x);
        var d1 = Autodiff.Grad(f, x);
        var d2 = Autodiff.Grad(d1, x);
        var d3 = Autodiff.Grad(d2, x);
        foreach (var v in new[] { -1.3, 0.0, 0.4, 2.2 })
        {
            var r = Interpreter.Evaluate(new[] { d1, d2, d3 }, At(x, v));
            TestUtil.AssertClose(Math.Exp(v) * (Math.Sin(v) + Math.Cos(v)), r[0].ToScalar(), 1e-14, 1e-15);
            TestUtil.AssertClose(2 * Math.Exp(v) * Math.Cos(v), r[1].ToScalar(), 1e-14, 1e-15);
            TestUtil.AssertClose(2 * Math.Exp(v) * (Math.Cos(v) - Math.Sin(v)), r[2].ToScalar(), 1e-13, 1e-14);
        }
    }

    [Fact]
    public void ThirdDerivative_OfMultivariateFunction_MatchesDifferencesOfHessian()
    {
        // The gradient of a Hessian entry, checked against central differences of that entry.
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var f = Sym.Sum(Sym.Tanh(x) * Sym.Softplus(Sym.Slice(x, 1, null) - Sym.Slice(x, 0, 2)).Let(s => Sym.Concat(s, Sym.Reshape(Sym.Sum(s), new Shape(1)))));
        var h01 = Sym.Index(Sym.Index(Autodiff.Hessian(f, x), 0), 1);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(0.3, -0.7, 1.1) };
        var check = FiniteDifferences.CheckGradient(h01, new[] { x }, values);
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void Grad_OfUnrelatedNode_IsZeros()
    {
        var g = new Graph();
        var x = g.Parameter("x", 2);
        var y = g.Parameter("y", 3);
        var dy = Autodiff.Grad(Sym.Sum(Sym.Exp(x)), y);
        Assert.Equal(new[] { 0.0, 0, 0 }, Interpreter.Evaluate(dy, new Dictionary<Node, Tensor> { [y] = Tensor.Vector(1, 2, 3) }).Data);
    }

    [Fact]
    public void Grad_NonScalarCost_Throws()
    {
        var g = new Graph();
        var x = g.Parameter("x", 2);
        var e = Assert.Throws<ArgumentException>(() => Autodiff.Grad(Sym.Exp(x), x));
        Assert.Contains("Grad needs a scalar cost, got f64[2]", e.Message);
    }

    [Fact]
    public void Grad_AppendsNamedDerivativeNodesToTheSameGraph()
    {
        var g = new Graph();
        var w = g.Parameter("w", 2);
        var loss = Sym.Sum(Sym.Tanh(w)).Named("loss");
        int before = g.Nodes.Count;
        var dw = Autodiff.Grad(loss, w);
        Assert.Same(g, dw.Graph);
        Assert.True(dw.IsDerivative);
        Assert.Equal("dloss/dw", dw.Name);
        Assert.True(g.Nodes.Count > before);
        Assert.All(g.Nodes.Take(before), n => Assert.False(n.IsDerivative));
    }

    [Fact]
    public void Jacobian_OfVectorFunction_MatchesHandFormula()
    {
        // y = [x0·x1, sin x2]:  J = [[x1, x0, 0], [0, 0, cos x2]].
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var y = Sym.Concat(Sym.Reshape(Sym.Index(x, 0) * Sym.Index(x, 1), new Shape(1)), Sym.Sin(Sym.Slice(x, 2, 3)));
        var J = Autodiff.Jacobian(y, x);
        Assert.Equal(new Shape(2, 3), J.Shape);
        var r = Interpreter.Evaluate(J, new Dictionary<Node, Tensor> { [x] = Tensor.Vector(2, 3, 0.5) });
        Assert.Equal(new[] { 3.0, 2, 0, 0, 0, Math.Cos(0.5) }, r.Data);
        var check = FiniteDifferences.CheckJacobian(y, x, new Dictionary<Node, Tensor> { [x] = Tensor.Vector(2, 3, 0.5) });
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void Hvp_ForwardOverReverse_EqualsHessianTimesVector()
    {
        var g = new Graph();
        var x = g.Parameter("x", 4);
        var v = g.Input("v", 4);
        var f = Sym.Sum(Sym.Exp(Sym.Slice(x, 1, null) * Sym.Slice(x, 0, 3))) + Sym.Sum(Sym.Square(x)) * Sym.Sum(Sym.Sin(x));
        var hvp = Autodiff.Hvp(f, new[] { x }, new[] { v })[0];
        var H = Autodiff.Hessian(f, x);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(0.1, -0.4, 0.8, 0.3), [v] = Tensor.Vector(1, -2, 0.5, 3) };
        var r = Interpreter.Evaluate(new[] { hvp, H }, values);
        var expected = new double[4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) expected[i] += r[1].Data[i * 4 + j] * values[v].Data[j];
        TestUtil.AssertClose(expected, r[0], rtol: 1e-12, atol: 1e-14);
        // Forward-over-reverse never forms the Hessian: its graph has no concat of Hessian rows.
        Assert.DoesNotContain(Topology.Sort(hvp), n => n.Op.Name == "concat" && n.Rank == 2);
    }

    [Fact]
    public void Hessian_OfScalarNodes_IsBlockMatrixOfScalars()
    {
        var g = new Graph();
        var a = g.Parameter("a");
        var b = g.Parameter("b");
        var f = a * a * b + Sym.Sin(b);
        var H = Autodiff.Hessian(f, new[] { a, b });
        var values = new Dictionary<Node, Tensor> { [a] = Tensor.Scalar(1.5), [b] = Tensor.Scalar(-0.5) };
        var r = Interpreter.Evaluate(new[] { H[0, 0], H[0, 1], H[1, 0], H[1, 1] }, values);
        // f_aa = 2b, f_ab = 2a, f_bb = −sin b.
        Assert.Equal(new[] { -1.0, 3.0, 3.0, Math.Sin(0.5) }, r.Select(t => t.ToScalar()).ToArray());
    }

    [Fact]
    public void Vjp_SeedShapeMismatch_Throws()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var y = Sym.Exp(x);
        Assert.Throws<ShapeException>(() => Autodiff.Vjp(new[] { y }, new[] { g.Input("s", 2) }, new[] { x }));
    }

    [Fact]
    public void GradStrict_WrtTheCostDoesNotDependOn_ThrowsNamingIt()
    {
        var g = new Graph();
        var w = g.Parameter("w", 3);
        var unused = g.Parameter("bias", 2);
        var cost = Sym.Sum(w * w);
        var e = Assert.Throws<ArgumentException>(() => Autodiff.Grad(cost, new[] { w, unused }, new GradOptions { Strict = true }));
        Assert.Contains("does not depend on 'bias'", e.Message);
        // The default stays: zeros for it.
        var grads = Autodiff.Grad(cost, w, unused);
        Assert.Equal(new[] { 0.0, 0.0 }, Interpreter.Evaluate(grads[1], new Dictionary<Node, Tensor> { [w] = new Tensor(new[] { 3 }, new double[3]), [unused] = new Tensor(new[] { 2 }, new double[2]) }).Data);
    }

    [Fact]
    public void GradStrict_WrtReachedOnlyThroughComparisons_ThrowsSayingNoDerivativeFlows()
    {
        var g = new Graph();
        var x = g.Parameter("x");
        var t = g.Parameter("threshold");
        var cost = x * Sym.Greater(x, t);
        var e = Assert.Throws<ArgumentException>(() => Autodiff.Grad(cost, new[] { x, t }, new GradOptions { Strict = true }));
        Assert.Contains("'threshold'", e.Message);
        Assert.Contains("piecewise-constant", e.Message);
        Assert.NotNull(Autodiff.Grad(cost, x, new GradOptions { Strict = true }));
    }

    [Fact]
    public void Hessian_WithAnEmptyParameter_IsEmptyBlocksNotACrash()
    {
        var g = new Graph();
        var v = g.Parameter("v", 0);
        var a = g.Parameter("a");
        var cost = Sym.Sum(v) + a * a;
        var h = Autodiff.Hessian(cost, new[] { v, a });
        Assert.Equal(new Shape(0, 0), h[0, 0].Shape);
        Assert.Equal(new Shape(0), h[0, 1].Shape);
        var values = new Dictionary<Node, Tensor> { [v] = new Tensor(new[] { 0 }, Array.Empty<double>()), [a] = Tensor.Scalar(3) };
        Assert.Equal(2.0, Interpreter.Evaluate(h[1, 1], values).ToScalar());
        Assert.Empty(Interpreter.Evaluate(h[0, 0], values).Data);
        Assert.Equal(new Shape(0, 2), Autodiff.Jacobian(Sym.Exp(v), g.Parameter("w", 2)).Shape);
    }

    [Fact]
    public void Grad_WithRespectToAnIntermediateNode_KeepsTheGraphAsBuilt()
    {
        // The stable form of log(σ(z)) has no σ(z) node; a gradient with respect to p = σ(z) must still be 1/p.
        var g = new Graph();
        var z = g.Parameter("z");
        var p = Sym.Sigmoid(z);
        var dp = Autodiff.Grad(Sym.Log(p), p);
        var value = Interpreter.Evaluate(dp, new Dictionary<Node, Tensor> { [z] = Tensor.Scalar(0.0) }).ToScalar();
        Assert.Equal(2.0, value);
    }

    [Fact]
    public void Grad_NamesTheCotangentsOfNamedValues_AfterTheResults()
    {
        var g = new Graph();
        var x = g.Input("x", 3);
        var w = g.Parameter("w", 3);
        var b = g.Parameter("b");
        var h = Sym.Tanh(x * w).Named("h");
        var y = (Sym.Sum(h) + b).Named("y");
        var loss = Sym.Square(y).Named("loss");
        var grads = Autodiff.Grad(loss, w, b);
        Assert.Equal("dloss/dw", grads[0].Name);
        Assert.Equal("dloss/db", grads[1].Name);   // the same node as dloss/dy: the result's name wins
        Assert.Contains(Topology.Sort(grads), n => n.Name == "dloss/dh" && n.Shape == new Shape(3));
    }

    [Fact]
    public void Transpose_PermutationOfTheWrongLength_Throws()
    {
        var g = new Graph();
        var a = g.Input("A", 2, 3);
        Assert.Throws<ShapeException>(() => Sym.Transpose(a, 0, 1, 2));
        Assert.Throws<ShapeException>(() => Sym.Transpose(a, 0));
        Assert.Throws<ShapeException>(() => Sym.Transpose(a, 0, 0));
        Assert.Same(a, Sym.Transpose(a, 0, 1)); // the identity permutation is still a no-op
        Assert.Equal(new Shape(3, 2), Sym.Transpose(a).Shape);
    }
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
