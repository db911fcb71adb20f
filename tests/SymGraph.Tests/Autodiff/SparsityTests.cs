using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>
/// Sparsity patterns of Jacobians and Hessians against the dense derivatives evaluated by the interpreter
/// (every numeric nonzero must be inside the pattern), exact patterns for simple cases, and sparse
/// (compressed, coloured) evaluation against dense.
/// </summary>
public class SparsityTests
{
    [Fact]
    public void SparsityRules_EveryOpInTheRegistry_HasARule()
    {
        var all = typeof(Op).Assembly.GetTypes().Where(t => typeof(Op).IsAssignableFrom(t) && !t.IsAbstract);
        var missing = all.Where(t => !SparsityRules.Known.Contains(t)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, "ops without a sparsity rule: " + string.Join(", ", missing));
    }

    /// <summary>An op case with its sizes bound (OpTable's n = 3), its inputs and output in the static copy.</summary>
    private static (Node[] inputs, Node output, Dictionary<Node, Tensor> values) Static(OpCase c, int seed)
    {
        var (_, inputs, y) = c.Instantiate();
        var values = c.Values(inputs, new Random(seed));
        var s = Specialization.Of(new[] { y }, OpCase.Sizes);
        var staticInputs = inputs.Select(i => s.Graph.FindLeaf(i.Name!)).OfType<Node>().ToArray(); // an unused input is not copied
        return (staticInputs, s[y], s.Values(values));
    }

    /// <summary>The dense Jacobian of <paramref name="y"/> over the flat layout of <paramref name="wrt"/>, by the interpreter.</summary>
    internal static double[,] DenseJacobian(Node y, Node[] wrt, IReadOnlyDictionary<Node, Tensor> values)
    {
        var blocks = Interpreter.Evaluate(wrt.Select(w => Autodiff.Jacobian(y, w)).ToArray(), values);
        int m = y.Shape.ElementCount, n = wrt.Sum(w => w.Shape.ElementCount);
        var dense = new double[m, n];
        int at = 0;
        for (int b = 0; b < wrt.Length; b++)
        {
            int nb = wrt[b].Shape.ElementCount;
            for (int r = 0; r < m; r++)
                for (int j = 0; j < nb; j++) dense[r, at + j] = blocks[b].Data[r * nb + j];
            at += nb;
        }
        return dense;
    }

    internal static double[,] DenseHessian(Node cost, Node[] wrt, IReadOnlyDictionary<Node, Tensor> values)
    {
        var rows = HessianLayout.Flatten(wrt, Interpreter.Evaluate(HessianLayout.Blocks(cost, wrt), values));
        var dense = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) dense[i, j] = rows[i][j];
        return dense;
    }

    internal static void AssertInside(SparsityPattern pattern, double[,] dense, string what)
    {
        Assert.Equal(dense.GetLength(0), pattern.Rows);
        Assert.Equal(dense.GetLength(1), pattern.Columns);
        for (int i = 0; i < pattern.Rows; i++)
            for (int j = 0; j < pattern.Columns; j++)
                if (dense[i, j] != 0 && !pattern.Contains(i, j))
                    Assert.Fail($"{what}: entry ({i}, {j}) = {dense[i, j]} is outside the pattern {pattern}");
    }

    internal static void AssertEqual(double[,] dense, CsrMatrix sparse, string what, double tolerance = 1e-12)
    {
        var got = sparse.ToDense();
        for (int i = 0; i < sparse.Rows; i++)
            for (int j = 0; j < sparse.Columns; j++)
                TestUtil.AssertClose(dense[i, j], got[i][j], tolerance, tolerance, $"{what} [{i}, {j}]");
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void OpCase_JacobianPattern_HoldsEveryNonzero(string name)
    {
        var (inputs, y, values) = Static(OpTable.Get(name), 11);
        var pattern = Sparsity.Jacobian(y, inputs);
        var dense = DenseJacobian(y, inputs, values);
        AssertInside(pattern, dense, name);
        var sparse = SparseJacobian.Build(y, inputs);
        Assert.True(Coloring.IsDistance2(sparse.Pattern, sparse.Coloring.Colors), name);
        AssertEqual(dense, sparse.Evaluate(values), name);
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void OpCase_HessianPattern_HoldsEveryNonzero(string name)
    {
        var (inputs, y, values) = Static(OpTable.Get(name), 12);
        // A generic linear functional of the output: every element matters with a random weight.
        var weights = y.Graph.Constant(TestUtil.Random(new Random(5), TestUtil.Dims(y.Shape)));
        var cost = Sym.Sum(y * weights);
        var pattern = Sparsity.Hessian(cost, inputs);
        Assert.True(pattern.IsSymmetric, name);
        var dense = DenseHessian(cost, inputs, values);
        AssertInside(pattern, dense, name);
        var sparse = SparseHessian.Build(cost, inputs);
        Assert.True(Coloring.IsStar(sparse.Pattern, sparse.Coloring.Colors), name);
        AssertEqual(dense, sparse.Evaluate(values), name);
    }

    [Fact]
    public void RandomGraphs_HessianPatterns_HoldEveryNonzero_AndSparseEqualsDense()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var values = TestUtil.RandomValues(graph, new Random(seed));
            var dense = DenseHessian(cost, parameters, values);
            var sparse = SparseHessian.Build(cost, parameters);
            string what = $"seed {seed}:\n{TextPrinter.Print(cost)}";
            AssertInside(sparse.Pattern, dense, what);
            Assert.True(Coloring.IsStar(sparse.Pattern, sparse.Coloring.Colors), what);
            AssertEqual(dense, sparse.Evaluate(values), what);
        }
    }

    [Fact]
    public void RandomGraphs_GradientJacobians_SparseEqualsDense()
    {
        for (int seed = 100; seed < 130; seed++)
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var values = TestUtil.RandomValues(graph, new Random(seed));
            var g = HessianLayout.Flatten(Autodiff.Grad(cost, parameters));
            var sparse = SparseJacobian.Build(g, parameters);
            string what = $"seed {seed}:\n{TextPrinter.Print(cost)}";
            var dense = DenseJacobian(g, parameters, values);
            AssertInside(sparse.Pattern, dense, what);
            AssertEqual(dense, sparse.Evaluate(values), what);
        }
    }

    /// <summary>Rosenbrock in vector form, as examples/rosenbrock.sg writes it.</summary>
    internal static (Node cost, Node x) Rosenbrock(Graph g, Dim n)
    {
        var x = g.Parameter("x", n);
        int size = n.IsStatic ? n.Size : throw new ArgumentException("static n");
        var head = Sym.Slice(x, 0, -1);
        var tail = Sym.Slice(x, 1, null);
        var cost = Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(1.0 - head));
        return (cost, x);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Rosenbrock_HessianPattern_IsTridiagonal_AndThreeColoursSuffice(int n)
    {
        var (cost, x) = Rosenbrock(new Graph(), n);
        var pattern = Sparsity.Hessian(cost, new[] { x });
        Assert.Equal(3 * n - 2, pattern.Nonzeros);
        for (int i = 0; i < n; i++)
            Assert.Equal(Enumerable.Range(Math.Max(0, i - 1), Math.Min(n - 1, i + 1) - Math.Max(0, i - 1) + 1).ToArray(), pattern.Row(i).ToArray());
        var coloring = Coloring.Star(pattern);
        Assert.True(coloring.Count <= 3, $"{coloring.Count} colours");
        Assert.True(Coloring.IsStar(pattern, coloring.Colors));
    }

    [Fact]
    public void Rosenbrock_SparseHessian_EqualsDense()
    {
        var g = new Graph();
        var (cost, x) = Rosenbrock(g, 12);
        var values = TestUtil.RandomValues(g, new Random(3), -2, 2);
        var sparse = SparseHessian.Build(cost, new[] { x });
        Assert.Equal(3, sparse.Products.Count);
        AssertEqual(DenseHessian(cost, new[] { x }, values), sparse.Evaluate(values), "rosenbrock");
    }

    [Fact]
    public void ElementwiseSum_HessianPattern_IsExactlyDiagonal_AndLinearOpsAddNothing()
    {
        var g = new Graph();
        var x = g.Parameter("x", 5);
        Assert.Equal(5, Sparsity.Hessian(Sym.Sum(Sym.Exp(x)), new[] { x }).Nonzeros);
        Assert.Equal(0, Sparsity.Hessian(Sym.Sum(Sym.Relu(x) - 2.0 * Sym.Abs(x)), new[] { x }).Nonzeros);
        // Only the element the cost reads is coupled.
        var p = Sparsity.Hessian(Sym.Index(Sym.Exp(x), 2), new[] { x });
        Assert.Equal(1, p.Nonzeros);
        Assert.True(p.Contains(2, 2));
        // A dot product couples the two vectors, not each with itself.
        var y = g.Parameter("y", 5);
        var dot = Sparsity.Hessian(Sym.MatMul(x, y), new[] { x, y });
        Assert.Equal(10, dot.Nonzeros);
        for (int i = 0; i < 5; i++) Assert.True(dot.Contains(i, 5 + i) && dot.Contains(5 + i, i));
    }

    [Fact]
    public void JacobianPattern_OfSlicesAndElementwise_IsExact()
    {
        var g = new Graph();
        var x = g.Parameter("x", 6);
        var y = Sym.Slice(x, 1, null) * Sym.Slice(x, 0, -1); // y[i] = x[i+1]·x[i]
        var p = Sparsity.Jacobian(y, new[] { x });
        Assert.Equal(10, p.Nonzeros);
        for (int i = 0; i < 5; i++) Assert.Equal(new[] { i, i + 1 }, p.Row(i).ToArray());
        Assert.Equal(2, Coloring.Columns(p).Count);
    }
}

/// <summary>Where the patterns are exact: the numeric nonzeros at a generic point fill them.</summary>
public class SparsityExactnessTests
{
    // Conservative by design: a selection counts both sides, and where the mask picks the plain side at
    // this point the product's coupling is numerically zero. Everything else (softmax, logsumexp and the
    // cross-entropies included, whose runs are dense) is exact at a generic point.
    private static readonly string[] Conservative = { "where-broadcast" };

    [Fact]
    public void OpCases_HessianPatterns_AreExactExceptConservativeOps()
    {
        var inexact = new List<string>();
        foreach (var c in OpTable.Cases)
        {
            var (_, inputs, y) = c.Instantiate();
            var s = Specialization.Of(new[] { y }, OpCase.Sizes);
            var staticInputs = inputs.Select(i => s.Graph.FindLeaf(i.Name!)).OfType<Node>().ToArray();
            var values = s.Values(c.Values(inputs, new Random(3)));
            var weights = s[y].Graph.Constant(TestUtil.Random(new Random(5), TestUtil.Dims(s[y].Shape)));
            var cost = Sym.Sum(s[y] * weights);
            var pattern = Sparsity.Hessian(cost, staticInputs);
            var numeric = SparsityPattern.FromDense(SparsityTests.DenseHessian(cost, staticInputs, values));
            if (!numeric.Equals(pattern)) inexact.Add($"{c.Name} ({numeric.Nonzeros} of {pattern.Nonzeros})");
        }
        Assert.True(Conservative.SequenceEqual(inexact.Select(n => n.Split(' ')[0])), "inexact: " + string.Join(", ", inexact));
    }
}
