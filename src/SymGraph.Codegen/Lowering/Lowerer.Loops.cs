using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

// Fusion regions: one loop (or nest) per region, each node once per element; small ones written out.
internal sealed partial class Lowerer
{
    /// <summary>A scalar function applied to operands; a reduction of a scalar is the scalar itself.</summary>
    private static ValueExpr Elementwise(Node n, ValueExpr[] operands) =>
        n.Op is Sum or Max && n.Inputs[0].Shape.IsScalar ? operands[0] : new Apply(n.Op, operands);

    /// <summary>
    /// A fusion region. Without broadcast reads, one flat loop:
    /// <code>for (i = 0; i &lt; N; i++) { T t1 = op(a[i]); out[i] = op(t1, b[i]); }</code>
    /// With them, one loop per axis and the flat index f alongside:
    /// <code>for (i0 = 0, f = 0; i0 &lt; M; i0++) for (i1 = 0; i1 &lt; N; i1++, f++) { out[f] = a[f] + b[i1]; }</code>
    /// A small static loop that touches a tensor in locals is written out element by element. A flat
    /// loop runs in vectors with a scalar tail when <see cref="Vectorizer.Plan"/> says it can.
    /// </summary>
    private void LowerLoop(LoopStep loop)
    {
        foreach (var n in loop.Nodes)
            if (_schedule.StorageOf(n).Kind == StorageKind.Buffer) DeclareArrayOf(n);
        // Σ over all elements: the sum's own variable accumulates, in row-major order (the interpreter's).
        foreach (var sum in loop.Reductions)
        {
            Comment(sum);
            Emit(new Declare(VarOf(sum), new Literal(0.0)));
        }
        var shape = loop.Shape;
        if (_schedule.Unrolls(loop, _promoted.Contains))
        {
            for (int k = 0; k < shape.ElementCount; k++) LoopBody(loop, IntExpr.Const(k), null, k);
        }
        else if (!loop.HasStridedReads && Count(shape).Constant == 1)
        {
            LoopBody(loop, IntExpr.Const(0), null); // one element: no loop
        }
        else if (!loop.HasStridedReads)
        {
            var i = LoopVar("i");
            var count = Count(shape);
            var body = Capture(() => LoopBody(loop, IntExpr.Of(i), null));
            var vector = _vectorize ? Vectorizer.Plan(i, count, body, sum => NewVar(sum.Name + "_lanes", VarKind.Vector)) : null;
            Emit(new Loop(i, count, body, Vector: vector));
        }
        else
        {
            Nest(shape, (f, index) => LoopBody(loop, f, index));
        }
    }

    /// <summary>One element of a loop: at flat index <paramref name="f"/>, or at constant index <paramref name="unrolled"/> when written out.</summary>
    private void LoopBody(LoopStep loop, IntExpr f, IntExpr[]? index, int? unrolled = null)
    {
        var elements = new Dictionary<Node, ValueExpr>();
        // A broadcast, in the loop or a virtual view read by it: the scalar, or x at a strided offset.
        ValueExpr ReadBroadcast(Node b)
        {
            var x = b.Inputs[0];
            return x.Shape.IsScalar ? Scalar(x) : new Load(ArrayOf(x), Offset(index!, BroadcastStrides(x.Shape, loop.Shape)));
        }
        foreach (var n in loop.Nodes)
        {
            ValueExpr value;
            if (n.Op is Broadcast)
            {
                value = ReadBroadcast(n);
            }
            else
            {
                var operands = n.Inputs.Select(i =>
                    elements.TryGetValue(i, out var e) ? e
                    : i.Op is Broadcast && _schedule.StorageOf(i).Kind == StorageKind.Virtual ? ReadBroadcast(i)
                    : unrolled is int k ? At(i, k)
                    : Element(i, f)).ToArray();
                value = Elementwise(n, operands);
            }
            if (unrolled is null or 0) Comment(n);
            if (loop.Materialized.Contains(n) && unrolled is int at)
            {
                WriteElement(n, at, value);
                elements[n] = At(n, at);
            }
            else if (loop.Materialized.Contains(n))
            {
                var array = ArrayOf(n);
                Emit(new Store(array, f, value));
                elements[n] = new Load(array, f);
            }
            else
            {
                var v = unrolled is int u ? ElementVar(n, u) : VarOf(n);
                Emit(new Declare(v, value));
                elements[n] = new Read(v);
            }
        }
        foreach (var sum in loop.Reductions) Emit(new Accumulate(VarOf(sum), elements[sum.Inputs[0]]));
    }

    /// <summary>Element <paramref name="f"/> of stored tensor <paramref name="n"/>; a virtual slice reads its input at an offset.</summary>
    private ValueExpr Element(Node n, IntExpr f)
    {
        if (n.Op is Slice s && _schedule.StorageOf(n).Kind == StorageKind.Virtual)
        {
            var x = n.Inputs[0];
            return new Load(ArrayOf(x), IntExpr.Add(f, Scale(s.Start, Product(x.Shape, 1, x.Rank))));
        }
        return new Load(ArrayOf(n), f);
    }

    /// <summary>Row-major strides of <paramref name="source"/> read as broadcast to <paramref name="target"/> (null along stretched axes).</summary>
    private IntExpr?[] BroadcastStrides(Shape source, Shape target)
    {
        var strides = new IntExpr?[target.Rank];
        int offset = target.Rank - source.Rank;
        for (int k = offset; k < target.Rank; k++)
        {
            int sk = k - offset;
            if (!source[sk].IsOne) strides[k] = Product(source, sk + 1, source.Rank);
        }
        return strides;
    }

    /// <summary>Σₖ index[k]·strides[k] (axes with a null stride are skipped).</summary>
    private static IntExpr Offset(IntExpr[] index, IntExpr?[] strides)
    {
        IntExpr sum = IntExpr.Const(0);
        for (int k = 0; k < index.Length; k++)
            if (strides[k] is { } stride) sum = IntExpr.Add(sum, IntExpr.Mul(index[k], stride));
        return sum;
    }

    /// <summary>
    /// Loops over every element of <paramref name="shape"/> in row-major order, one loop per axis, with
    /// the flat index f counted by the innermost loop; <paramref name="body"/> gets f and the indices.
    /// An axis of static size 1 gets no loop (its index is 0), and a shape of one element no loop at all.
    /// </summary>
    private void Nest(Shape shape, Action<IntExpr, IntExpr[]> body)
    {
        int r = shape.Rank;
        var loops = Enumerable.Range(0, r).Where(k => !shape[k].IsOne).ToArray();
        var variables = loops.Select(k => LoopVar("i" + k.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var index = Enumerable.Repeat(IntExpr.Const(0), r).ToArray();
        for (int j = 0; j < loops.Length; j++) index[loops[j]] = IntExpr.Of(variables[j]);
        if (loops.Length == 0)
        {
            body(IntExpr.Const(0), index);
            return;
        }
        var f = LoopVar("f");
        var statements = Capture(() => body(IntExpr.Of(f), index));
        for (int j = loops.Length - 1; j >= 0; j--)
        {
            bool starts = j == 0, advances = j == loops.Length - 1;
            var count = Dim(shape[loops[j]]);
            // The innermost loop of a nest of two or more may run in vectors (advancing the counter by W).
            var vector = _vectorize && advances && !starts ? Vectorizer.Plan(variables[j], count, statements, sum => NewVar(sum.Name + "_lanes", VarKind.Vector), f) : null;
            statements = new List<Stmt> { new Loop(variables[j], count, statements, starts || advances ? f : null, starts, advances, vector) };
        }
        _out.AddRange(statements);
    }
}
