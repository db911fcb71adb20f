using System.Collections.Generic;

namespace SymGraph.Codegen.Scheduling;

/// <summary>One step of a <see cref="Schedule"/>: what a backend renders, in order.</summary>
public abstract class Step
{
}

/// <summary>A scalar node computed from scalar operands: one assignment.</summary>
public sealed class ScalarStep : Step
{
    internal ScalarStep(Node node) => Node = node;

    /// <summary>The node computed.</summary>
    public Node Node { get; }

    /// <summary>
    /// Elements of results this scalar is also stored to as soon as it is computed: a stacked result
    /// (a dense Hessian) whose scalars are written where they are computed rather than gathered at
    /// the end (see <see cref="Schedule.IsStoredWhereComputed"/>), or a scatter of many scalars, into which
    /// it is added (<c>+=</c>). Each is the result or scatter node and a flat offset.
    /// </summary>
    public IReadOnlyList<(Node Target, int Offset)> Stores => StoresList;

    internal List<(Node Target, int Offset)> StoresList { get; } = new();
}

/// <summary>
/// A fusion region: element-wise nodes of one shape computed in a single loop nest, each element
/// once. Nodes are in topological order; those in <see cref="Materialized"/> are stored (they are
/// outputs or used outside the loop); the rest are per-element temporaries.
/// </summary>
public sealed class LoopStep : Step
{
    internal LoopStep(Shape shape) => Shape = shape;

    /// <summary>The iteration shape (every node's shape).</summary>
    public Shape Shape { get; }

    /// <summary>The nodes, in topological order.</summary>
    public List<Node> Nodes { get; } = new();

    /// <summary>The nodes whose values are stored.</summary>
    public List<Node> Materialized { get; } = new();

    /// <summary>Sums over all elements of a loop node, accumulated in the loop itself (in row-major order).</summary>
    public List<Node> Reductions { get; } = new();

    /// <summary>True when some read is broadcast (needs a loop per axis rather than one flat loop).</summary>
    public bool HasStridedReads { get; internal set; }
}

/// <summary>A node computed by a runtime kernel or a structural copy (matmul, reductions, softmax, slices ...).</summary>
public sealed class KernelStep : Step
{
    internal KernelStep(Node node) => Node = node;

    /// <summary>The node computed.</summary>
    public Node Node { get; }
}

/// <summary>Copies a value that is not computed in place into result array <see cref="Result"/>.</summary>
public sealed class CopyToResultStep : Step
{
    internal CopyToResultStep(Node node, int result)
    {
        Node = node;
        Result = result;
    }

    /// <summary>The output node.</summary>
    public Node Node { get; }

    /// <summary>The result index.</summary>
    public int Result { get; }
}
