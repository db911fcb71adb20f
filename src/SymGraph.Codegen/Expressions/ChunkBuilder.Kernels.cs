using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

// Non-element-wise ops: calls into SymGraph.Runtime.Kernels, copies and strided loops.
internal sealed partial class ChunkBuilder<T>
{
    private void LowerKernel(Node n)
    {
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
                _body.Add(Call(nameof(Runtime.Kernels.MatMul), Array(a), Array(b), Array(n),
                    Dim(n.Shape[0]), Dim(n.Inputs[0].Shape[1]), Dim(n.Shape[1]), Expression.Constant(ta), Expression.Constant(tb)));
                break;
            }
            case Reduction r:
            {
                var x = n.Inputs[0];
                bool max = r is Max;
                if (n.Shape.IsScalar)
                    Assign(n, Call(max ? nameof(Runtime.Kernels.MaxAll) : nameof(Runtime.Kernels.SumAll), Array(x), Count(x.Shape)));
                else
                    _body.Add(Call(max ? nameof(Runtime.Kernels.MaxAxis) : nameof(Runtime.Kernels.SumAxis), Array(x), Array(n),
                        Product(x.Shape, 0, r.Axis!.Value), Dim(x.Shape[r.Axis.Value]), Product(x.Shape, r.Axis.Value + 1, x.Rank)));
                break;
            }
            case AxisNormalization norm:
            {
                var x = n.Inputs[0];
                int mode = norm switch { Softmax => 0, LogSoftmax => 1, LogSumExp => 2, _ => throw new InvalidOperationException(norm.Name) };
                var args = new[] { Product(x.Shape, 0, norm.Axis), Dim(x.Shape[norm.Axis]), Product(x.Shape, norm.Axis + 1, x.Rank) };
                if (n.Shape.IsScalar)
                    Assign(n, Call(nameof(Runtime.Kernels.LogSumExpAll), Array(x), args[1]));
                else
                    _body.Add(Call(nameof(Runtime.Kernels.Normalize), Array(x), Array(n), args[0], args[1], args[2], Expression.Constant(mode)));
                break;
            }
            case RowLoss loss:
            {
                var (a, t) = (n.Inputs[0], n.Inputs[1]);
                var logits = Expression.Constant(loss is CrossEntropyLogits);
                var width = Dim(a.Shape[a.Rank - 1]);
                if (n.Shape.IsScalar)
                    Assign(n, Call(nameof(Runtime.Kernels.CrossEntropyRow), Array(a), Array(t), width, logits));
                else
                    _body.Add(Call(nameof(Runtime.Kernels.CrossEntropy), Array(a), Array(t), Array(n), Product(a.Shape, 0, a.Rank - 1), width, logits));
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
                _body.Add(Call(nameof(Runtime.Kernels.Copy), Array(x), Scale(s.Start, inner), Array(n), Expression.Constant(0), Scale(s.Stop - s.Start, inner)));
                break;
            }
            case Concat:
                LowerConcat(n);
                break;
            case Ops.Reshape:
            {
                var x = n.Inputs[0];
                if (n.Shape.IsScalar) Assign(n, At(x, 0));
                else if (x.Shape.IsScalar && IsPromoted(n)) WriteElement(n, 0, Scalar(x));
                else if (x.Shape.IsScalar) _body.Add(Expression.Assign(Expression.ArrayAccess(Array(n), Expression.Constant(0)), Scalar(x)));
                // tensor → tensor: an alias of the input's storage, nothing to do.
                break;
            }
            case DimSize size:
            {
                Expression product = Expression.Constant(1.0);
                foreach (var d in size.Dims) product = Expression.Multiply(product, Expression.Convert(Dim(d), typeof(double)));
                Assign(n, Elem == typeof(double) ? product : Expression.Convert(product, Elem));
                break;
            }
            default:
                throw new InvalidOperationException($"The Expression backend has no kernel lowering for '{n.Op.Name}'.");
        }
    }

    /// <summary>
    /// Copies each part into place. Scalars stacked into the result are stored directly, and a run of
    /// the same constant (the zeros of a sparse Hessian) becomes one fill:
    /// <code>Copy(part0, 0, y, 0, n0); y[n0] = s; Fill(y, 0.0, n0 + 1, 97); ...</code>
    /// </summary>
    private void LowerConcat(Node n)
    {
        Expression at = Expression.Constant(0);
        bool local = IsPromoted(n);
        foreach (var piece in _schedule.ConcatPieces(n))
        {
            Expression count;
            if (piece.Copied is null && piece.Fill is null) // already holds the background fill
            {
                count = Expression.Constant(piece.Count);
            }
            else if (piece.Fill is { } fill && local)
            {
                // A result in locals names its fill value and its parts' elements (copied if they may change).
                for (int r = 0; r < piece.Count; r++) WriteElement(n, (int)((ConstantExpression)at).Value! + r, Scalar(fill));
                count = Expression.Constant(piece.Count);
            }
            else if (piece.Copied is { } part && (local || IsPromoted(part)))
            {
                int elements = part.Shape.ElementCount;
                for (int e = 0; e < elements; e++)
                {
                    if (!local) _body.Add(Expression.Assign(Expression.ArrayAccess(Array(n), Offset(at, Expression.Constant(e))), At(part, e)));
                    else if (IsPromoted(part)) AliasElement(n, (int)((ConstantExpression)at).Value! + e, At(part, e));
                    else WriteElement(n, (int)((ConstantExpression)at).Value! + e, At(part, e));
                }
                count = Expression.Constant(elements);
            }
            else if (piece.Fill is { } scalar)
            {
                if (piece.Count > 2)
                    _body.Add(Call(nameof(Runtime.Kernels.Fill), Array(n), Scalar(scalar), at, Expression.Constant(piece.Count)));
                else
                    for (int r = 0; r < piece.Count; r++)
                        _body.Add(Expression.Assign(Expression.ArrayAccess(Array(n), Offset(at, Expression.Constant(r))), Scalar(scalar)));
                count = Expression.Constant(piece.Count);
            }
            else
            {
                count = Count(piece.Copied!.Shape);
                _body.Add(Call(nameof(Runtime.Kernels.Copy), Array(piece.Copied), Expression.Constant(0), Array(n), at, count));
            }
            if (!piece.IsBackground) at = Offset(at, count);
        }
    }

    private static Expression Offset(Expression at, Expression count) =>
        at is ConstantExpression { Value: int a } && count is ConstantExpression { Value: int c } ? Expression.Constant(a + c)
        : count is ConstantExpression { Value: 0 } ? at
        : at is ConstantExpression { Value: 0 } ? count
        : Expression.Add(at, count);

    /// <summary>
    /// A small static matmul as inline loops, summing in index order (written out with no loops when
    /// it has at most <see cref="Schedule.UnrolledMatMulLimit"/> multiply-adds):
    /// <code>for (i ..) for (j ..) { s = 0; for (p ..) s += A[i,p]·B[p,j]; C[i,j] = s; }</code>
    /// </summary>
    private void LowerSmallMatMul(Node n, Node a, bool ta, Node b, bool tb)
    {
        int m = n.Shape[0].Size, k = n.Inputs[0].Shape[1].Size, cols = n.Shape[1].Size;
        if (m * cols * k <= Schedule.UnrolledMatMulLimit)
        {
            // Written out: c[i,j] = 0.0 + a[i,0]·b[0,j] + a[i,1]·b[1,j] + … (the loop's order). The 0.0
            // is not redundant: a sum of −0.0 products is +0.0, as in the interpreter and the kernels.
            for (int r = 0; r < m; r++)
                for (int c = 0; c < cols; c++)
                {
                    Expression value = Constant(0.0);
                    for (int q = 0; q < k; q++)
                        value = Expression.Add(value, Expression.Multiply(At(a, ta ? q * m + r : r * k + q), At(b, tb ? c * k + q : q * cols + c)));
                    WriteElement(n, r * cols + c, value);
                }
            return;
        }
        var (A, B, C) = (Array(a), Array(b), Array(n));
        var (i, j, p) = (Local(typeof(int), "i"), Local(typeof(int), "j"), Local(typeof(int), "p"));
        var sum = Local(Elem, "dot");
        Expression Index(Expression row, int rowStride, Expression col, int colStride) =>
            Expression.Add(Expression.Multiply(row, Expression.Constant(rowStride)), Expression.Multiply(col, Expression.Constant(colStride)));
        var aIndex = ta ? Index(p, m, i, 1) : Index(i, k, p, 1);
        var bIndex = tb ? Index(j, k, p, 1) : Index(p, cols, j, 1);
        var inner = For(p, Expression.Constant(k),
            Expression.AddAssign(sum, Expression.Multiply(Expression.ArrayIndex(A, aIndex), Expression.ArrayIndex(B, bIndex))));
        var cell = Expression.Block(
            Expression.Assign(sum, Constant(0.0)),
            inner,
            Expression.Assign(Expression.ArrayAccess(C, Index(i, cols, j, 1)), sum));
        _body.Add(For(i, Expression.Constant(m), For(j, Expression.Constant(cols), cell)));
    }

    private (Node node, bool transposed) Untransposed(Node x) =>
        _schedule.StorageOf(x).Kind == StorageKind.Virtual ? (x.Inputs[0], true) : (x, false);

    private static Expression Scale(int factor, Expression inner) =>
        factor == 0 ? Expression.Constant(0)
        : inner is ConstantExpression { Value: int v } ? Expression.Constant(factor * v)
        : factor == 1 ? inner : Expression.Multiply(Expression.Constant(factor), inner);

    /// <summary>y = 0; for each element f of x: y[o] += x[f], o the broadcast offset of f in y.</summary>
    private void LowerSumTo(Node n)
    {
        var x = n.Inputs[0];
        if (n.Shape.IsScalar)
        {
            Assign(n, Call(nameof(Runtime.Kernels.SumAll), Array(x), Count(x.Shape)));
            return;
        }
        var y = Array(n);
        _body.Add(Call(nameof(Runtime.Kernels.Clear), y, Count(n.Shape)));
        var f = Local(typeof(int), "f");
        var target = new StridedSource(Local(typeof(int), "o"), BroadcastStrides(n.Shape, x.Shape));
        var element = Expression.ArrayAccess(y, target.Offset);
        _body.Add(Nest(x.Shape, f, new[] { target }, Expression.AddAssign(element, Expression.ArrayIndex(Array(x), f))));
    }

    /// <summary>for each element f of y: y[f] = x[o], o the permuted offset.</summary>
    private void LowerTranspose(Node n, Transpose tr)
    {
        var x = n.Inputs[0];
        var strides = tr.Permutation.Select(p => (Expression?)Product(x.Shape, p + 1, x.Rank)).ToArray();
        var f = Local(typeof(int), "f");
        var source = new StridedSource(Local(typeof(int), "o"), strides);
        _body.Add(Nest(n.Shape, f, new[] { source },
            Expression.Assign(Expression.ArrayAccess(Array(n), f), Expression.ArrayIndex(Array(x), source.Offset))));
    }
}
