namespace SymGraph.Codegen.Scheduling;

/// <summary>
/// One piece of a concat as backends write it: a stored part copied in, <see cref="Count"/>
/// elements filled with one scalar (a run of virtual parts: the zeros of a sparse Hessian), or
/// <see cref="Count"/> elements skipped (already holding the background fill, or
/// written by the step that computes them).
/// </summary>
public readonly struct ConcatPiece
{
    internal ConcatPiece(Node? copied, Node? fill, int count, bool background = false)
    {
        Copied = copied;
        Fill = fill;
        Count = count;
        IsBackground = background;
    }

    /// <summary>True for the first piece that fills the whole result; it does not advance the position.</summary>
    public bool IsBackground { get; }

    /// <summary>The stored part to copy, or <c>null</c> for a fill.</summary>
    public Node? Copied { get; }

    /// <summary>The scalar to fill with, or <c>null</c> for a copy or a skip.</summary>
    public Node? Fill { get; }

    /// <summary>The number of elements filled or skipped (copies take their part's size).</summary>
    public int Count { get; }
}
