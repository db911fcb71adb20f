using System.Collections.Generic;

namespace SymGraph.Simplify;

/// <summary>What <see cref="Simplifier.Run"/> returns: the simplified outputs and how the fixed point was reached.</summary>
public sealed class SimplifyResult
{
    internal SimplifyResult(Node[] outputs, int rounds, bool converged)
    {
        Outputs = outputs;
        Rounds = rounds;
        Converged = converged;
    }

    /// <summary>The simplified outputs, in the order given.</summary>
    public IReadOnlyList<Node> Outputs { get; }

    /// <summary>The pipeline rounds run (the last one changed nothing when <see cref="Converged"/>).</summary>
    public int Rounds { get; }

    /// <summary>True when a round changed nothing; false when <see cref="SimplifyOptions.MaxIterations"/> stopped it.</summary>
    public bool Converged { get; }
}
