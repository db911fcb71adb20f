namespace SymGraph.Tests;

public class TextPrinterTests
{
    [Fact]
    public void Print_GradientGraph_OneLinePerNodeWithDerivativesMarked()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var loss = Sym.Sum(Sym.Tanh(x)).Named("loss");
        var dx = Autodiff.Grad(loss, x);
        Assert.Equal(
            """
            %0:f64[3] = param x
            %1:f64[3] = tanh %0
            %2:f64[] = sum %1  # loss
            %3:f64[] = const 1
            %4:f64[3] = broadcast [3] %3  # derivative
            %5:f64[3] = mul %1 %1  # derivative
            %6:f64[3] = sub %4 %5  # derivative
            %7:f64[3] = mul %4 %6  # dloss/dx, derivative
            return %2, %7

            """, TextPrinter.Print(loss, dx));
    }

    [Fact]
    public void Print_SharedNodes_AppearOnce()
    {
        var g = new Graph();
        var a = g.Input("a", "batch", 2);
        var e = Sym.Exp(a);
        var listing = TextPrinter.Print(e * e + e);
        Assert.Single(listing.Split('\n'), l => l.Contains("= exp"));
        Assert.Contains("%0:f64[batch,2] = input a", listing);
    }

    [Fact]
    public void Print_Attributes_AreShown()
    {
        var g = new Graph();
        var z = g.Input("z", 2, 3);
        Assert.Equal("%1:f64[2] = log_softmax axis=0 %0".Replace("[2]", "[2,3]"), TextPrinter.Line(Sym.LogSoftmax(z, 0)));
        Assert.Equal("%2:f64[3] = sum axis=0 %0", TextPrinter.Line(Sym.Sum(z, 0)));
        Assert.Equal("%3:f64[3,2] = transpose [1,0] %0", TextPrinter.Line(Sym.Transpose(z)));
    }
}
