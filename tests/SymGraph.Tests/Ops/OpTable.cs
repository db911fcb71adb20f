namespace SymGraph.Tests;

/// <summary>
/// One row per op (and per broadcasting case): how to build it from fresh inputs, the inputs'
/// shapes, and where to sample them (positive for log/sqrt, away from kinks for relu/abs).
/// </summary>
public sealed class OpCase
{
    public OpCase(string name, Func<Node[], Node> build, Shape[] shapes, Func<Random, int, double>? sample = null, Func<double[], double>? scalar = null)
    {
        Name = name;
        Build = build;
        Shapes = shapes;
        Sample = sample ?? ((rng, _) => -1 + 2 * rng.NextDouble());
        Scalar = scalar;
    }

    public string Name { get; }
    public Func<Node[], Node> Build { get; }
    public Shape[] Shapes { get; }

    /// <summary>Draws a value for input number <c>arg</c>.</summary>
    public Func<Random, int, double> Sample { get; }

    /// <summary>For element-wise ops on equal shapes: the scalar function, for checking the interpreter against System.Math.</summary>
    public Func<double[], double>? Scalar { get; }

    /// <summary>Symbolic sizes used by the shapes, bound when values are drawn.</summary>
    public static readonly IReadOnlyDictionary<string, int> Sizes = new Dictionary<string, int> { ["n"] = 3 };

    public (Graph graph, Node[] inputs, Node output) Instantiate()
    {
        var g = new Graph();
        var inputs = Shapes.Select((s, i) => g.Parameter($"x{i}", s)).ToArray();
        return (g, inputs, Build(inputs));
    }

    public Dictionary<Node, Tensor> Values(Node[] inputs, Random rng)
    {
        var values = new Dictionary<Node, Tensor>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var dims = inputs[i].Shape.Select(d => d.IsStatic ? d.Size : Sizes[d.Symbol!]).ToArray();
            var data = new double[dims.Aggregate(1, (a, b) => a * b)];
            for (int k = 0; k < data.Length; k++) data[k] = Sample(rng, i);
            values[inputs[i]] = new Tensor(dims, data);
        }
        return values;
    }

    public override string ToString() => Name;
}

public static class OpTable
{
    private static Shape S(params Dim[] dims) => new(dims);

    private static readonly Shape V = S(4), M = S(3, 4);

    private static double Uniform(Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();
    private static double Positive(Random r, int _) => Uniform(r, 0.5, 2.0);
    private static double AwayFromZero(Random r, int _) => (r.Next(2) == 0 ? -1 : 1) * Uniform(r, 0.2, 1.0);

    private static OpCase Unary(string name, Func<Node, Node> f, Func<double, double> scalar, Func<Random, int, double>? sample = null) =>
        new(name, x => f(x[0]), new[] { M }, sample, v => scalar(v[0]));

    private static OpCase Binary(string name, Func<Node, Node, Node> f, Func<double, double, double> scalar, Func<Random, int, double>? sample = null) =>
        new(name, x => f(x[0], x[1]), new[] { M, M }, sample, v => scalar(v[0], v[1]));

    public static readonly OpCase[] Cases =
    {
        Unary("neg", Sym.Neg, x => -x),
        Unary("exp", Sym.Exp, Math.Exp),
        Unary("log", Sym.Log, Math.Log, Positive),
        Unary("sqrt", Sym.Sqrt, Math.Sqrt, Positive),
        Unary("abs", Sym.Abs, Math.Abs, AwayFromZero),
        Unary("sign", Sym.Sign, x => Math.Sign(x), AwayFromZero),
        Unary("sin", Sym.Sin, Math.Sin),
        Unary("cos", Sym.Cos, Math.Cos),
        Unary("tan", Sym.Tan, Math.Tan),
        Unary("tanh", Sym.Tanh, Math.Tanh),
        Unary("sigmoid", Sym.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
        Unary("relu", Sym.Relu, x => Math.Max(x, 0), AwayFromZero),
        Unary("softplus", Sym.Softplus, x => Math.Log(1 + Math.Exp(x))),
        Unary("square", Sym.Square, x => x * x),
        Binary("add", Sym.Add, (a, b) => a + b),
        Binary("sub", Sym.Sub, (a, b) => a - b),
        Binary("mul", Sym.Mul, (a, b) => a * b),
        Binary("mul-same-node", (a, _) => a * a, (a, _) => a * a),
        Binary("div", Sym.Div, (a, b) => a / b, (r, i) => i == 0 ? Uniform(r, -1, 1) : AwayFromZero(r, i)),
        Binary("pow", Sym.Pow, Math.Pow, (r, i) => i == 0 ? Uniform(r, 0.5, 2) : Uniform(r, -1.5, 1.5)),
        new("pow-const-exponent", x => Sym.Pow(x[0], 3.0), new[] { M }, null, v => Math.Pow(v[0], 3)),
        Binary("maximum", Sym.Maximum, Math.Max),
        Binary("minimum", Sym.Minimum, Math.Min),
        Binary("less", Sym.Less, (a, b) => a < b ? 1 : 0),
        Binary("less_equal", Sym.LessEqual, (a, b) => a <= b ? 1 : 0),
        Binary("greater", Sym.Greater, (a, b) => a > b ? 1 : 0),
        Binary("greater_equal", Sym.GreaterEqual, (a, b) => a >= b ? 1 : 0),
        Binary("equal", Sym.Equal, (a, b) => a == b ? 1 : 0),
        Binary("not_equal", Sym.NotEqual, (a, b) => a != b ? 1 : 0),
        new("where", x => Sym.Where(Sym.Greater(x[0], Sym.ZerosLike(x[0])), x[1], x[2]), new[] { M, M, M }),
        new("where-broadcast", x => Sym.Where(Sym.Less(x[0], x[1]), x[1] * x[2], x[2]), new[] { S(4), M, S(3, 1) }),
        // Broadcasting through the builder (explicit Broadcast nodes; their VJP sums back).
        new("broadcast-add-row", x => x[0] + x[1], new[] { M, V }),
        new("broadcast-mul-col-row", x => x[0] * x[1], new[] { S(3, 1), S(1, 4) }),
        new("broadcast-scalar-times-matrix", x => x[0] * x[1], new[] { Shape.Scalar, M }),
        new("broadcast-sub-vector-minus-matrix", x => x[0] - x[1], new[] { V, M }),
        new("broadcast-div-rank3", x => x[0] / (x[1] * x[1] + 1.0), new[] { S(2, 3, 4), S(3, 1) }),
        new("broadcast", x => Sym.Broadcast(x[0], S(2, 3, 4)), new[] { S(3, 1) }),
        new("sum_to", x => Sym.SumTo(x[0], S(3, 1)), new[] { S(2, 3, 4) }),
        new("reshape", x => Sym.Reshape(x[0], S(2, 6)), new[] { M }),
        new("transpose", x => Sym.Transpose(x[0]), new[] { M }),
        new("transpose-rank3", x => Sym.Transpose(x[0], 1, 2, 0), new[] { S(2, 3, 4) }),
        new("slice", x => Sym.Slice(x[0], 1, -1), new[] { S(5) }),
        new("slice-matrix-rows", x => Sym.Slice(x[0], 1, null), new[] { M }),
        new("index", x => Sym.Index(x[0], -2), new[] { S(5) }),
        new("concat", x => Sym.Concat(x[0], x[1]), new[] { S(2, 4), M }),
        new("stack", x => Sym.Stack(x[0], x[1], x[0]), new[] { V, V }),
        new("pad", x => Sym.Pad(x[0], 2, 1), new[] { S(3) }),
        new("scatter-overlapping", x => Sym.Scatter(6, new[] { 0, 2, 1 }, new[] { x[0], x[1], x[0] }), new[] { S(3, 2), S(4, 2) }),
        new("gather", x => Sym.Gather(new[] { x[0], x[1] }, new[] { 4, 0, 9, -1, 4, 2 }), new[] { S(2, 2), S(6) }),
        new("scatter-gaps", x => Sym.Scatter(7, new[] { 5, 0 }, new[] { x[0], x[1] }), new[] { S(2), S(2) }),
        new("sum-all", x => Sym.Sum(x[0]), new[] { M }),
        new("sum-axis0", x => Sym.Sum(x[0], 0), new[] { M }),
        new("sum-axis1", x => Sym.Sum(x[0], 1), new[] { S(2, 3, 4) }),
        new("mean-all", x => Sym.Mean(x[0]), new[] { M }),
        new("mean-axis-symbolic", x => Sym.Mean(x[0], 0), new[] { S("n", 4) }),
        new("max-all", x => Sym.Max(x[0]), new[] { M }),
        new("max-axis1", x => Sym.Max(x[0], 1), new[] { M }),
        new("matmul", x => Sym.MatMul(x[0], x[1]), new[] { M, S(4, 2) }),
        new("matmul-matrix-vector", x => Sym.MatMul(x[0], x[1]), new[] { M, V }),
        new("matmul-vector-matrix", x => Sym.MatMul(x[0], x[1]), new[] { S(3), M }),
        new("matmul-dot", x => Sym.MatMul(x[0], x[1]), new[] { V, V }),
        new("matmul-symbolic-batch", x => Sym.MatMul(x[0], x[1]) + x[2], new[] { S("n", 4), S(4, 2), S(2) }),
        new("softmax", x => Sym.Softmax(x[0]), new[] { M }),
        new("softmax-axis0", x => Sym.Softmax(x[0], 0), new[] { M }),
        new("log_softmax", x => Sym.LogSoftmax(x[0]), new[] { M }),
        new("logsumexp", x => Sym.LogSumExp(x[0]), new[] { M }),
        new("logsumexp-axis0", x => Sym.LogSumExp(x[0], 0), new[] { S(2, 3, 4) }),
        new("cross_entropy", x => Sym.CrossEntropy(x[0], x[1]), new[] { M, M }, (r, i) => Uniform(r, 0.1, 1.0)),
        new("cross_entropy_logits", x => Sym.CrossEntropyLogits(x[0], x[1]), new[] { M, M }, (r, i) => i == 0 ? Uniform(r, -3, 3) : Uniform(r, 0, 1)),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    public static OpCase Get(string name) => Cases.Single(c => c.Name == name);
}
