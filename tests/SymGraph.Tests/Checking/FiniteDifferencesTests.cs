namespace SymGraph.Tests;

public class FiniteDifferencesTests
{
    [Fact]
    public void CheckGradient_CorrectGradient_PassesWithTinyErrors()
    {
        var g = new Graph();
        var W = g.Parameter("W", 2, 2);
        var cost = Sym.Sum(Sym.Exp(W) * Sym.Sin(W));
        var values = new Dictionary<Node, Tensor> { [W] = Tensor.Matrix(new[,] { { 0.1, 2.0 }, { -3.0, 0.5 } }) };
        var check = FiniteDifferences.CheckGradient(cost, new[] { W }, values);
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(4, check.Entries);
        Assert.True(check.MaxRelativeError < 1e-8, check.ToString());
        Assert.Matches(@"^W\[[01],[01]\]$", check.WorstAbsolute);
    }

    [Fact]
    public void Check_WrongDerivative_FailsAndSaysWhere()
    {
        // Compare a deliberately wrong "Jacobian" (of another function) with the real one through the public API.
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(0.5, 1.0, 2.0) };
        var numeric = FiniteDifferences.NumericJacobian(Sym.Exp(x), x, values);
        Assert.Equal(new[] { 3, 3 }, numeric.Dims);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                TestUtil.AssertClose(i == j ? Math.Exp(values[x].Data[i]) : 0, numeric[i, j], 1e-9, 1e-12);

        var wrong = Sym.Sum(Sym.Where(Sym.Greater(x, Sym.Full(1.5, x)), Sym.Square(x), x));
        var check = FiniteDifferences.CheckGradient(wrong, new[] { x }, new Dictionary<Node, Tensor> { [x] = Tensor.Vector(0.5, 1.0, 1.5 + 1e-7) });
        Assert.False(check.Passed); // x[2] sits on the kink: the differences straddle it
        Assert.Equal("x[2]", check.WorstAbsolute);
    }

    [Fact]
    public void CheckHessian_ReportsOutputAndInputOfWorstEntry()
    {
        var g = new Graph();
        var x = g.Parameter("x", 2);
        var f = Sym.Sum(Sym.Square(x) * Sym.Index(x, 0));
        var check = FiniteDifferences.CheckHessian(f, new[] { x }, new Dictionary<Node, Tensor> { [x] = Tensor.Vector(1.0, 2.0) });
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(4, check.Entries);
        Assert.Matches(@"^d\S+/dx\[\d\] wrt x\[\d\]$", check.WorstAbsolute);
    }
}
