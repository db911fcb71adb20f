using System.Collections.Generic;

namespace SymGraph.Codegen.Scheduling;

/// <summary>
/// One piece of a concat as backends write it: a stored part copied in, or <see cref="Count"/>
/// elements filled with one scalar (a run of virtual parts: the zeros of a sparse Hessian).
/// </summary>
public readonly struct ConcatPiece
{
    internal ConcatPiece(Node? copied, Node? fill, int count)
    {
        Copied = copied;
        Fill = fill;
        Count = count;
    }

    /// <summary>The stored part to copy, or <c>null</c> for a fill.</summary>
    public Node? Copied { get; }

    /// <summary>The scalar to fill with, or <c>null</c> for a copy.</summary>
    public Node? Fill { get; }

    /// <summary>The number of elements filled (copies take their part's size).</summary>
    public int Count { get; }
}

public sealed partial class Schedule
{
    /// <summary>Products of at most this many multiply-adds are inline loops: a kernel call costs more than the arithmetic.</summary>
    public const int InlineMatMulLimit = 256;

    /// <summary>True when backends write matmul <paramref name="n"/> as inline loops summing in index order.</summary>
    public static bool IsInlineMatMul(Node n) =>
        n.Op is Ops.MatMul && n.Shape.IsStatic && n.Inputs[0].Shape.IsStatic
        && (long)n.Shape[0].Size * n.Shape[1].Size * n.Inputs[0].Shape[1].Size <= InlineMatMulLimit;

    /// <summary>The pieces of concat <paramref name="n"/>, in order: runs of the same virtual scalar part merge into one fill.</summary>
    public IEnumerable<ConcatPiece> ConcatPieces(Node n)
    {
        var parts = n.Inputs;
        for (int k = 0; k < parts.Count;)
        {
            var part = parts[k];
            if (StorageOf(part).Kind != StorageKind.Virtual)
            {
                yield return new ConcatPiece(part, null, 0);
                k++;
                continue;
            }
            int run = 1;
            while (k + run < parts.Count && ReferenceEquals(parts[k + run], part)) run++;
            yield return new ConcatPiece(null, part.Inputs[0], run * part.Shape.ElementCount);
            k += run;
        }
    }
}
