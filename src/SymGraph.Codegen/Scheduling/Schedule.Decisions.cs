using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.Scheduling;

// Lowering decisions both backends read from the schedule, so they cannot drift apart.
public sealed partial class Schedule
{
    /// <summary>Products of at most this many multiply-adds are inline loops: a kernel call costs more than the arithmetic.</summary>
    public const int InlineMatMulLimit = 256;

    /// <summary>Inline products of at most this many multiply-adds are written out with no loops at all.</summary>
    public const int UnrolledMatMulLimit = 64;

    /// <summary>
    /// Tensors of at most this many static elements may live in locals, one per element, when every
    /// step that touches them can be written out element by element (the C# backend; see MethodWriter.Promotion).
    /// </summary>
    public const int PromotedTensorLimit = 16;

    /// <summary>At most this many elements of one function live in locals (RyuJIT stops optimizing methods with too many locals).</summary>
    public const int PromotedElementBudget = 256;

    /// <summary>The node whose storage <paramref name="n"/> shares: through tensor-to-tensor reshapes (aliases).</summary>
    public static Node Root(Node n)
    {
        while (n.Op is Ops.Reshape && !n.Shape.IsScalar && !n.Inputs[0].Shape.IsScalar) n = n.Inputs[0];
        return n;
    }

    /// <summary>The flat index, in its input, of element <paramref name="k"/> of leading-axis slice <paramref name="slice"/> (static inner sizes).</summary>
    public static int SliceElement(Node slice, int k)
    {
        var x = slice.Inputs[0];
        int inner = 1;
        for (int d = 1; d < x.Rank; d++) inner *= x.Shape[d].Size;
        return k + ((Ops.Slice)slice.Op).Start * inner;
    }

    /// <summary>
    /// The work tensors a backend may keep in locals, one per element, in storage order up to
    /// <see cref="PromotedElementBudget"/> elements: static, at most <see cref="PromotedTensorLimit"/>
    /// elements, in a planned buffer. Whether each really can is up to the backend: it demotes a
    /// tensor that some step needs as a whole array.
    /// </summary>
    public HashSet<Node> PromotionCandidates()
    {
        var candidates = new HashSet<Node>();
        int elements = 0;
        foreach (var kv in Storage)
        {
            var n = kv.Key;
            if (kv.Value.Kind == StorageKind.Buffer && ReferenceEquals(Root(n), n) && n.Shape.IsStatic
                && n.Shape.ElementCount <= PromotedTensorLimit && elements + n.Shape.ElementCount <= PromotedElementBudget)
            {
                candidates.Add(n);
                elements += n.Shape.ElementCount;
            }
        }
        return candidates;
    }

    /// <summary>
    /// True when a backend writes <paramref name="loop"/> out element by element: it is small, static
    /// and flat, and it touches a tensor in locals (<paramref name="inLocals"/>, given a root).
    /// </summary>
    public bool Unrolls(LoopStep loop, System.Func<Node, bool> inLocals)
    {
        if (!loop.Shape.IsStatic || loop.Shape.ElementCount > PromotedTensorLimit || loop.HasStridedReads) return false;
        foreach (var n in loop.Nodes)
        {
            if (loop.Materialized.Contains(n) && inLocals(Root(n))) return true;
            foreach (var i in n.Inputs)
            {
                var read = i.Op is Ops.Slice && StorageOf(i).Kind == StorageKind.Virtual ? i.Inputs[0] : i;
                if (!i.Shape.IsScalar && Storage.TryGetValue(read, out var st) && st.Kind == StorageKind.Buffer && inLocals(Root(read))) return true;
            }
        }
        return false;
    }

    /// <summary>True when backends write matmul <paramref name="n"/> as inline loops summing in index order.</summary>
    public static bool IsInlineMatMul(Node n) =>
        n.Op is Ops.MatMul && n.Shape.IsStatic && n.Inputs[0].Shape.IsStatic
        && (long)n.Shape[0].Size * n.Shape[1].Size * n.Inputs[0].Shape[1].Size <= InlineMatMulLimit;

    /// <summary>
    /// The steps cut into consecutive runs of at most <paramref name="maxWeight"/> units of work
    /// (roughly nodes; a step is never cut), one method each: RyuJIT stops optimizing a method past
    /// about 60,000 bytes of IL or 2,000 locals.
    /// </summary>
    public List<List<Step>> Split(int maxWeight)
    {
        var chunks = new List<List<Step>> { new() };
        int weight = 0;
        foreach (var step in Steps)
        {
            int w = step switch { LoopStep l => 4 + 2 * l.Nodes.Count, KernelStep { Node.Op: Ops.Gather g } => 6 + g.Sources.Count / 4, KernelStep => 6, _ => 1 };
            if (weight + w > maxWeight && chunks[chunks.Count - 1].Count > 0)
            {
                chunks.Add(new List<Step>());
                weight = 0;
            }
            chunks[chunks.Count - 1].Add(step);
            weight += w;
        }
        return chunks;
    }

    /// <summary>
    /// The pieces of concat <paramref name="n"/>, in order: runs of the same virtual scalar part merge
    /// into one fill, and parts stored where they are computed are skipped. When one constant fills most of the result (the zeros of a sparse Hessian), the
    /// first piece fills the whole result with it (<see cref="ConcatPiece.Count"/> = every element)
    /// and its later runs are left out: one fill instead of a fill per gap.
    /// </summary>
    public IEnumerable<ConcatPiece> ConcatPieces(Node n)
    {
        var parts = n.Inputs;
        int total = 0;
        var filled = new Dictionary<Node, int>();
        foreach (var part in parts)
        {
            int count = part.Shape.IsStatic ? part.Shape.ElementCount : 0;
            total += count;
            if (StorageOf(part).Kind == StorageKind.Virtual && part.Inputs[0].Op is Ops.Constant)
                filled[part.Inputs[0]] = (filled.TryGetValue(part.Inputs[0], out var c) ? c : 0) + count;
        }
        Node? background = null;
        foreach (var kv in filled)
            if (2 * kv.Value > total && n.Shape.IsStatic) background = kv.Key;
        if (background is not null) yield return new ConcatPiece(null, background, total, background: true);

        for (int k = 0; k < parts.Count;)
        {
            var part = parts[k];
            if (StoredWhereComputed.ContainsKey(part))
            {
                yield return new ConcatPiece(null, null, part.Shape.ElementCount); // written by its scalar step
                k++;
                continue;
            }
            if (StorageOf(part).Kind != StorageKind.Virtual)
            {
                yield return new ConcatPiece(part, null, 0);
                k++;
                continue;
            }
            int run = 1;
            while (k + run < parts.Count && ReferenceEquals(parts[k + run], part)) run++;
            int elements = run * part.Shape.ElementCount;
            yield return ReferenceEquals(part.Inputs[0], background)
                ? new ConcatPiece(null, null, elements) // already filled: skip over it
                : new ConcatPiece(null, part.Inputs[0], elements);
            k += run;
        }
    }
}
