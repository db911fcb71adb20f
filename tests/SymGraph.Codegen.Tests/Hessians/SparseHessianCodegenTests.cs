using System.Reflection;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Model;

namespace SymGraph.Tests;

/// <summary>
/// HessianSparse and HessianVectorProduct in both backends against the dense Hessian of the interpreter:
/// every example model and random graphs, within 1e-12.
/// </summary>
public class SparseHessianCodegenTests
{
    private static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "examples", name + ".sg");
            if (File.Exists(path) && File.Exists(Path.Combine(dir.FullName, "SymGraph.sln"))) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"examples/{name}.sg not found");
    }

    // The model with its symbolic sizes bound to 3 (a pattern is for one size): cost, wrt, arguments.
    private static (Node cost, Node[] wrt, Node[] arguments) Load(string name)
    {
        var model = ModelCompiler.Compile(Example(name), name + ".sg");
        Assert.False(model.HasErrors);
        var arguments = model.Inputs.Concat(model.Parameters).OrderBy(n => n.Id).ToArray();
        var sizes = new Dictionary<string, int>();
        foreach (var leaf in arguments)
            foreach (var d in leaf.Shape)
                if (!d.IsStatic) sizes[d.Symbol!] = 3;
        var roots = new[] { model.Cost! }.Concat(model.Wrt).Concat(arguments).ToArray();
        if (Specialization.IsStatic(roots)) return (model.Cost!, model.Wrt.ToArray(), arguments);
        var spec = Specialization.Of(roots, sizes);
        return (spec[model.Cost!], spec.Map(model.Wrt), spec.Map(arguments));
    }

    public static IEnumerable<object[]> Examples() =>
        new[] { "rosenbrock", "logistic_regression", "net121", "xor", "tanh_regression" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_HessianSparseAndHvp_EqualDense_InBothBackends(string name)
    {
        var (cost, wrt, arguments) = Load(name);
        Check(cost, wrt, arguments, new Random(name.Length), name);
    }

    [Fact]
    public void RandomGraphs_HessianSparseAndHvp_EqualDense_InBothBackends()
    {
        for (int seed = 300; seed < 312; seed++)
        {
            var (graph, cost, parameters) = RandomGraphs.Build(seed);
            var arguments = graph.Inputs.Concat(graph.Parameters).OrderBy(n => n.Id).ToArray();
            Check(cost, parameters, arguments, new Random(seed), $"random graph {seed}");
        }
    }

    [Fact]
    public void Rosenbrock_HessianSparse_WritesStraightLineStoresAndStaticPattern()
    {
        var (cost, wrt, arguments) = Load("rosenbrock");
        var source = CSharpEmitter.Emit(new[] { CSharpFunction.HessianSparse(cost, wrt, arguments) }, new CSharpEmitterOptions { ClassName = "R" });
        Assert.Contains("public static readonly int[] HessianSparseRowPointers", source.Text);
        Assert.Contains("public static readonly int[] HessianSparseColumnIndices", source.Text);
        Assert.Contains("values[27] = ", source.Text);
        Assert.Contains("3 Hessian-vector products", source.Text);
    }

    [Fact]
    public void RosenbrockVector1000_HessianSparse_RecoversInAPeriodicLoop_AndMatchesTheHandFormula()
    {
        const int n = 1000;
        var g = new Graph();
        var x = g.Parameter("x", n);
        var cost = Sym.Sum(100.0 * Sym.Square(Sym.Slice(x, 1, n) - Sym.Square(Sym.Slice(x, 0, n - 1))) + Sym.Square(1.0 - Sym.Slice(x, 0, n - 1)));
        var function = CSharpFunction.HessianSparse(cost, new[] { x });
        var source = CSharpEmitter.Emit(new[] { function }, new CSharpEmitterOptions { ClassName = "R" });
        Assert.Contains("for (int t = 0; t < ", source.Text);
        // The dense matrix from the same products: a clear, then the nonzeros in a loop over a period.
        var dense = CSharpEmitter.Emit(new[] { new CSharpFunction("Hessian", new[] { x }, new[] { CSharpOutput.Of(SparseHessian.Build(cost, new[] { x }).Dense, "hessian") }) },
            new CSharpEmitterOptions { ClassName = "D" }).Text;
        Assert.Contains("for (int t = 0; t < ", dense);
        Assert.InRange(dense.Split(new[] { "hessian[" }, StringSplitOptions.None).Length - 1, 1, 40);
        int stores = source.Text.Split(new[] { "values[" }, StringSplitOptions.None).Length - 1;
        Assert.InRange(stores, 1, 40); // 2,998 values: a few straight-line stores around one period of 12
        var xv = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        var fromCSharp = new double[3 * n - 2];
        CSharpCompiler.Compile(source).EntryPoint<double>("HessianSparse")(new[] { xv }, new[] { fromCSharp });
        var fromExpression = new double[3 * n - 2];
        ExpressionCompiler.Compile(new[] { function.Outputs[0].Elements[0] }, function.Arguments).Invoke(new[] { xv }, new[] { fromExpression });
        int e = 0;
        for (int i = 0; i < n; i++)
        {
            var row = new List<double>();
            if (i > 0) row.Add(-400 * xv[i - 1]);
            row.Add((i > 0 ? 200 : 0) + (i < n - 1 ? 1200 * xv[i] * xv[i] - 400 * xv[i + 1] + 2 : 0));
            if (i < n - 1) row.Add(-400 * xv[i]);
            foreach (var h in row)
            {
                TestUtil.AssertClose(h, fromCSharp[e], 1e-12, 1e-12, $"C# {e}");
                TestUtil.AssertClose(h, fromExpression[e], 1e-12, 1e-12, $"expression {e}");
                e++;
            }
        }
    }

    [Fact]
    public void IndexedGradient_AddsEachScalarWhereComputed_InBothBackends()
    {
        // Σ x[i]·sin(x[i+1]) element by element: the gradient is one scatter of 2(n − 1) scalars.
        const int n = 300;
        var g = new Graph();
        var x = g.Parameter("x", n);
        Node f = g.Constant(0.0);
        for (int i = 0; i < n - 1; i++) f = f + Sym.Index(x, i) * Sym.Sin(Sym.Index(x, i + 1));
        var grad = Autodiff.Grad(f, x);
        var xv = Enumerable.Range(0, n).Select(i => Math.Cos(0.3 * i)).ToArray();
        var expected = Interpreter.Evaluate(new[] { grad }, new Dictionary<Node, Tensor> { [x] = new Tensor(new[] { n }, xv) })[0];
        var function = new CSharpFunction("Gradient", new[] { x }, new[] { CSharpOutput.Of(grad, "dx") });
        var source = CSharpEmitter.Emit(new[] { function }, new CSharpEmitterOptions { ClassName = "Indexed", MaxMethodWeight = 200 });
        Assert.Contains("dx[299] += ", source.Text); // added by the step computing it, not gathered at the end
        var fromCSharp = new double[n];
        CSharpCompiler.Compile(source).EntryPoint<double>("Gradient")(new[] { xv }, new[] { fromCSharp });
        var fromExpression = new double[n];
        ExpressionCompiler.Compile(new[] { grad }, new[] { x }).Invoke(new[] { xv }, new[] { fromExpression });
        for (int i = 0; i < n; i++)
        {
            TestUtil.AssertClose(expected.Data[i], fromCSharp[i], 1e-14, 1e-14, $"C# {i}");
            TestUtil.AssertClose(expected.Data[i], fromExpression[i], 1e-14, 1e-14, $"expression {i}");
        }
    }

    [Fact]
    public void Derivatives_Hessian_IsOneFlatMatrix_ReadFromTheProductsWhenSparse()
    {
        // Several values: one [N, N] matrix in the flat layout. One banded vector: from the colour products.
        var g = new Graph();
        var a = g.Parameter("a");
        var b = g.Parameter("B", 2, 2);
        var c = g.Parameter("c", 3);
        var dense = Sym.Square(a) * Sym.Sum(b) + Sym.Sum(Sym.Exp(b)) * Sym.Sum(c * c) + a * Sym.Sum(Sym.Sin(c));
        var x = g.Parameter("x", 20);
        var banded = Sym.Sum(Sym.Square(Sym.Slice(x, 1, 20) - Sym.Square(Sym.Slice(x, 0, 19))));
        var values = TestUtil.RandomValues(g, new Random(9));
        foreach (var (cost, wrt) in new[] { (dense, new[] { a, b, c }), (banded, new[] { x }) })
        {
            var hessian = CSharpFunction.Derivatives(cost, wrt, hessian: true, arguments: new[] { a, b, c, x }).Single(f => f.Name == "Hessian");
            Assert.Single(hessian.Outputs);
            int n = wrt.Sum(w => w.Shape.ElementCount);
            var expected = Interpreter.Evaluate(new[] { HessianLayout.Dense(cost, wrt) }, values)[0];
            var source = CSharpEmitter.Emit(new[] { hessian }, new CSharpEmitterOptions { ClassName = "Flat" });
            if (wrt.Length == 1) Assert.Contains("Clear(hessian, 0, 400);", source.Text); // cleared, then the 58 nonzeros
            var actual = new double[n * n];
            CSharpCompiler.Compile(source).EntryPoint<double>("Hessian")(new[] { a, b, c, x }.Select(l => values[l].Data).ToArray(), new[] { actual });
            for (int k = 0; k < n * n; k++) TestUtil.AssertClose(expected.Data[k], actual[k], 1e-12, 1e-12, $"{wrt.Length} values, [{k}]");
        }
    }

    [Fact]
    public void HessianSparse_SymbolicSizes_NeedABinding_AndHvpTakesTheSizeAtRunTime()
    {
        var g = new Graph();
        var x = g.Parameter("x", "n");
        var cost = Sym.Sum(Sym.Exp(x) * x);
        Assert.Throws<ArgumentException>(() => CSharpFunction.HessianSparse(cost, new[] { x }));
        var sparse = CSharpFunction.HessianSparse(cost, new[] { x }, sizes: new Dictionary<string, int> { ["n"] = 7 });
        Assert.Equal(8, sparse.Tables[0].Values.Count); // 7 rows + 1
        // The HVP of a symbolic vector: one compiled function for every n.
        var hvp = CSharpFunction.HessianVectorProduct(cost, new[] { x });
        var compiled = CSharpCompiler.Compile(CSharpEmitter.Emit(new[] { hvp }, new CSharpEmitterOptions { ClassName = "H" })).EntryPoint<double>("HessianVectorProduct");
        var expression = ExpressionCompiler.Compile(new[] { hvp.Outputs[0].Elements[0] }, hvp.Arguments);
        foreach (int n in new[] { 3, 11 })
        {
            var rng = new Random(n);
            var xv = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var (a, b) = (new double[n], new double[n]);
            compiled(new[] { xv, v }, new[] { a });
            expression.Invoke(new[] { xv, v }, new[] { b });
            for (int i = 0; i < n; i++)
            {
                double h = Math.Exp(xv[i]) * (xv[i] + 2); // d²/dx² (x eˣ)
                TestUtil.AssertClose(h * v[i], a[i], 1e-12, 1e-12, $"C# n={n}");
                TestUtil.AssertClose(h * v[i], b[i], 1e-12, 1e-12, $"expr n={n}");
            }
        }
    }

    private static void Check(Node cost, Node[] wrt, Node[] arguments, Random rng, string what)
    {
        var values = arguments.ToDictionary(a => a, a => TestUtil.Random(rng, TestUtil.Dims(a.Shape)));
        var dense = Interpreter.Evaluate(new[] { HessianLayout.Dense(cost, wrt) }, values)[0];
        int n = wrt.Sum(w => w.Shape.ElementCount);
        var vector = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        var sparse = CSharpFunction.HessianSparse(cost, wrt, arguments);
        var hvp = CSharpFunction.HessianVectorProduct(cost, wrt, arguments);
        var rowPointers = sparse.Tables[0].Values;
        var columns = sparse.Tables[1].Values;
        var args = arguments.Select(a => values[a].Data).ToArray();

        // Expression backend.
        var fromExpression = new double[columns.Count];
        ExpressionCompiler.Compile(new[] { sparse.Outputs[0].Elements[0] }, sparse.Arguments).Invoke(args, new[] { fromExpression });
        var hvpExpression = new double[n];
        ExpressionCompiler.Compile(new[] { hvp.Outputs[0].Elements[0] }, hvp.Arguments).Invoke(args.Append(vector).ToArray(), new[] { hvpExpression });

        // C# backend (simplified, as compile writes it), and its static pattern.
        var cls = CSharpCompiler.Compile(CSharpEmitter.Emit(new[] { sparse, hvp }, new CSharpEmitterOptions { ClassName = "Sparse" }));
        var fromCSharp = new double[columns.Count];
        cls.EntryPoint<double>("HessianSparse")(args, new[] { fromCSharp });
        var hvpCSharp = new double[n];
        cls.EntryPoint<double>("HessianVectorProduct")(args.Append(vector).ToArray(), new[] { hvpCSharp });
        Assert.Equal(rowPointers, (int[])cls.Type.GetField("HessianSparseRowPointers", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
        Assert.Equal(columns, (int[])cls.Type.GetField("HessianSparseColumnIndices", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

        // The dense matrix from the same products (structural zeros cleared), in both backends.
        var fromProducts = SparseHessian.Build(cost, wrt).Dense;
        var denseExpression = new double[n * n];
        ExpressionCompiler.Compile(new[] { fromProducts }, arguments).Invoke(args, new[] { denseExpression });
        var denseCSharp = new double[n * n];
        CSharpCompiler.Compile(CSharpEmitter.Emit(new[] { new CSharpFunction("Hessian", arguments, new[] { CSharpOutput.Of(fromProducts, "hessian") }) },
            new CSharpEmitterOptions { ClassName = "DenseFromSparse" })).EntryPoint<double>("Hessian")(args, new[] { denseCSharp });
        for (int k = 0; k < n * n; k++)
        {
            TestUtil.AssertClose(dense.Data[k], denseExpression[k], 1e-12, 1e-12, $"{what}: dense from products, expression [{k}]");
            TestUtil.AssertClose(dense.Data[k], denseCSharp[k], 1e-12, 1e-12, $"{what}: dense from products, C# [{k}]");
        }

        // Every dense entry: inside the pattern it is the sparse value, outside it is 0.
        for (int i = 0; i < n; i++)
        {
            double expectedHvp = 0;
            int e = rowPointers[i];
            for (int j = 0; j < n; j++)
            {
                double h = dense.Data[i * n + j];
                expectedHvp += h * vector[j];
                if (e < rowPointers[i + 1] && columns[e] == j)
                {
                    TestUtil.AssertClose(h, fromExpression[e], 1e-12, 1e-12, $"{what}: expression H[{i},{j}]");
                    TestUtil.AssertClose(h, fromCSharp[e], 1e-12, 1e-12, $"{what}: C# H[{i},{j}]");
                    e++;
                }
                else Assert.True(h == 0, $"{what}: H[{i},{j}] = {h} outside the pattern");
            }
            TestUtil.AssertClose(expectedHvp, hvpExpression[i], 1e-11, 1e-12, $"{what}: expression (H·v)[{i}]");
            TestUtil.AssertClose(expectedHvp, hvpCSharp[i], 1e-11, 1e-12, $"{what}: C# (H·v)[{i}]");
        }
    }
}
