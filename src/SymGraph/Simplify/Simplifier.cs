using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Simplify;

/// <summary>
/// The graph simplifier: runs a pipeline of small passes (<see cref="DefaultPasses"/>) over a graph's
/// outputs until a round changes nothing, and returns equivalent outputs. Results are nodes of the
/// same graph (replaced nodes stay in its intern table, unreachable) unless
/// <see cref="SimplifyOptions.CopyToFreshGraph"/> asks for a compact copy.
/// </summary>
/// <example>
/// <code>
/// var trace = new RewriteTrace();
/// var simplified = Simplifier.Simplify(new[] { loss, grad }, new SimplifyOptions { Trace = trace });
/// Console.Write(TextPrinter.PrintBeforeAfter(new[] { loss, grad }, simplified));
/// </code>
/// </example>
public static class Simplifier
{
    /// <summary>
    /// One round of the default pipeline: common subexpressions, constants, algebraic identities,
    /// shape cleanup, stable rewrites.
    /// </summary>
    public static IReadOnlyList<Pass> DefaultPasses { get; } = new Pass[]
    {
        EliminateCommonSubexpressions.Instance,
        FoldConstants.Instance,
        SimplifyAlgebra.Instance,
        CleanUpShapes.Instance,
        Stabilize.Instance,
    };

    /// <summary>Simplifies <paramref name="outputs"/> to a fixed point; returns the new outputs in the same order.</summary>
    public static Node[] Simplify(IReadOnlyList<Node> outputs, SimplifyOptions? options = null) => Run(outputs, options).Outputs.ToArray();

    /// <summary>Simplifies one output to a fixed point.</summary>
    public static Node Simplify(Node output, SimplifyOptions? options = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        return Simplify(new[] { output }, options)[0];
    }

    /// <summary>Simplifies <paramref name="outputs"/> to a fixed point and reports how.</summary>
    public static SimplifyResult Run(IReadOnlyList<Node> outputs, SimplifyOptions? options = null)
    {
        Check(outputs);
        options ??= new SimplifyOptions();
        var context = new SimplifyContext(options);
        var passes = options.Passes ?? DefaultPasses;
        var current = outputs.ToArray();
        int rounds = 0;
        bool converged = false;
        while (rounds < options.MaxIterations)
        {
            rounds++;
            var next = current;
            foreach (var pass in passes) next = pass.Run(next, context);
            bool same = next.Length == current.Length && next.Zip(current, ReferenceEquals).All(b => b);
            current = next;
            if (same) { converged = true; break; }
        }
        if (options.CopyToFreshGraph) current = EliminateDeadNodes.Instance.Run(current, context);
        return new SimplifyResult(current, rounds, converged);
    }

    /// <summary>Throws unless <paramref name="outputs"/> are non-null nodes of one graph.</summary>
    internal static void Check(IReadOnlyList<Node> outputs)
    {
        if (outputs is null) throw new ArgumentNullException(nameof(outputs));
        Graph? graph = null;
        foreach (var o in outputs)
        {
            if (o is null) throw new ArgumentNullException(nameof(outputs), "An output is null.");
            graph ??= o.Graph;
            if (!ReferenceEquals(o.Graph, graph)) throw new ArgumentException($"{o} belongs to another graph than {outputs[0]}.", nameof(outputs));
        }
    }
}
