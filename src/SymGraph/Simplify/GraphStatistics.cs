using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Simplify;

/// <summary>Node counts of graphs, and of their derivative graphs before and after simplification.</summary>
public static class GraphStatistics
{
    /// <summary>The nodes <paramref name="outputs"/> depend on (themselves included), in total and per op name.</summary>
    public static NodeCounts Count(IReadOnlyList<Node> outputs)
    {
        Simplifier.Check(outputs);
        return NodeCounts.Of(outputs);
    }

    /// <summary>The nodes <paramref name="outputs"/> depend on, in total and per op name.</summary>
    public static NodeCounts Count(params Node[] outputs) => Count((IReadOnlyList<Node>)outputs);

    /// <summary>
    /// Builds the gradient of <paramref name="cost"/> with respect to <paramref name="wrt"/> and, unless
    /// <paramref name="hessianWrt"/> is empty, the dense Hessian with respect to <paramref name="hessianWrt"/>
    /// (by default <paramref name="wrt"/>; entries of <see cref="Autodiff.Hessian(Node, IReadOnlyList{Node})"/>),
    /// then counts nodes of three stages, each as built and after simplification: the function alone;
    /// the function and its gradient together (the graph one evaluation of both runs); the Hessian.
    /// Derivatives are taken of the graph as built; each stage is simplified on its own.
    /// </summary>
    public static DerivativeStatistics Derivatives(Node cost, IReadOnlyList<Node> wrt, IReadOnlyList<Node>? hessianWrt = null, SimplifyOptions? options = null)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        var function = Stage("f", new[] { cost }, options);
        var grads = Autodiff.Grad(cost, wrt.ToArray());
        var gradient = Stage("f+grad", new[] { cost }.Concat(grads).ToArray(), options);
        StageCounts? hessian = null;
        hessianWrt ??= wrt;
        if (hessianWrt.Count > 0)
        {
            var blocks = Autodiff.Hessian(cost, hessianWrt);
            hessian = Stage("hessian", blocks.Cast<Node>().ToArray(), options);
        }
        return new DerivativeStatistics(function, gradient, hessian);
    }

    private static StageCounts Stage(string name, Node[] outputs, SimplifyOptions? options) =>
        new StageCounts(name, NodeCounts.Of(outputs), NodeCounts.Of(Simplifier.Simplify(outputs, options)));
}
