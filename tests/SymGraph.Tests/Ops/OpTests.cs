using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>
/// Every op in the table: the interpreter against System.Math, the VJP and the JVP against central
/// differences, the VJP and JVP against each other (the dot-product identity), and second
/// derivatives against differences of the gradient.
/// </summary>
public class OpTests
{
    private static readonly FiniteDifferenceOptions Tolerance = new() { AbsoluteTolerance = 1e-7, RelativeTolerance = 1e-6 };

    private static int Seed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff;

    /// <summary>A random projection R so that cost = Σ R ⊙ y is a scalar whose gradient is the VJP with seed R.</summary>
    private static (Node cost, Node r) Projected(Node y, Random rng, IReadOnlyDictionary<string, int> sizes)
    {
        var dims = y.Shape.Select(d => d.IsStatic ? d.Size : sizes[d.Symbol!]).ToArray();
        var rData = TestUtil.Random(rng, dims);
        // A constant of static shape; for symbolic outputs it is fed as an input instead.
        var r = y.Shape.IsStatic ? y.Graph.Constant(rData) : y.Graph.Input("R", y.Shape);
        return (Sym.Sum(y * r), r);
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void Evaluate_ElementwiseOps_MatchScalarMath(string name)
    {
        var c = OpTable.Get(name);
        if (c.Scalar is null) return; // structural ops are checked through their derivatives and exact tests
        var (_, inputs, y) = c.Instantiate();
        var values = c.Values(inputs, new Random(Seed(name)));
        var result = Interpreter.Evaluate(y, values);
        for (int k = 0; k < result.Length; k++)
        {
            var args = inputs.Select(i => values[i].Data[k]).ToArray();
            TestUtil.AssertClose(c.Scalar(args), result.Data[k], rtol: 1e-14, atol: 1e-15, what: name);
        }
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void Vjp_MatchesCentralDifferences(string name)
    {
        var c = OpTable.Get(name);
        var (g, inputs, y) = c.Instantiate();
        var rng = new Random(Seed(name));
        var values = c.Values(inputs, rng);
        var (cost, r) = Projected(y, rng, OpCase.Sizes);
        if (r.Op is Leaf) values[r] = TestUtil.Random(rng, y.Shape.Select(d => d.IsStatic ? d.Size : OpCase.Sizes[d.Symbol!]).ToArray());
        var check = FiniteDifferences.CheckGradient(cost, inputs, values, Tolerance);
        Assert.True(check.Passed, check.ToString());
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void Jvp_MatchesCentralDifferencesInRandomDirection(string name)
    {
        var c = OpTable.Get(name);
        var (g, inputs, y) = c.Instantiate();
        var rng = new Random(Seed(name) + 1);
        var values = c.Values(inputs, rng);
        var tangentLeaves = inputs.Select((x, i) => g.Input($"v{i}", x.Shape)).ToArray();
        foreach (var (x, v) in inputs.Zip(tangentLeaves)) values[v] = TestUtil.Random(rng, values[x].Dims);
        var ydot = Autodiff.Jvp(new[] { y }, inputs, tangentLeaves)[0];
        var symbolic = Interpreter.Evaluate(ydot, values);

        const double h = 1e-6;
        Tensor At(double sign)
        {
            var shifted = new Dictionary<Node, Tensor>(values);
            foreach (var (x, v) in inputs.Zip(tangentLeaves))
                shifted[x] = new Tensor(values[x].Dims, values[x].Data.Zip(values[v].Data, (a, b) => a + sign * h * b).ToArray());
            return Interpreter.Evaluate(y, shifted);
        }
        var (plus, minus) = (At(1), At(-1));
        var numeric = plus.Data.Zip(minus.Data, (p, m) => (p - m) / (2 * h)).ToArray();
        TestUtil.AssertClose(numeric, symbolic, rtol: 1e-6, atol: 1e-7, what: $"{name} jvp");
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void VjpAndJvp_SatisfyDotProductIdentity(string name)
    {
        // <ȳ, J·ẋ> = <Jᵀ·ȳ, ẋ>: reverse and forward mode agree to rounding.
        var c = OpTable.Get(name);
        var (g, inputs, y) = c.Instantiate();
        var rng = new Random(Seed(name) + 2);
        var values = c.Values(inputs, rng);
        var ybarLeaf = g.Input("ybar", y.Shape);
        var tangentLeaves = inputs.Select((x, i) => g.Input($"v{i}", x.Shape)).ToArray();
        foreach (var (x, v) in inputs.Zip(tangentLeaves)) values[v] = TestUtil.Random(rng, values[x].Dims);
        values[ybarLeaf] = TestUtil.Random(rng, Interpreter.Evaluate(y, values).Dims);

        var ydot = Autodiff.Jvp(new[] { y }, inputs, tangentLeaves)[0];
        var xbars = Autodiff.Vjp(new[] { y }, new[] { ybarLeaf }, inputs);
        var evaluated = Interpreter.Evaluate(xbars.Append(ydot).ToArray(), values);
        double forward = TestUtil.Dot(values[ybarLeaf], evaluated[^1]);
        double reverse = inputs.Select((x, i) => TestUtil.Dot(evaluated[i], values[tangentLeaves[i]])).Sum();
        TestUtil.AssertClose(forward, reverse, rtol: 1e-12, atol: 1e-13, what: name);
    }

    [Theory]
    [MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void SecondDerivatives_MatchDifferencesOfGradient(string name)
    {
        var c = OpTable.Get(name);
        var (g, inputs, y) = c.Instantiate();
        if (inputs.Any(i => !i.Shape.IsStatic)) return; // dense Hessians need static shapes
        var rng = new Random(Seed(name) + 3);
        var values = c.Values(inputs, rng);
        var (cost, _) = Projected(y, rng, OpCase.Sizes);
        var check = FiniteDifferences.CheckHessian(cost, inputs, values, new FiniteDifferenceOptions { AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-5 });
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void OpTable_CoversEveryOpInTheLibrary()
    {
        // A forgotten row breaks CI, not a user.
        var covered = new HashSet<Type>();
        foreach (var c in OpTable.Cases)
        {
            var (_, _, y) = c.Instantiate();
            foreach (var n in Topology.Sort(y)) covered.Add(n.Op.GetType());
        }
        var all = typeof(Op).Assembly.GetTypes().Where(t => typeof(Op).IsAssignableFrom(t) && !t.IsAbstract);
        var missing = all.Where(t => !covered.Contains(t) && t != typeof(Constant)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, "ops without a row in OpTable: " + string.Join(", ", missing));
    }

    [Fact]
    public void Comparisons_AllCovered()
    {
        var names = OpTable.Cases.Select(c => c.Name).ToHashSet();
        foreach (var cmp in Comparison.All) Assert.Contains(cmp.Name, names);
    }
}
