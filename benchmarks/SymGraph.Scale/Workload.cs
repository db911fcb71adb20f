using SymGraph;

/// <summary>
/// A graph to measure: its outputs (the function and its gradient once <see cref="Phases"/> has taken
/// it), the parameters the gradient is taken with respect to and the values they get.
/// </summary>
internal sealed class Workload
{
    public required string Name { get; init; }
    public required int Steps { get; init; }
    public required Graph Graph { get; init; }
    public required Node Cost { get; init; }
    public required Node[] Wrt { get; init; }
    public required Dictionary<Node, Tensor> Values { get; init; }

    /// <summary>The outputs the phases after Grad work on: the cost, then its gradient.</summary>
    public Node[] Outputs { get; set; } = Array.Empty<Node>();

    /// <summary>Anything a phase leaves for the next one (a compiled function, a prepared evaluation).</summary>
    public Dictionary<string, object> State { get; } = new();

    /// <summary>
    /// u_k = u_{k−1} + 1e-6·sin(u_{k−1}), u_0 = w, k = 1…steps: the chain (CasADi's anchor is
    /// this with steps = 10^6). Three forward nodes per step; with du/dw about ten in all.
    /// </summary>
    public static Workload Chain(int steps)
    {
        var g = new Graph();
        var w = g.Parameter("w");
        var u = w;
        for (int k = 1; k <= steps; k++) u = u + 1e-6 * Sym.Sin(u);
        return new Workload
        {
            Name = "chain", Steps = steps, Graph = g, Cost = u, Wrt = new[] { w },
            Values = new Dictionary<Node, Tensor> { [w] = Tensor.Scalar(0.5) },
        };
    }

    /// <summary>
    /// s = Σₖ xₖ·sin(xₖ), k = 1…steps, over scalar parameters xₖ, summed left to right: many leaves, one
    /// gradient entry per leaf. Four forward nodes per term (leaf, sin, mul, add).
    /// </summary>
    public static Workload WideSum(int steps)
    {
        var g = new Graph();
        var xs = new Node[steps];
        var values = new Dictionary<Node, Tensor>(steps);
        Node? s = null;
        for (int k = 0; k < steps; k++)
        {
            var x = xs[k] = g.Parameter("x" + k);
            values[x] = Tensor.Scalar(0.5 + 1e-6 * k);
            var term = x * Sym.Sin(x);
            s = s is null ? term : s + term;
        }
        return new Workload { Name = "wide", Steps = steps, Graph = g, Cost = s!, Wrt = xs, Values = values };
    }
}
