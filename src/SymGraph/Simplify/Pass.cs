using System;
using System.Collections.Generic;

namespace SymGraph.Simplify;

/// <summary>
/// One simplification pass: maps a graph's outputs to equivalent outputs (nodes of the same graph,
/// except for <see cref="EliminateDeadNodes"/>). A pass that changes nothing returns the very same
/// nodes. <see cref="Simplifier"/> runs a list of passes to a fixed point; each can also be run alone,
/// once, which is how they are tested.
/// </summary>
public abstract class Pass
{
    private protected Pass(string name) => Name = name;

    /// <summary>The pass's name in traces and listings (<c>fold-constants</c>).</summary>
    public string Name { get; }

    /// <summary>Runs the pass once over everything <paramref name="outputs"/> depend on.</summary>
    public Node[] Run(IReadOnlyList<Node> outputs, SimplifyOptions? options = null)
    {
        Simplifier.Check(outputs);
        return Run(outputs, new SimplifyContext(options ?? new SimplifyOptions()));
    }

    /// <summary>Runs the pass once over everything <paramref name="output"/> depends on.</summary>
    public Node Run(Node output, SimplifyOptions? options = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        return Run(new[] { output }, options)[0];
    }

    internal abstract Node[] Run(IReadOnlyList<Node> outputs, SimplifyContext context);

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
