namespace SymGraph.Tests;

/// <summary>Slices, indices and concats whose adjoints write only the affected elements (one scatter per node).</summary>
public class SparseAdjointTests
{
    // f = Σᵢ sin(x[i])·x[i] written element by element.
    private static (Graph g, Node x, Node f) Indexed(int n)
    {
        var g = new Graph();
        var x = g.Parameter("x", new Shape(n));
        Node f = g.Constant(0.0);
        for (int i = 0; i < n; i++)
        {
            var xi = Sym.Index(x, i);
            f = f + Sym.Sin(xi) * xi;
        }
        return (g, x, f);
    }

    [Fact]
    public void Grad_OfIndexedElements_IsOneScatterOfOneElementPieces()
    {
        var (_, x, f) = Indexed(50);
        var grad = Autodiff.Grad(f, x);
        Assert.IsType<Ops.Scatter>(grad.Op);
        Assert.Equal(50, grad.Inputs.Count);
        Assert.All(grad.Inputs, p => Assert.Equal(new Shape(1), p.Shape));
        // Its values: d/dx (x sin x) = sin x + x cos x.
        var rng = new Random(3);
        var xv = Enumerable.Range(0, 50).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var r = Interpreter.Evaluate(new[] { grad }, new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { 50 }, xv) })[0];
        for (int i = 0; i < 50; i++) TestUtil.AssertClose(Math.Sin(xv[i]) + xv[i] * Math.Cos(xv[i]), r.Data[i], 1e-14, 1e-15);
    }

    [Fact]
    public void Grad_OfIndexedElements_GrowsLinearly()
    {
        // Pads summed would add n full-length vectors (n² elements); pieces placed once add n elements.
        static int Elements(int n)
        {
            var (_, x, f) = Indexed(n);
            var grad = Autodiff.Grad(f, x);
            return Topology.Sort(new[] { grad }).Where(m => m.IsDerivative).Sum(m => m.Shape.ElementCount);
        }
        int small = Elements(200), large = Elements(400);
        Assert.InRange((double)large / small, 1.9, 2.1);
    }

    [Fact]
    public void Grad_ThroughOverlappingSlicesAndConcat_MatchesDifferences()
    {
        var g = new Graph();
        var x = g.Parameter("x", new Shape(6));
        var y = Sym.Concat(Sym.Slice(x, 1, 4), Sym.Slice(x, 0, 3) * Sym.Slice(x, 2, 5), Sym.Reshape(Sym.Index(x, 5), new Shape(1)));
        var f = Sym.Sum(Sym.Exp(y) * y) + Sym.Sum(x * x);
        var grad = Autodiff.Grad(f, x);
        var xv = new[] { 0.3, -0.7, 1.1, 0.2, -0.4, 0.9 };
        Tensor At(double[] v) => new(new[] { 6 }, v);
        var r = Interpreter.Evaluate(new[] { grad }, new Dictionary<Node, Tensor> { [x] = At(xv) })[0];
        for (int i = 0; i < 6; i++)
        {
            const double h = 1e-6;
            var (p, m) = ((double[])xv.Clone(), (double[])xv.Clone());
            p[i] += h;
            m[i] -= h;
            double fp = Interpreter.Evaluate(new[] { f }, new Dictionary<Node, Tensor> { [x] = At(p) })[0].ToScalar();
            double fm = Interpreter.Evaluate(new[] { f }, new Dictionary<Node, Tensor> { [x] = At(m) })[0].ToScalar();
            TestUtil.AssertClose((fp - fm) / (2 * h), r.Data[i], 1e-7, 1e-8);
        }
    }

    [Fact]
    public void Hessian_OfIndexedRosenbrock_MatchesHandFormula()
    {
        const int n = 6;
        var g = new Graph();
        var x = g.Parameter("x", new Shape(n));
        Node f = g.Constant(0.0);
        for (int i = 0; i < n - 1; i++)
        {
            var (a, b) = (Sym.Index(x, i), Sym.Index(x, i + 1));
            f = f + 100.0 * Sym.Square(b - a * a) + Sym.Square(1.0 - a);
        }
        var h = Autodiff.Hessian(f, x);
        var xv = new[] { 0.5, -1.2, 0.8, 1.5, -0.3, 0.1 };
        var r = Interpreter.Evaluate(new[] { h }, new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { n }, xv) })[0];
        var expected = new double[n * n];
        for (int i = 0; i < n - 1; i++)
        {
            expected[i * n + i] += 1200 * xv[i] * xv[i] - 400 * xv[i + 1] + 2;
            expected[i * n + i + 1] += -400 * xv[i];
            expected[(i + 1) * n + i] += -400 * xv[i];
            expected[(i + 1) * n + i + 1] += 200;
        }
        for (int k = 0; k < n * n; k++) TestUtil.AssertClose(expected[k], r.Data[k], 1e-12, 1e-12);
    }

    [Fact]
    public void Scatter_BadPieces_ThrowShapeErrors()
    {
        var g = new Graph();
        var a = g.Parameter("a", new Shape(3));
        Assert.Throws<ShapeException>(() => Sym.Scatter(4, new[] { 2 }, new[] { a }));
        Assert.Throws<ShapeException>(() => Sym.Scatter(5, new[] { 0, 2 }, new[] { g.Parameter("m", new Shape(2, 2)), g.Parameter("b", new Shape(3, 3)) }));
        Assert.Throws<ArgumentException>(() => Sym.Scatter(4, new[] { 0, 1 }, new[] { a }));
        Assert.Throws<ShapeException>(() => Sym.Pad(a, -1, 0));
    }
}
