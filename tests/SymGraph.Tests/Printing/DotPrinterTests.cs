namespace SymGraph.Tests;

public class DotPrinterTests
{
    [Fact]
    public void Print_GradientGraph_ExactText()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var loss = Sym.Sum(Sym.Tanh(x)).Named("loss");
        var dx = Autodiff.Grad(loss, x);
        Assert.Equal(
            """
            digraph symgraph {
              graph [rankdir=TB, fontname="Helvetica", fontsize=12, label="t.sg", labelloc=t];
              node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, fillcolor="#cfe2f3", color="#3d85c6"];
              edge [color="#666666", arrowsize=0.7];
              n0 [label="x\nparam f64[3]", shape=ellipse, style=filled, fillcolor="#d9ead3", color="#6aa84f"];
              n1 [label="tanh\nf64[3]"];
              n2 [label="loss\nsum\nf64[]", peripheries=2, penwidth=1.5];
              n3 [label="1", fontsize=9, fillcolor="#eeeeee", color="#999999"];
              n4 [label="broadcast [3]\nf64[3]", fillcolor="#fce5cd", color="#e69138"];
              n5 [label="mul\nf64[3]", fillcolor="#fce5cd", color="#e69138"];
              n6 [label="sub\nf64[3]", fillcolor="#fce5cd", color="#e69138"];
              n7 [label="dloss/dx\nmul\nf64[3]", fillcolor="#fce5cd", color="#e69138", peripheries=2, penwidth=1.5];
              n0 -> n1;
              n1 -> n2;
              n3 -> n4 [color="#e69138"];
              n1 -> n5 [color="#e69138"];
              n1 -> n5 [color="#e69138"];
              n4 -> n6 [color="#e69138"];
              n5 -> n6 [color="#e69138"];
              n4 -> n7 [color="#e69138"];
              n6 -> n7 [color="#e69138"];
              subgraph cluster_legend {
                label="legend"; fontsize=10; color="#cccccc";
                legend_forward [label="forward", fontsize=10];
                legend_derivative [label="derivative", fontsize=10, fillcolor="#fce5cd", color="#e69138"];
                legend_forward -> legend_derivative [style=invis];
              }
            }

            """, DotPrinter.Print(new[] { loss, dx }, "t.sg"));
    }

    [Fact]
    public void Print_ForwardGraphOnly_NoDerivativeColoursAndNoLegend()
    {
        var g = new Graph();
        var a = g.Input("a", "batch", 2);
        var w = g.Parameter("w", 2);
        var text = DotPrinter.Print(Sym.Sum(Sym.Exp(a) * w));
        Assert.DoesNotContain("#fce5cd", text);
        Assert.DoesNotContain("legend", text);
        Assert.Contains("n0 [label=\"a\\ninput f64[batch,2]\", shape=ellipse", text);
        Assert.Contains("label=\"broadcast [batch,2]\\nf64[batch,2]\"", text);
    }

    [Fact]
    public void Print_SharedNodes_AppearOnceWithOneEdgePerUse()
    {
        var g = new Graph();
        var a = g.Input("a", 2);
        var e = Sym.Exp(a);
        var text = DotPrinter.Print(e * e + e);
        Assert.Single(text.Split('\n'), l => l.Contains("label=\"exp"));
        Assert.Equal(3, text.Split('\n').Count(l => l.Trim().StartsWith($"n{e.Id} ->", StringComparison.Ordinal)));
    }

    [Fact]
    public void Print_SameGraphTwice_IdenticalText()
    {
        static string Build()
        {
            var g = new Graph();
            var x = g.Parameter("x", 4);
            var y = g.Input("y", 4);
            var loss = Sym.Sum(Sym.Square(Sym.Sigmoid(x) - y)).Named("loss");
            return DotPrinter.Print(new[] { loss }.Concat(Autodiff.Grad(loss, x, y)).ToArray());
        }
        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void Quote_QuotesBackslashesAndNewLines_Escaped()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\"", DotPrinter.Quote("a\"b\\c\nd"));
        Assert.Equal("\"x y\"", DotPrinter.Quote("x\ty"));
    }

    [Fact]
    public void Print_HundredThousandNodeChain_DoesNotOverflow()
    {
        var g = new Graph();
        var x = g.Parameter("x");
        var y = x;
        for (int i = 0; i < 50_000; i++) y = Sym.Sin(y) + x;
        var text = DotPrinter.Print(y);
        Assert.StartsWith("digraph symgraph {", text);
        Assert.EndsWith("}\n", text);
    }
}
