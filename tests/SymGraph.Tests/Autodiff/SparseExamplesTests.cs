using SymGraph.Model;

namespace SymGraph.Tests;

/// <summary>Sparse Hessians and Jacobians of the example models against the dense ones; specialization and the flat layout.</summary>
public class SparseExamplesTests
{
    private static (CompiledModel model, Dictionary<string, int> sizes, Dictionary<Node, Tensor> values) Load(string name, int seed)
    {
        var model = ModelCompiler.Compile(ModelMutations.Example(name), name + ".sg");
        Assert.False(model.HasErrors);
        var sizes = new Dictionary<string, int>();
        foreach (var leaf in model.Inputs.Concat(model.Parameters))
            foreach (var d in leaf.Shape)
                if (!d.IsStatic) sizes[d.Symbol!] = 3;
        var context = new EvaluationContext(sizes);
        var rng = new Random(seed);
        var values = model.Inputs.Concat(model.Parameters).ToDictionary(l => l, l => TestUtil.Random(rng, context.Resolve(l.Shape)));
        return (model, sizes, values);
    }

    [Theory]
    [InlineData("rosenbrock")]
    [InlineData("logistic_regression")]
    [InlineData("net121")]
    [InlineData("xor")]
    [InlineData("tanh_regression")]
    public void Example_SparseHessianAndJacobians_EqualDense(string name)
    {
        var (model, sizes, values) = Load(name, 17);
        var roots = new[] { model.Cost! }.Concat(model.Outputs.Select(o => o.Node)).Concat(model.Inputs).Concat(model.Parameters).ToArray();
        var spec = Specialization.Of(roots, sizes);
        var bound = spec.Values(values);
        var wrt = spec.Map(model.Wrt);
        var cost = spec[model.Cost!];

        var sparse = SparseHessian.Build(model.Cost!, model.Wrt, sizes); // specializes by itself
        Assert.True(Coloring.IsStar(sparse.Pattern, sparse.Coloring.Colors));
        var dense = SparsityTests.DenseHessian(cost, wrt, bound);
        SparsityTests.AssertInside(sparse.Pattern, dense, name);
        SparsityTests.AssertEqual(dense, sparse.Evaluate(values), name);

        foreach (var output in model.Outputs.Select(o => spec[o.Node]).Append(HessianLayout.Flatten(Autodiff.Grad(cost, wrt))))
        {
            var jacobian = SparseJacobian.Build(output, wrt);
            Assert.True(Coloring.IsDistance2(jacobian.Pattern, jacobian.Coloring.Colors));
            var expected = SparsityTests.DenseJacobian(output, wrt, bound);
            SparsityTests.AssertInside(jacobian.Pattern, expected, $"{name}: {output}");
            SparsityTests.AssertEqual(expected, jacobian.Evaluate(bound), $"{name}: {output}");
        }
    }

    [Fact]
    public void Specialization_BindsSizes_AndEvaluatesAsTheOriginal()
    {
        var g = new Graph();
        var x = g.Input("x", "batch", 4);
        var w = g.Parameter("w", 4);
        var y = Sym.Mean(Sym.Reshape(Sym.MatMul(x, w), new Shape(1, "batch")) * 2.0 + 1.0, 1);
        var s = Specialization.Of(new[] { y }, new Dictionary<string, int> { ["batch"] = 5 });
        Assert.True(Specialization.IsStatic(new[] { s[y] }));
        Assert.Equal(Shape.Of(5, 4), s[x].Shape);
        Assert.Equal("x", s[x].Name);
        var values = new Dictionary<Node, Tensor> { [x] = TestUtil.Random(new Random(1), new[] { 5, 4 }), [w] = TestUtil.Random(new Random(2), new[] { 4 }) };
        TestUtil.AssertClose(Interpreter.Evaluate(y, values), Interpreter.Evaluate(s[y], s.Values(values)));
        Assert.Throws<ArgumentException>(() => Specialization.Of(new[] { y }, new Dictionary<string, int>()));
    }

    [Fact]
    public void HessianLayout_DenseNode_EqualsTheFlattenedBlocks()
    {
        var g = new Graph();
        var a = g.Parameter("a");
        var b = g.Parameter("B", 2, 2);
        var c = g.Parameter("c", 3);
        var cost = Sym.Square(a) * Sym.Sum(b) + Sym.Sum(Sym.Exp(b)) * Sym.Sum(c * c) + a * Sym.Sum(Sym.Sin(c));
        var wrt = new[] { a, b, c };
        var values = TestUtil.RandomValues(g, new Random(4));
        var flat = HessianLayout.Flatten(wrt, Interpreter.Evaluate(HessianLayout.Blocks(cost, wrt), values));
        var dense = Interpreter.Evaluate(HessianLayout.Dense(cost, wrt), values);
        Assert.Equal(new[] { 8, 8 }, dense.Dims);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++) TestUtil.AssertClose(flat[i][j], dense[i, j], what: $"[{i},{j}]");
        Assert.Equal(new[] { 0, 1, 5, 8 }, HessianLayout.Offsets(wrt));
        var parts = HessianLayout.Split(wrt, Enumerable.Range(0, 8).Select(i => (double)i).ToArray());
        Assert.Equal(new[] { 2, 2 }, parts[1].Dims);
        Assert.Equal(new double[] { 5, 6, 7 }, parts[2].Data);
    }
}
