using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

/// <summary>
/// Which small work tensors live in locals, one per element (scalar replacement of aggregates),
/// decided from the schedule before anything is lowered. A work buffer of a few static elements
/// costs more than its arithmetic in a small network: fetching the per-thread buffers, bounds
/// checks, a store and a load per element. When every step that touches such a tensor can name its
/// elements one by one (written-out matmuls, loops of at most <see cref="Schedule.PromotedTensorLimit"/>
/// elements, which are then written out, scalar reshapes, concats and copies), each element becomes a local:
/// <code>
/// T t7_0 = W1[0] * x[0] + W1[1] * x[1];      instead of   t7[0] = W1[0] * x[0] + ...;
/// T h_0 = Math.Tanh(t7_0 + b1[0]);                         h[i] = Math.Tanh(t7[i] + b1[i]);
/// </code>
/// </summary>
internal static class Promotion
{
    /// <summary>
    /// Past this many element locals in one method nothing is kept in locals: written-out loops
    /// multiply them, and RyuJIT stops optimizing methods with too many locals.
    /// </summary>
    public const int ElementLocalLimit = 512;

    /// <summary>
    /// The candidates (<see cref="Schedule.PromotionCandidates"/>) less every tensor some step needs
    /// as a whole array, to a fixed point: whether a small loop is written out depends on the set, and
    /// a loop that stays a loop needs every tensor it touches as an array. The set only shrinks, so
    /// this ends; then the whole set is dropped if its element locals would exceed the limit.
    /// </summary>
    public static HashSet<Node> Decide(Schedule schedule)
    {
        var promoted = schedule.PromotionCandidates();
        bool changed = true;
        while (changed && promoted.Count > 0)
        {
            changed = false;
            foreach (var step in schedule.Steps)
                foreach (var n in ArraysNeeded(schedule, step, promoted))
                    changed |= promoted.Remove(Schedule.Root(n));
        }
        if (ElementLocals(schedule, promoted) > ElementLocalLimit) promoted.Clear();
        return promoted;
    }

    /// <summary>The tensors <paramref name="step"/> reads or writes as whole arrays, given the current set.</summary>
    private static IEnumerable<Node> ArraysNeeded(Schedule schedule, Step step, HashSet<Node> promoted)
    {
        switch (step)
        {
            case LoopStep loop when !schedule.Unrolls(loop, promoted.Contains):
            {
                foreach (var n in loop.Materialized) yield return n;
                var inLoop = new HashSet<Node>(loop.Nodes);
                foreach (var n in loop.Nodes)
                    foreach (var i in n.Inputs)
                    {
                        if (i.Shape.IsScalar || inLoop.Contains(i)) continue;
                        var kind = schedule.StorageOf(i).Kind;
                        if (kind == StorageKind.Virtual && i.Op is Slice or Broadcast) yield return i.Inputs[0];
                        else yield return i;
                    }
                break;
            }
            case KernelStep { Node: var n }:
                foreach (var array in KernelArrays(schedule, n)) yield return array;
                break;
        }
    }

    // Every kernel reads and writes whole arrays, except written-out matmuls, concats, static scatters and gathers (element by
    // element or by name), reshapes (aliases or single elements) and sizes.
    private static IEnumerable<Node> KernelArrays(Schedule schedule, Node n)
    {
        switch (n.Op)
        {
            case MatMul when Schedule.IsInlineMatMul(n) && n.Shape.ElementCount * n.Inputs[0].Shape[1].Size <= Schedule.UnrolledMatMulLimit:
            case Concat:
            case Scatter when n.Shape.IsStatic:
            case Gather:
            case Ops.Reshape:
            case DimSize:
                yield break;
            default:
                foreach (var i in n.Inputs)
                {
                    if (i.Shape.IsScalar) continue;
                    yield return schedule.StorageOf(i).Kind == StorageKind.Virtual && i.Op is Transpose ? i.Inputs[0] : i;
                }
                if (!n.Shape.IsScalar) yield return n;
                break;
        }
    }

    /// <summary>An upper bound on the element locals of one method: every promoted element, and every per-element temporary of a written-out loop.</summary>
    private static int ElementLocals(Schedule schedule, HashSet<Node> promoted)
    {
        int count = promoted.Sum(n => n.Shape.ElementCount);
        foreach (var step in schedule.Steps)
            if (step is LoopStep loop && schedule.Unrolls(loop, promoted.Contains))
                count += loop.Shape.ElementCount * loop.Nodes.Count(n => !loop.Materialized.Contains(n));
        return count;
    }
}
