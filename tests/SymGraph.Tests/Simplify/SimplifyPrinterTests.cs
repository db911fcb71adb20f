using SymGraph.Simplify;

namespace SymGraph.Tests;

public class SimplifyPrinterTests
{
    [Fact]
    public void PrintBeforeAfter_SimplifiedGraph_ShowsBothListingsWithCounts()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var y = (Sym.Pow(x, 2.0) * 1.0).Named("y");
        var after = Simplifier.Simplify(y);
        var expected =
            "# before: 5 nodes (const 2, mul 1, param 1, pow 1)\n" +
            "%0:f64[] = param x\n" +
            "%1:f64[] = const 2\n" +
            "%2:f64[] = pow %0 %1\n" +
            "%3:f64[] = const 1\n" +
            "%4:f64[] = mul %2 %3  # y\n" +
            "return %4\n" +
            "# after: 2 nodes (mul 1, param 1)\n" +
            "%0:f64[] = param x\n" +
            "%5:f64[] = mul %0 %0  # y\n" +
            "return %5\n";
        Assert.Equal(expected, TextPrinter.PrintBeforeAfter(y, after));
    }
}
