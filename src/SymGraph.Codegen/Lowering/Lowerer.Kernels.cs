using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

// Non-element-wise ops: runtime kernel calls, copies, strided loops and written-out small products.
internal sealed partial class Lowerer
{
    private void LowerKernel(Node n)
    {
        if (_schedule.StorageOf(n).Kind == StorageKind.Buffer || IsAlias(n)) DeclareArrayOf(n);
        switch (n.Op)
        {
            case MatMul:
            {
                // C = op(A)·op(B): a transpose that only feeds matmuls is read in place (Aᵀ·B, A·Bᵀ).
                var (a, ta) = Untransposed(n.Inputs[0]);
                var (b, tb) = Untransposed(n.Inputs[1]);
                if (Schedule.IsInlineMatMul(n))
                {
                    LowerSmallMatMul(n, a, ta, b, tb);
                    break;
                }
                Emit(new Call(Kernel.MatMul, new[]
                {
                    KernelArg.Of(ArrayOf(a)), KernelArg.Of(ArrayOf(b)), KernelArg.Of(ArrayOf(n)),
                    KernelArg.Of(Dim(n.Shape[0])), KernelArg.Of(Dim(n.Inputs[0].Shape[1])), KernelArg.Of(Dim(n.Shape[1])),
                    KernelArg.Flag("transposeA", ta), KernelArg.Flag("transposeB", tb),
                }));
                break;
            }
            case Reduction r:
            {
                var x = n.Inputs[0];
                bool max = r is Max;
                if (n.Shape.IsScalar)
                    Emit(new Call(max ? Kernel.MaxAll : Kernel.SumAll, new[] { KernelArg.Of(ArrayOf(x)), KernelArg.Of(Count(x.Shape)) }, VarOf(n)));
                else
                    Emit(new Call(max ? Kernel.MaxAxis : Kernel.SumAxis, new[]
                    {
                        KernelArg.Of(ArrayOf(x)), KernelArg.Of(ArrayOf(n)),
                        KernelArg.Of(Product(x.Shape, 0, r.Axis!.Value)), KernelArg.Of(Dim(x.Shape[r.Axis.Value])), KernelArg.Of(Product(x.Shape, r.Axis.Value + 1, x.Rank)),
                    }));
                break;
            }
            case AxisNormalization norm:
            {
                var x = n.Inputs[0];
                if (n.Shape.IsScalar)
                    Emit(new Call(Kernel.LogSumExpAll, new[] { KernelArg.Of(ArrayOf(x)), KernelArg.Of(Dim(x.Shape[norm.Axis])) }, VarOf(n)));
                else
                    Emit(new Call(Kernel.Normalize, new[]
                    {
                        KernelArg.Of(ArrayOf(x)), KernelArg.Of(ArrayOf(n)),
                        KernelArg.Of(Product(x.Shape, 0, norm.Axis)), KernelArg.Of(Dim(x.Shape[norm.Axis])), KernelArg.Of(Product(x.Shape, norm.Axis + 1, x.Rank)),
                        KernelArg.Of(norm),
                    }));
                break;
            }
            case RowLoss loss:
            {
                var (a, t) = (n.Inputs[0], n.Inputs[1]);
                var logits = KernelArg.Flag("logits", loss is CrossEntropyLogits);
                var width = KernelArg.Of(Dim(a.Shape[a.Rank - 1]));
                if (n.Shape.IsScalar)
                    Emit(new Call(Kernel.CrossEntropyRow, new[] { KernelArg.Of(ArrayOf(a)), KernelArg.Of(ArrayOf(t)), width, logits }, VarOf(n)));
                else
                    Emit(new Call(Kernel.CrossEntropy, new[] { KernelArg.Of(ArrayOf(a)), KernelArg.Of(ArrayOf(t)), KernelArg.Of(ArrayOf(n)), KernelArg.Of(Product(a.Shape, 0, a.Rank - 1)), width, logits }));
                break;
            }
            case SumTo:
                LowerSumTo(n);
                break;
            case Transpose tr:
                LowerTranspose(n, tr);
                break;
            case Slice s:
            {
                var x = n.Inputs[0];
                var inner = Product(x.Shape, 1, x.Rank);
                Emit(Copy(ArrayOf(x), Scale(s.Start, inner), ArrayOf(n), IntExpr.Const(0), Scale(s.Stop - s.Start, inner)));
                break;
            }
            case Concat:
                LowerConcat(n);
                break;
            case Scatter sc:
                LowerScatter(n, sc);
                break;
            case Gather gather:
                LowerGather(n, gather);
                break;
            case Ops.Reshape:
            {
                var x = n.Inputs[0];
                if (n.Shape.IsScalar) Emit(new Declare(VarOf(n), At(x, 0)));
                else if (x.Shape.IsScalar && IsPromoted(n)) AliasElement(n, 0, Scalar(x));
                else if (x.Shape.IsScalar) Emit(new Store(ArrayOf(n), IntExpr.Const(0), Scalar(x)));
                // tensor → tensor: another name for the input's array, declared above.
                break;
            }
            case DimSize size:
                Emit(new Declare(VarOf(n), new SizeProduct(size.Dims.Select(Dim).ToArray())));
                break;
            default:
                throw new InvalidOperationException($"Code generation has no lowering for '{n.Op.Name}'.");
        }
    }

    private static Call Copy(Var source, IntExpr sourceIndex, Var destination, IntExpr destinationIndex, IntExpr count) =>
        new(Kernel.Copy, new[] { KernelArg.Of(source), KernelArg.Of(sourceIndex), KernelArg.Of(destination), KernelArg.Of(destinationIndex), KernelArg.Of(count) });

    /// <summary>
    /// Copies each part into place. A scalar reshaped or broadcast into the result (a virtual part) is
    /// stored directly, and a run of such parts of more than two elements (the zeros of a sparse Hessian)
    /// becomes one fill:
    /// <code>Copy(part0, 0, y, 0, n0); y[n0] = s; Fill(y, 0.0, n0 + 1, 97); ...</code>
    /// A result or part in locals is copied element by element, and a result in locals only names its
    /// parts' elements (they are never overwritten) and the fill value: no statement at all.
    /// </summary>
    private void LowerConcat(Node n)
    {
        IntExpr at = IntExpr.Const(0);
        bool local = IsPromoted(n);
        var y = local ? null : ArrayOf(n);
        foreach (var piece in _schedule.ConcatPieces(n))
        {
            IntExpr count;
            if (piece.Copied is null && piece.Fill is null) // already holds the background fill
            {
                count = IntExpr.Const(piece.Count);
            }
            else if (piece.Fill is { } scalar)
            {
                if (local)
                    for (int r = 0; r < piece.Count; r++) AliasElement(n, StaticOffset(at) + r, Scalar(scalar));
                else if (piece.Count > 2)
                    Emit(new Call(Kernel.Fill, new[] { KernelArg.Of(y!), KernelArg.Of(Scalar(scalar)), KernelArg.Of(at), KernelArg.Of(IntExpr.Const(piece.Count)) }));
                else
                    for (int r = 0; r < piece.Count; r++) Emit(new Store(y!, IntExpr.Add(at, IntExpr.Const(r)), Scalar(scalar)));
                count = IntExpr.Const(piece.Count);
            }
            else if (local || IsPromoted(piece.Copied!))
            {
                var part = piece.Copied!;
                int elements = part.Shape.ElementCount;
                for (int e = 0; e < elements; e++)
                {
                    if (!local) Emit(new Store(y!, IntExpr.Add(at, IntExpr.Const(e)), At(part, e)));
                    else if (IsPromoted(part)) AliasElement(n, StaticOffset(at) + e, At(part, e));
                    else WriteElement(n, StaticOffset(at) + e, At(part, e));
                }
                count = IntExpr.Const(elements);
            }
            else
            {
                count = Count(piece.Copied!.Shape);
                Emit(Copy(ArrayOf(piece.Copied), IntExpr.Const(0), y!, at, count));
            }
            if (!piece.IsBackground) at = IntExpr.Add(at, count);
        }
    }

    /// <summary>
    /// The pieces written into place, each touching only its own elements. The first piece held in an
    /// array is copied and the rest of the result zero-filled around it; every other piece is added where
    /// it lands (pieces may overlap), a scalar placed by a virtual reshape or broadcast straight from its local:
    /// <code>Fill(y, 0.0, 0, 1); Copy(p0, 0, y, 1, 99); y[0] += t7; for (f ..) y[f + 1] += p2[f];</code>
    /// Without an array piece the result is cleared first. So a cotangent gathered from n indexed
    /// elements costs n stores, not n full-length pads.
    /// </summary>
    private void LowerScatter(Node n, Scatter op)
    {
        if (IsPromoted(n) || n.Inputs.Any(IsPromoted))
        {
            LowerScatterByElement(n, op);
            return;
        }
        var y = ArrayOf(n);
        var inner = Product(n.Shape, 1, n.Rank);
        var pieces = n.Inputs;
        int first = -1;
        for (int k = 0; k < pieces.Count && first < 0; k++)
            if (_schedule.StorageOf(pieces[k]).Kind != StorageKind.Virtual) first = k;
        if (first < 0)
        {
            Emit(new Call(Kernel.Clear, new[] { KernelArg.Of(y), KernelArg.Of(Count(n.Shape)) }));
        }
        else
        {
            var p = pieces[first];
            int start = op.Offsets[first], stop = start + p.Shape[0].Size;
            if (start > 0) Fill(y, IntExpr.Const(0), Scale(start, inner));
            Emit(Copy(ArrayOf(p), IntExpr.Const(0), y, Scale(start, inner), Count(p.Shape)));
            if (stop < op.Length) Fill(y, Scale(stop, inner), Scale(op.Length - stop, inner));
        }
        for (int k = 0; k < pieces.Count; k++)
        {
            if (k == first || _schedule.IsStoredWhereComputed(pieces[k])) continue; // added by the step computing it
            var p = pieces[k];
            var at = Scale(op.Offsets[k], inner);
            if (_schedule.StorageOf(p).Kind == StorageKind.Virtual)
            {
                var value = Scalar(p.Inputs[0]);
                Nest(p.Shape, (f, _) => Emit(new Store(y, IntExpr.Add(at, f), value, IsAccumulating: true)));
            }
            else
            {
                var source = ArrayOf(p);
                Nest(p.Shape, (f, _) => Emit(new Store(y, IntExpr.Add(at, f), new Load(source, f), IsAccumulating: true)));
            }
        }

        void Fill(Var array, IntExpr from, IntExpr count)
        {
            if (count.Constant is int c && c <= 2)
                for (int r = 0; r < c; r++) Emit(new Store(array, IntExpr.Add(from, IntExpr.Const(r)), new Literal(0.0)));
            else
                Emit(new Call(Kernel.Fill, new[] { KernelArg.Of(array), KernelArg.Of(new Literal(0.0)), KernelArg.Of(from), KernelArg.Of(count) }));
        }
    }

    /// <summary>A small static scatter touching a tensor in locals: each element the sum of the pieces over it (0 where none is).</summary>
    private void LowerScatterByElement(Node n, Scatter op)
    {
        int inner = n.Shape.ElementCount / op.Length;
        var values = new ValueExpr?[n.Shape.ElementCount];
        for (int k = 0; k < n.Inputs.Count; k++)
        {
            var p = n.Inputs[k];
            bool virtualScalar = _schedule.StorageOf(p).Kind == StorageKind.Virtual;
            for (int e = 0, at = op.Offsets[k] * inner; e < p.Shape.ElementCount; e++)
            {
                var value = virtualScalar ? Scalar(p.Inputs[0]) : At(p, e);
                values[at + e] = values[at + e] is { } sum ? new Apply(Ops.Add.Instance, new[] { sum, value }) : value;
            }
        }
        for (int e = 0; e < values.Length; e++) WriteElement(n, e, values[e] ?? new Literal(0.0));
    }

    /// <summary>
    /// Straight-line stores from the static table (a sparse Hessian's recovery), <c>values[e] = product[i];</c>.
    /// A long table that repeats with a period (a banded Hessian's rows: the same inputs, indices shifted by
    /// a constant) is written as a loop over the periods whose body is one period's stores, so the code
    /// stays as long as a period, not as the matrix:
    /// <code>values[0] = p2[0]; … for (t ..) { values[5 + 6t] = p1[1 + 2t]; values[6 + 6t] = p0[2 + 2t]; … } values[m − 1] = …;</code>
    /// </summary>
    private void LowerGather(Node n, Gather gather)
    {
        int m = gather.Sources.Count;
        // The entries that read something (target, input, index); structural zeros are filled first.
        var entries = new List<(int Target, int Input, int Element)>(m);
        for (int e = 0; e < m; e++)
        {
            if (gather.Sources[e] < 0) continue;
            var (input, k) = Gather.Locate(n.Inputs, gather.Sources[e]);
            entries.Add((e, input, k));
        }
        bool inLocals = IsPromoted(n) || n.Inputs.Any(IsPromoted);
        if (entries.Count < m)
        {
            if (inLocals) { for (int e = 0; e < m; e++) if (gather.Sources[e] < 0) WriteElement(n, e, new Literal(0.0)); }
            else Emit(new Call(Kernel.Clear, new[] { KernelArg.Of(ArrayOf(n)), KernelArg.Of(IntExpr.Const(m)) }));
        }
        var (start, period, blocks) = entries.Count >= StraightGatherLimit && !inLocals ? Periodic(entries) : (entries.Count, 0, 0);
        for (int j = 0; j < start; j++) WriteElement(n, entries[j].Target, At(n.Inputs[entries[j].Input], entries[j].Element));
        if (blocks > 0)
        {
            var t = LoopVar("t");
            var y = ArrayOf(n);
            var body = new List<Stmt>();
            int targetShift = entries[start + period].Target - entries[start].Target, shift = entries[start + period].Element - entries[start].Element;
            for (int j = 0; j < period; j++)
            {
                var (target, input, k) = entries[start + j];
                body.Add(new Store(y, IntExpr.Add(IntExpr.Const(target), IntExpr.Mul(IntExpr.Of(t), IntExpr.Const(targetShift))),
                    new Load(ArrayOf(n.Inputs[input]), IntExpr.Add(IntExpr.Const(k), IntExpr.Mul(IntExpr.Of(t), IntExpr.Const(shift))))));
            }
            Emit(new Loop(t, IntExpr.Const(blocks), body));
        }
        for (int j = start + blocks * period; j < entries.Count; j++) WriteElement(n, entries[j].Target, At(n.Inputs[entries[j].Input], entries[j].Element));
    }

    /// <summary>Gathers of at least this many entries look for a period (shorter ones are all straight-line stores).</summary>
    private const int StraightGatherLimit = 256;

    /// <summary>
    /// The longest periodic run of a gather's entries: from <c>start</c>, <c>blocks</c> repetitions of
    /// <c>period</c> entries, each repetition writing a constant distance further and reading the same
    /// inputs a constant distance further. None (blocks = 0) when no run of periods up to 64 covers a
    /// quarter of the entries.
    /// </summary>
    private static (int Start, int Period, int Blocks) Periodic(List<(int Target, int Input, int Element)> entries)
    {
        int m = entries.Count;
        (int Start, int Period, int Blocks) best = (m, 0, 0);
        int covered = 0;
        for (int p = 1; p <= 64 && 2 * p <= m; p++)
            for (int s = 0; s < 2 * p && s + 2 * p <= m; s++)
            {
                int d = entries[s + p].Target - entries[s].Target, q = entries[s + p].Element - entries[s].Element;
                // Entries e and e + p agree (same input; target + d, index + q) for e from s on, as long as possible.
                int e = s;
                while (e + p < m && entries[e + p].Input == entries[e].Input && entries[e + p].Element == entries[e].Element + q
                       && entries[e + p].Target == entries[e].Target + d) e++;
                int blocks = (e - s) / p + 1; // the first period plus one per period that repeats it
                if (blocks * p > covered && blocks >= 4)
                {
                    covered = blocks * p;
                    best = (s, p, blocks);
                }
            }
        return 4 * covered >= m ? best : (m, 0, 0);
    }

    /// <summary>A static offset (every size of a tensor in locals is static).</summary>
    private static int StaticOffset(IntExpr at) => at.Constant ?? throw new InvalidOperationException("A tensor in locals has a symbolic offset.");

    /// <summary>
    /// A small static matmul, summing in index order. Up to <see cref="Schedule.UnrolledMatMulLimit"/>
    /// multiply-adds it is written out, <c>c[i,j] = 0.0 + a[i,0]·b[0,j] + a[i,1]·b[1,j] + …</c> (the
    /// 0.0 makes a sum of −0.0 products +0.0, as in the interpreter and the kernels); otherwise
    /// <code>for (i ..) for (j ..) { dot = 0; for (p ..) dot += A[i,p]·B[p,j]; C[i,j] = dot; }</code>
    /// </summary>
    private void LowerSmallMatMul(Node n, Node a, bool ta, Node b, bool tb)
    {
        int m = n.Shape[0].Size, k = n.Inputs[0].Shape[1].Size, cols = n.Shape[1].Size;
        if (m * cols * k <= Schedule.UnrolledMatMulLimit)
        {
            for (int r = 0; r < m; r++)
                for (int c = 0; c < cols; c++)
                {
                    ValueExpr value = new Literal(0.0);
                    for (int q = 0; q < k; q++)
                        value = new Apply(Ops.Add.Instance, new[] { value, new Apply(Mul.Instance, new[] { At(a, ta ? q * m + r : r * k + q), At(b, tb ? c * k + q : q * cols + c) }) });
                    WriteElement(n, r * cols + c, value);
                }
            return;
        }
        var (i, j, p, dot) = (LoopVar("i"), LoopVar("j"), LoopVar("p"), LoopVar("dot", VarKind.Element));
        static IntExpr Index(Var row, int rowStride, Var col) => IntExpr.Add(IntExpr.Mul(IntExpr.Of(row), IntExpr.Const(rowStride)), IntExpr.Of(col));
        var aIndex = ta ? Index(p, m, i) : Index(i, k, p);
        var bIndex = tb ? Index(j, k, p) : Index(p, cols, j);
        var (A, B, C) = (ArrayOf(a), ArrayOf(b), ArrayOf(n));
        var product = new Apply(Mul.Instance, new ValueExpr[] { new Load(A, aIndex), new Load(B, bIndex) });
        var cell = new List<Stmt>
        {
            new Declare(dot, new Literal(0.0)),
            new Loop(p, IntExpr.Const(k), new Stmt[] { new Accumulate(dot, product) }),
            new Store(C, Index(i, cols, j), new Read(dot)),
        };
        Emit(new Loop(i, IntExpr.Const(m), new Stmt[] { new Loop(j, IntExpr.Const(cols), cell) }));
    }

    private (Node node, bool transposed) Untransposed(Node x) =>
        _schedule.StorageOf(x).Kind == StorageKind.Virtual ? (x.Inputs[0], true) : (x, false);

    /// <summary>
    /// y summed down from x:
    /// <code>Clear(y, |y|); for (i0 ..) for (i1 .., f++) y[o] += x[f];</code> with o the offset of x's element in y.
    /// </summary>
    private void LowerSumTo(Node n)
    {
        var x = n.Inputs[0];
        if (n.Shape.IsScalar)
        {
            Emit(new Call(Kernel.SumAll, new[] { KernelArg.Of(ArrayOf(x)), KernelArg.Of(Count(x.Shape)) }, VarOf(n)));
            return;
        }
        var y = ArrayOf(n);
        var strides = BroadcastStrides(n.Shape, x.Shape);
        Emit(new Call(Kernel.Clear, new[] { KernelArg.Of(y), KernelArg.Of(Count(n.Shape)) }));
        Nest(x.Shape, (f, index) => Emit(new Store(y, Offset(index, strides), new Load(ArrayOf(x), f), IsAccumulating: true)));
    }

    /// <summary>A materialized transpose: <code>for (i0 ..) for (i1 .., f++) y[f] = x[o];</code> with o the permuted offset.</summary>
    private void LowerTranspose(Node n, Transpose tr)
    {
        var x = n.Inputs[0];
        var strides = tr.Permutation.Select(p => (IntExpr?)Product(x.Shape, p + 1, x.Rank)).ToArray();
        var y = ArrayOf(n);
        Nest(n.Shape, (f, index) => Emit(new Store(y, f, new Load(ArrayOf(x), Offset(index, strides)))));
    }
}
