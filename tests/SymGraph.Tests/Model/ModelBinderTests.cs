using SymGraph.Model;
using static SymGraph.Tests.ModelTestUtil;

namespace SymGraph.Tests;

public class ModelBinderTests
{
    private static Tensor S(double v) => Tensor.Scalar(v);

    [Theory]
    [InlineData("-x^2", -9.0)]          // -(x^2), not (-x)^2
    [InlineData("2^3^2", 512.0)]        // 2^(3^2)
    [InlineData("(2^3)^2", 64.0)]
    [InlineData("2^-1", 0.5)]
    [InlineData("-2^2", -4.0)]
    [InlineData("10 - 4 - 3", 3.0)]
    [InlineData("24 / 4 / 2", 3.0)]
    [InlineData("1 + 2 * 3", 7.0)]
    [InlineData("x * x ^ 2", 27.0)]
    [InlineData("1 + 2 < 4", 1.0)]
    [InlineData("1 + 2 > 4", 0.0)]
    [InlineData("(1 < 2) < 1", 0.0)]
    [InlineData("3 == x", 1.0)]
    [InlineData("3 != x", 0.0)]
    [InlineData("x <= 3", 1.0)]
    [InlineData("x >= 4", 0.0)]
    [InlineData("1e-4 * 2e4", 2.0)]
    [InlineData("--x", 3.0)]
    public void Expression_Scalars_EvaluateWithDocumentedPrecedence(string expression, double expected)
    {
        var model = CompileClean($"input x\nr = {expression}");
        TestUtil.AssertClose(expected, Eval(model, "r", new() { ["x"] = S(3) }).ToScalar());
    }

    [Fact]
    public void Expression_MatMulBindsTighterThanMul_EvaluatesAsNumPy()
    {
        // a @ b * c == (a @ b) * c; a * b @ c == a * (b @ c)
        var model = CompileClean("input a[2,2], b[2,2], c[2,2]\nr1 = a @ b * c\nr2 = a * b @ c\nr3 = -a @ b");
        var rng = new Random(1);
        var v = new Dictionary<string, Tensor>();
        foreach (var n in new[] { "a", "b", "c" }) v[n] = TestUtil.Random(rng, new[] { 2, 2 });
        var g = new Graph();
        Node a = g.Input("a", 2, 2), b = g.Input("b", 2, 2), c = g.Input("c", 2, 2);
        TestUtil.AssertClose(Interpreter.Evaluate(Sym.MatMul(a, b) * c, v), Eval(model, "r1", v));
        TestUtil.AssertClose(Interpreter.Evaluate(a * Sym.MatMul(b, c), v), Eval(model, "r2", v));
        TestUtil.AssertClose(Interpreter.Evaluate(Sym.MatMul(-a, b), v), Eval(model, "r3", v));
    }

    [Fact]
    public void Power_LiteralTwo_IsSquareOtherwisePow()
    {
        var model = CompileClean("input x[3]\nr = x^2\ns = x^3\nt = x^2.5");
        var x = model.Find("x")!;
        Assert.Same(Sym.Square(x), model.Find("r"));
        Assert.Same(Sym.Pow(x, 3.0), model.Find("s"));
        Assert.Same(Sym.Pow(x, 2.5), model.Find("t"));
    }

    public static IEnumerable<object[]> FunctionCases()
    {
        // source, builder applied to (v [3,4], w [3,4], u [4])
        var cases = new (string Source, Func<Node, Node, Node, Node> Build)[]
        {
            ("exp(v)", (v, w, u) => Sym.Exp(v)), ("log(v)", (v, w, u) => Sym.Log(v)), ("sqrt(v)", (v, w, u) => Sym.Sqrt(v)),
            ("abs(v)", (v, w, u) => Sym.Abs(v)), ("sin(v)", (v, w, u) => Sym.Sin(v)), ("cos(v)", (v, w, u) => Sym.Cos(v)),
            ("tan(v)", (v, w, u) => Sym.Tan(v)), ("tanh(v)", (v, w, u) => Sym.Tanh(v)), ("sigmoid(v)", (v, w, u) => Sym.Sigmoid(v)),
            ("relu(v)", (v, w, u) => Sym.Relu(v)), ("softplus(v)", (v, w, u) => Sym.Softplus(v)), ("square(v)", (v, w, u) => Sym.Square(v)),
            ("sign(v)", (v, w, u) => Sym.Sign(v)),
            ("maximum(v, w)", (v, w, u) => Sym.Maximum(v, w)), ("minimum(v, u)", (v, w, u) => Sym.Minimum(v, u)),
            ("maximum(b: w, a: v)", (v, w, u) => Sym.Maximum(v, w)),
            ("where(v > 0, v, w)", (v, w, u) => Sym.Where(Sym.Greater(v, v.Graph.Constant(0)), v, w)),
            ("sum(v)", (v, w, u) => Sym.Sum(v)), ("sum(v, axis: 0)", (v, w, u) => Sym.Sum(v, 0)), ("sum(v, 1)", (v, w, u) => Sym.Sum(v, 1)),
            ("mean(v)", (v, w, u) => Sym.Mean(v)), ("mean(v, axis: -1)", (v, w, u) => Sym.Mean(v, 1)),
            ("max(v)", (v, w, u) => Sym.Max(v)), ("max(v, axis: 0)", (v, w, u) => Sym.Max(v, 0)),
            ("softmax(v)", (v, w, u) => Sym.Softmax(v)), ("softmax(v, axis: 0)", (v, w, u) => Sym.Softmax(v, 0)),
            ("log_softmax(v)", (v, w, u) => Sym.LogSoftmax(v)), ("logsumexp(v, axis: 0)", (v, w, u) => Sym.LogSumExp(v, 0)),
            ("cross_entropy(v, w)", (v, w, u) => Sym.CrossEntropy(v, w)),
            ("cross_entropy_logits(z: v, y: w)", (v, w, u) => Sym.CrossEntropyLogits(v, w)),
            ("transpose(v)", (v, w, u) => Sym.Transpose(v)),
            ("reshape(v, [2, 6])", (v, w, u) => Sym.Reshape(v, Shape.Of(2, 6))),
            ("reshape(v, shape: [12])", (v, w, u) => Sym.Reshape(v, Shape.Of(12))),
            ("v @ u", (v, w, u) => Sym.MatMul(v, u)), ("u @ u", (v, w, u) => Sym.MatMul(u, u)),
            ("v + u", (v, w, u) => Sym.Add(v, u)), ("v - 1", (v, w, u) => Sym.Sub(v, v.Graph.Constant(1))),
            ("v / w", (v, w, u) => Sym.Div(v, w)), ("v ^ w", (v, w, u) => Sym.Pow(v, w)), ("-v", (v, w, u) => Sym.Neg(v)),
            ("u[1:]", (v, w, u) => Sym.Slice(u, 1, null)), ("u[:-1]", (v, w, u) => Sym.Slice(u, null, -1)),
            ("u[1:3]", (v, w, u) => Sym.Slice(u, 1, 3)), ("u[-1]", (v, w, u) => Sym.Index(u, -1)), ("v[0]", (v, w, u) => Sym.Index(v, 0)),
            ("u[:]", (v, w, u) => u), ("(v)", (v, w, u) => v),
        };
        return cases.Select(c => new object[] { c.Source, c.Build });
    }

    [Theory]
    [MemberData(nameof(FunctionCases))]
    public void Call_EachFunctionAndOperator_BuildsTheSameNodeAsTheBuilder(string source, Func<Node, Node, Node, Node> build)
    {
        var model = CompileClean($"input v[3,4], w[3,4], u[4]\nr = {source}");
        // nodes are interned, so building the same thing in the model's graph returns the model's node
        var expected = build(model.Find("v")!, model.Find("w")!, model.Find("u")!);
        Assert.Same(expected, model.Find("r"));
    }

    [Fact]
    public void SizeName_InExpression_IsItsBoundSize()
    {
        var model = CompileClean("input x[batch, 3]\nr = sum(x) / batch");
        var x = model.Find("x")!;
        var values = new Dictionary<string, Tensor> { ["x"] = new Tensor(new[] { 2, 3 }, new double[] { 1, 2, 3, 4, 5, 6 }) };
        TestUtil.AssertClose(10.5, Eval(model, "r", values).ToScalar());
        Assert.Same(Sym.Sum(x) / Sym.Size(model.Graph, new[] { Dim.Sym("batch") }), model.Find("r"));
    }

    private const string Mlp = """
        # 784-256-128-10 perceptron, softmax + cross-entropy, L2 penalty
        input  x[batch, 784]
        input  y[batch, 10]
        param  W1[784, 256], b1[256]
        param  W2[256, 128], b2[128]
        param  W3[128, 10], b3[10]

        h1   = relu(x @ W1 + b1)
        h2   = relu(h1 @ W2 + b2)
        z    = h2 @ W3 + b3
        p    = softmax(z, axis: 1)
        loss = mean(cross_entropy(p, y)) + 1e-4 * (sum(W1^2) + sum(W2^2) + sum(W3^2))

        minimize loss            # gradient w.r.t. every param
        output p, z
        """;

    [Fact]
    public void Mlp_Binds_ShapesNamesOriginsAndGradients()
    {
        var model = CompileClean(Mlp);
        Assert.Equal(new[] { "x", "y" }, model.Inputs.Select(n => n.Name));
        Assert.Equal(new[] { "W1", "b1", "W2", "b2", "W3", "b3" }, model.Parameters.Select(n => n.Name));
        Assert.Equal("[batch,784]", model.Inputs[0].Shape.ToString());
        Assert.Equal(new[] { "h1", "h2", "z", "p", "loss" }, model.Assignments.Select(a => a.Name));
        Assert.Equal("[batch,256]", model.Find("h1")!.Shape.ToString());
        Assert.Equal("[batch,128]", model.Find("h2")!.Shape.ToString());
        Assert.Equal("[batch,10]", model.Find("z")!.Shape.ToString());
        Assert.Equal("[batch,10]", model.Find("p")!.Shape.ToString());
        Assert.True(model.Cost!.Shape.IsScalar);
        Assert.Equal("loss", model.Minimize!.Name);
        Assert.Equal("loss", model.Cost.Name);
        Assert.Equal(model.Parameters, model.Wrt);
        Assert.Equal(new[] { "p", "z" }, model.Outputs.Select(o => o.Name));
        Assert.Equal(new SourceLocation(FileName, 8, 8), model.Find("h1")!.Origin);              // relu
        Assert.Equal(new SourceLocation(FileName, 8, 20), model.Find("h1")!.Inputs[0].Origin);   // the '+' of x @ W1 + b1

        var grads = model.Gradients();
        Assert.Equal(model.Parameters.Select(p => p.Shape), grads.Select(g => g.Shape));
        Assert.Equal("dloss/dW1", grads[0].Name);
    }

    [Fact]
    public void Mlp_Evaluates_SameAsTheBuilderApi()
    {
        var model = CompileClean(Mlp);
        var g = new Graph();
        Node x = g.Input("x", "batch", 784), y = g.Input("y", "batch", 10);
        Node w1 = g.Parameter("W1", 784, 256), b1 = g.Parameter("b1", 256);
        Node w2 = g.Parameter("W2", 256, 128), b2 = g.Parameter("b2", 128);
        Node w3 = g.Parameter("W3", 128, 10), b3 = g.Parameter("b3", 10);
        var h1 = Sym.Relu(Sym.MatMul(x, w1) + b1);
        var h2 = Sym.Relu(Sym.MatMul(h1, w2) + b2);
        var p = Sym.Softmax(Sym.MatMul(h2, w3) + b3, 1);
        var loss = Sym.Mean(Sym.CrossEntropy(p, y)) + 1e-4 * (Sym.Sum(Sym.Square(w1)) + Sym.Sum(Sym.Square(w2)) + Sym.Sum(Sym.Square(w3)));

        var rng = new Random(7);
        var values = new Dictionary<string, Tensor>();
        foreach (var leaf in model.Inputs.Concat(model.Parameters))
            values[leaf.Name!] = TestUtil.Random(rng, leaf.Shape.Select(d => d.IsStatic ? d.Size : 3).ToArray(), 0.01, 0.1);
        TestUtil.AssertClose(Interpreter.Evaluate(loss, values), Eval(model, "loss", values), 1e-12);
    }

    [Fact]
    public void Minimize_Wrt_ListsThoseNodesInOrder()
    {
        var model = CompileClean("input x[3]\nparam a, b\nloss = sum(a * x + b)\nminimize loss wrt b, x");
        Assert.Equal(new[] { "b", "x" }, model.Wrt.Select(n => n.Name));
    }

    [Fact]
    public void NodesBuiltFromModel_CarryTheirOrigin()
    {
        var model = CompileClean("input x[3]\n\nr = exp(x) + 1");
        var r = model.Find("r")!;
        Assert.Equal(new SourceLocation(FileName, 3, 12), r.Origin);             // '+'
        Assert.Equal(new SourceLocation(FileName, 3, 5), r.Inputs[0].Origin);    // exp
        Assert.Equal(new SourceLocation(FileName, 1, 7), model.Find("x")!.Origin);
    }

    [Fact]
    public void Assignment_Alias_KeepsFirstNodeNameButBothNamesResolve()
    {
        var model = CompileClean("input x[3]\nh = exp(x)\nh2 = h");
        Assert.Same(model.Find("h"), model.Find("h2"));
        Assert.Equal("h", model.Find("h2")!.Name);
        Assert.Equal(new[] { "h", "h2" }, model.Assignments.Select(a => a.Name));
    }

    [Fact]
    public void Model_WithoutMinimize_HasNoCostAndGradientsThrows()
    {
        var model = CompileClean("input x\noutput x");
        Assert.Null(model.Cost);
        Assert.Empty(model.Wrt);
        Assert.Throws<InvalidOperationException>(() => model.Gradients());
    }

    [Fact]
    public void Compile_EmptyFile_EmptyModel()
    {
        var model = CompileClean("");
        Assert.Empty(model.Graph.Nodes);
        Assert.False(model.HasErrors);
    }

    [Fact]
    public void MinimizeAndOutput_MayPrecedeDefinitions()
    {
        var model = CompileClean("minimize loss\noutput h\nparam w[2]\nh = w * 3\nloss = sum(h)");
        Assert.Same(model.Find("loss"), model.Cost);
        Assert.Equal(new[] { "w" }, model.Wrt.Select(n => n.Name));
        Assert.Equal("h", Assert.Single(model.Outputs).Name);
    }

    [Fact]
    public void LineContinuation_ExpressionSpanningLines_EvaluatesAsOneLine()
    {
        var model = CompileClean("""
            param w[3,
                    2]
            input x
            r = (x +          # comments and blank lines may sit inside

                 2) * sum(w,
                          axis: 0)
            s = reshape(w, [2,
                            3])
            """);
        var values = new Dictionary<string, Tensor>
        {
            ["w"] = new Tensor(new[] { 3, 2 }, new double[] { 1, 2, 3, 4, 5, 6 }),
            ["x"] = S(1),
        };
        TestUtil.AssertClose(new double[] { 27, 36 }, Eval(model, "r", values)); // (1 + 2) * [1+3+5, 2+4+6]
        Assert.Equal("[2,3]", model.Find("s")!.Shape.ToString());
    }

    [Fact]
    public void Minimize_Expression_IsTheCostNamedCost_ValueAndGradient()
    {
        // cost = Σw² + Σw·x; dcost/dw = 2w + x
        var model = CompileClean("param w[3]\ninput x[3]\nminimize sum(w^2) + sum(w * x) wrt w");
        Assert.Equal("cost", model.Minimize!.Name);
        Assert.Equal("cost", model.Cost!.Name);
        var values = new Dictionary<string, Tensor>
        {
            ["w"] = new Tensor(new[] { 3 }, new double[] { 1, 2, 3 }),
            ["x"] = new Tensor(new[] { 3 }, new double[] { 1, 0, -1 }),
        };
        TestUtil.AssertClose(12.0, Interpreter.Evaluate(model.Cost, values).ToScalar());
        var grad = Assert.Single(model.Gradients());
        Assert.Equal("dcost/dw", grad.Name);
        TestUtil.AssertClose(new double[] { 3, 4, 5 }, Interpreter.Evaluate(grad, values));
    }

    [Fact]
    public void Minimize_Expression_NameCostTaken_GetsASuffix()
    {
        var model = CompileClean("input cost\nparam w\ncost_2 = w\nminimize w^2 * cost");
        Assert.Equal("cost_3", model.Minimize!.Name);
        TestUtil.AssertClose(18.0, Interpreter.Evaluate(model.Cost!, new Dictionary<string, Tensor> { ["w"] = S(3), ["cost"] = S(2) }).ToScalar());
    }

    [Fact]
    public void Minimize_ParenthesizedName_IsThatName()
    {
        var model = CompileClean("param w\nloss = w^2\nminimize (loss)");
        Assert.Equal("loss", model.Minimize!.Name);
        Assert.Same(model.Find("loss"), model.Cost);
    }

    /// <summary>[d0, d1, …] filled with 0, 1, 2, … in row-major order (so X[i, j] = 4i + j for [3, 4]).</summary>
    private static Tensor Iota(params int[] dims) =>
        new(dims, Enumerable.Range(0, dims.Aggregate(1, (a, b) => a * b)).Select(i => (double)i).ToArray());

    [Fact]
    public void Subscripts_AnyAxis_ValuesAsNumPy()
    {
        var model = CompileClean("""
            input X[3, 4], T[2, 3, 4], B[batch, 4]
            c0   = X[:, 0]
            rows = X[1:3, :]
            tail = X[:, 1:]
            a01  = X[0, 1]
            last = X[-1, -2]
            mid  = X[1:, 1:3]
            col  = X[:, -1:]
            one  = X[2]
            t    = T[:, 1, 2:]
            t2   = T[1][0, :-2]
            b2   = B[:, 2]
            bs   = B[:, 1:3]
            """);
        var values = new Dictionary<string, Tensor> { ["X"] = Iota(3, 4), ["T"] = Iota(2, 3, 4), ["B"] = Iota(2, 4) };
        void Check(string name, int[] dims, double[] expected)
        {
            var value = Eval(model, name, values);
            Assert.Equal(dims, value.Dims);
            TestUtil.AssertClose(expected, value, what: name);
        }
        Check("c0", new[] { 3 }, new double[] { 0, 4, 8 });
        Check("rows", new[] { 2, 4 }, new double[] { 4, 5, 6, 7, 8, 9, 10, 11 });
        Check("tail", new[] { 3, 3 }, new double[] { 1, 2, 3, 5, 6, 7, 9, 10, 11 });
        Check("a01", Array.Empty<int>(), new double[] { 1 });
        Check("last", Array.Empty<int>(), new double[] { 10 });
        Check("mid", new[] { 2, 2 }, new double[] { 5, 6, 9, 10 });
        Check("col", new[] { 3, 1 }, new double[] { 3, 7, 11 });
        Check("one", new[] { 4 }, new double[] { 8, 9, 10, 11 });
        Check("t", new[] { 2, 2 }, new double[] { 6, 7, 18, 19 });       // T[i,1,j] = 12i + 4 + j
        Check("t2", new[] { 2 }, new double[] { 12, 13 });
        Check("b2", new[] { 2 }, new double[] { 2, 6 });
        Check("bs", new[] { 2, 2 }, new double[] { 1, 2, 5, 6 });
        Assert.Equal("[batch,2]", model.Find("bs")!.Shape.ToString());
    }

    [Fact]
    public void Subscripts_AnyAxis_GradientsExactAndByFiniteDifferences()
    {
        var model = CompileClean("""
            param W[3, 4]
            mask = sum(W[1:, 1:3])
            loss = sum(W[:, 1:3]^2 * W[1, 2:]) + sum(sin(W[:, 0])) + W[2, -1]^3 + sum(W[0])
            """);
        var w = model.Find("W")!;
        var mask = Autodiff.Grad(model.Find("mask")!, new[] { w })[0];
        var at = new Dictionary<Node, Tensor> { [w] = TestUtil.Random(new Random(3), new[] { 3, 4 }) };
        TestUtil.AssertClose(new double[] { 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0 }, Interpreter.Evaluate(mask, at));
        var check = FiniteDifferences.CheckGradient(model.Find("loss")!, new[] { w }, at);
        Assert.True(check.Passed, check.ToString());
    }

    /// <summary>NumPy's matmul by loops: 1-D operands promoted and the added axis dropped, stack axes equal or absent.</summary>
    private static Tensor ReferenceMatMul(Tensor a, Tensor b)
    {
        int[] ad = a.Dims.Length == 1 ? new[] { 1, a.Dims[0] } : a.Dims, bd = b.Dims.Length == 1 ? new[] { b.Dims[0], 1 } : b.Dims;
        int m = ad[^2], k = ad[^1], n = bd[^1];
        var lead = ad.Length >= bd.Length ? ad[..^2] : bd[..^2];
        int count = lead.Aggregate(1, (p, d) => p * d);
        bool aStacked = ad.Length > 2, bStacked = bd.Length > 2;
        var data = new double[count * m * n];
        for (int s = 0; s < count; s++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += a.Data[(aStacked ? s * m * k : 0) + i * k + p] * b.Data[(bStacked ? s * k * n : 0) + p * n + j];
                    data[(s * m + i) * n + j] = sum;
                }
        var dims = lead.Concat(a.Dims.Length == 1 ? Array.Empty<int>() : new[] { m }).Concat(b.Dims.Length == 1 ? Array.Empty<int>() : new[] { n });
        return new Tensor(dims.ToArray(), data);
    }

    [Fact]
    public void MatMul_StackedOperands_ValuesAsNumPy()
    {
        var model = CompileClean("""
            input A[2, 3, 4], W[4, 5], v[4], M[3, 4], S[2, 4, 5], P[2, 1, 2], q[2, 1]
            aw = A @ W
            av = A @ v
            vs = v @ S
            ms = M @ S
            as = A @ S
            pq = P @ q
            mw = M @ W
            """);
        var rng = new Random(5);
        var values = new Dictionary<string, Tensor>();
        foreach (var leaf in model.Inputs) values[leaf.Name!] = TestUtil.Random(rng, TestUtil.Dims(leaf.Shape));
        values["P"] = new Tensor(new[] { 2, 1, 2 }, new double[] { 1, 2, 3, 4 });
        values["q"] = new Tensor(new[] { 2, 1 }, new double[] { 1, 10 });
        TestUtil.AssertClose(new double[] { 21, 43 }, Eval(model, "pq", values)); // [1,2]·[1,10], [3,4]·[1,10]
        Assert.Equal(new[] { 2, 1, 1 }, Eval(model, "pq", values).Dims);
        foreach (var (name, a, b) in new[] { ("aw", "A", "W"), ("av", "A", "v"), ("vs", "v", "S"), ("ms", "M", "S"), ("as", "A", "S"), ("mw", "M", "W") })
            TestUtil.AssertClose(ReferenceMatMul(values[a], values[b]), Eval(model, name, values), what: name);
        Assert.Same(Sym.MatMul(model.Find("M")!, model.Find("W")!), model.Find("mw")); // matrices: one matmul node, as before

        // one size name among the stack axes, the rest 1, still flattens into the rows
        var batched = CompileClean("input X[batch, 1, 4], W[4, 5]\ny = X @ W");
        Assert.Equal("[batch,1,5]", batched.Find("y")!.Shape.ToString());
        var x = TestUtil.Random(rng, new[] { 3, 1, 4 });
        var w = TestUtil.Random(rng, new[] { 4, 5 });
        TestUtil.AssertClose(ReferenceMatMul(x, w), Eval(batched, "y", new() { ["X"] = x, ["W"] = w }));
    }

    [Fact]
    public void MatMul_StackedOperands_GradientsByFiniteDifferences()
    {
        var model = CompileClean("""
            param A[2, 3, 4], W[4, 5], V[2, 5, 2], u[3]
            loss = sum(sin(A @ W)) + sum((A @ W) @ V) + sum(cos(W @ V)) + sum(u @ A)
            """);
        var at = TestUtil.RandomValues(model.Graph, new Random(11));
        var check = FiniteDifferences.CheckGradient(model.Find("loss")!, model.Parameters, at);
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void ReshapeInferred_TransposeAxes_ValuesAsNumPy()
    {
        var model = CompileClean("""
            input X[3, 4], B[batch, 4], T[2, 3, 4]
            r1 = reshape(X, [-1, 2])
            r2 = reshape(T, [2, -1])
            r3 = reshape(B, [-1, 2, 2])
            r4 = reshape(B, [batch, -1])
            p1 = transpose(T, [1, 0, 2])
            p2 = transpose(T, [-1, 0, 1])
            p3 = transpose(X, [1, 0])
            p4 = transpose(B, [1, 0])
            p5 = transpose(T)
            """);
        Assert.Equal("[6,2]", model.Find("r1")!.Shape.ToString());
        Assert.Equal("[2,12]", model.Find("r2")!.Shape.ToString());
        Assert.Equal("[batch,2,2]", model.Find("r3")!.Shape.ToString());
        Assert.Same(model.Find("B"), model.Find("r4"));
        Assert.Equal("[4,batch]", model.Find("p4")!.Shape.ToString());
        Assert.Same(Sym.Transpose(model.Find("X")!), model.Find("p3"));

        var values = new Dictionary<string, Tensor> { ["X"] = Iota(3, 4), ["B"] = Iota(2, 4), ["T"] = Iota(2, 3, 4) };
        TestUtil.AssertClose(Iota(6, 2).Data, Eval(model, "r1", values)); // a reshape keeps the row-major order
        Assert.Equal(new[] { 2, 2, 2 }, Eval(model, "r3", values).Dims);
        // T[i, j, k] = 12i + 4j + k; p1[j, i, k] = T[i, j, k]; p2[k, i, j] = T[i, j, k]; p5[k, j, i] = T[i, j, k]
        var p1 = new List<double>();
        for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) p1.Add(12 * i + 4 * j + k);
        var p2 = new List<double>();
        for (int k = 0; k < 4; k++) for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) p2.Add(12 * i + 4 * j + k);
        var p5 = new List<double>();
        for (int k = 0; k < 4; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) p5.Add(12 * i + 4 * j + k);
        TestUtil.AssertClose(p1.ToArray(), Eval(model, "p1", values));
        Assert.Equal(new[] { 3, 2, 4 }, Eval(model, "p1", values).Dims);
        TestUtil.AssertClose(p2.ToArray(), Eval(model, "p2", values));
        Assert.Equal(new[] { 4, 2, 3 }, Eval(model, "p2", values).Dims);
        TestUtil.AssertClose(p5.ToArray(), Eval(model, "p5", values));
    }

    [Fact]
    public void ReshapeInferred_TransposeAxes_GradientsByFiniteDifferences()
    {
        var model = CompileClean("""
            param T[2, 3, 4]
            loss = sum(sin(reshape(transpose(T, [2, 0, 1]), [4, -1])) * reshape(T, [4, -1]))
            """);
        var at = TestUtil.RandomValues(model.Graph, new Random(13));
        var check = FiniteDifferences.CheckGradient(model.Find("loss")!, model.Parameters, at);
        Assert.True(check.Passed, check.ToString());
    }
}
