using System;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

// Non-element-wise ops: calls into SymGraph.Runtime.Kernels, array copies and strided loops. The
// same lowering as the Expression backend's ChunkBuilder.Kernels, as text.
internal sealed partial class MethodWriter
{
    private void RenderKernel(Node n)
    {
        if (_schedule.StorageOf(n).Kind == StorageKind.Buffer || IsAlias(n)) DeclareArray(n);
        switch (n.Op)
        {
            case MatMul:
            {
                // C = op(A)·op(B): a transpose that only feeds matmuls is read in place (Aᵀ·B, A·Bᵀ).
                var (a, ta) = Untransposed(n.Inputs[0]);
                var (b, tb) = Untransposed(n.Inputs[1]);
                if (Schedule.IsInlineMatMul(n))
                {
                    RenderSmallMatMul(n, a, ta, b, tb);
                    break;
                }
                Kernel($"MatMul({Array(a)}, {Array(b)}, {Array(n)}, {Dim(n.Shape[0])}, {Dim(n.Inputs[0].Shape[1])}, {Dim(n.Shape[1])}, transposeA: {Literals.Bool(ta)}, transposeB: {Literals.Bool(tb)});");
                break;
            }
            case Reduction r:
            {
                var x = n.Inputs[0];
                bool max = r is Max;
                if (n.Shape.IsScalar)
                    AssignKernel(n, $"{(max ? "MaxAll" : "SumAll")}({Array(x)}, {Count(x.Shape)})");
                else
                    Kernel($"{(max ? "MaxAxis" : "SumAxis")}({Array(x)}, {Array(n)}, {Product(x.Shape, 0, r.Axis!.Value)}, {Dim(x.Shape[r.Axis.Value])}, {Product(x.Shape, r.Axis.Value + 1, x.Rank)});");
                break;
            }
            case AxisNormalization norm:
            {
                var x = n.Inputs[0];
                int mode = norm switch { Softmax => 0, LogSoftmax => 1, LogSumExp => 2, _ => throw new InvalidOperationException($"Unexpected normalization '{norm.Name}'.") };
                if (n.Shape.IsScalar)
                    AssignKernel(n, $"LogSumExpAll({Array(x)}, {Dim(x.Shape[norm.Axis])})");
                else
                    Kernel($"Normalize({Array(x)}, {Array(n)}, {Product(x.Shape, 0, norm.Axis)}, {Dim(x.Shape[norm.Axis])}, {Product(x.Shape, norm.Axis + 1, x.Rank)}, mode: {Literals.Int(mode)}); // {norm.Name}");
                break;
            }
            case RowLoss loss:
            {
                var (a, t) = (n.Inputs[0], n.Inputs[1]);
                string logits = Literals.Bool(loss is CrossEntropyLogits);
                var width = Dim(a.Shape[a.Rank - 1]);
                if (n.Shape.IsScalar)
                    AssignKernel(n, $"CrossEntropyRow({Array(a)}, {Array(t)}, {width}, logits: {logits})");
                else
                    Kernel($"CrossEntropy({Array(a)}, {Array(t)}, {Array(n)}, {Product(a.Shape, 0, a.Rank - 1)}, {width}, logits: {logits});");
                break;
            }
            case SumTo:
                RenderSumTo(n);
                break;
            case Transpose tr:
                RenderTranspose(n, tr);
                break;
            case Slice s:
            {
                var x = n.Inputs[0];
                var inner = Product(x.Shape, 1, x.Rank);
                _w.Line($"global::System.Array.Copy({Array(x)}, {Scale(s.Start, inner)}, {Array(n)}, 0, {Scale(s.Stop - s.Start, inner)});");
                break;
            }
            case Concat:
                RenderConcat(n);
                break;
            case Ops.Reshape:
            {
                var x = n.Inputs[0];
                if (n.Shape.IsScalar) _w.Line($"{_t} {_names[n]} = {At(x, 0)};");
                else if (x.Shape.IsScalar && IsPromoted(n)) AliasElement(n, 0, Scalar(x));
                else if (x.Shape.IsScalar) _w.Line($"{Array(n)}[0] = {Scalar(x)};");
                // tensor → tensor: an alias of the input's array, declared above.
                break;
            }
            case DimSize size:
            {
                // The Expression backend multiplies 1.0 by each size converted to double: exact, as here.
                var product = string.Join(" * ", size.Dims.Select(d => d.IsStatic ? Literals.Number(d.Size, DType.Float64) : "(double)" + Dim(d)));
                if (size.Dims.Count == 0) product = "1.0";
                _w.Line($"{_t} {_names[n]} = {(_schedule.DType == DType.Float64 ? product : "(float)(" + product + ")")};");
                break;
            }
            default:
                throw new InvalidOperationException($"The C# backend has no kernel lowering for '{n.Op.Name}'.");
        }
    }

    /// <summary>
    /// Copies each part into place. A scalar reshaped or broadcast into the result (a virtual part) is
    /// stored directly, and a run of such parts of more than two elements (the zeros of a sparse Hessian)
    /// becomes one fill, as in the Expression backend:
    /// <code>Array.Copy(part0, 0, y, 0, n0); y[n0] = s; Kernels.Fill(y, 0.0, n0 + 1, 97); ...</code>
    /// A result or part in locals is copied element by element, and a result in locals only names its
    /// parts' elements (they are never overwritten) and the fill value: no statement at all.
    /// </summary>
    private void RenderConcat(Node n)
    {
        string at = "0";
        bool local = IsPromoted(n);
        var y = local ? "" : Array(n);
        foreach (var piece in _schedule.ConcatPieces(n))
        {
            string count;
            if (piece.Copied is null && piece.Fill is null) // already holds the background fill
            {
                count = Literals.Int(piece.Count);
            }
            else if (piece.Fill is { } scalar)
            {
                if (local)
                    for (int r = 0; r < piece.Count; r++) AliasElement(n, Offset(at) + r, Scalar(scalar));
                else if (piece.Count > 2)
                    Kernel($"Fill({y}, {Scalar(scalar)}, {at}, {Literals.Int(piece.Count)});");
                else
                    for (int r = 0; r < piece.Count; r++) _w.Line($"{y}[{Plus(at, Literals.Int(r))}] = {Scalar(scalar)};");
                count = Literals.Int(piece.Count);
            }
            else if (local || IsPromoted(piece.Copied!))
            {
                var part = piece.Copied!;
                int elements = part.Shape.ElementCount;
                for (int e = 0; e < elements; e++)
                {
                    if (!local) _w.Line($"{y}[{Plus(at, Literals.Int(e))}] = {At(part, e)};");
                    else if (IsPromoted(part)) AliasElement(n, Offset(at) + e, At(part, e));
                    else WriteElement(n, Offset(at) + e, At(part, e));
                }
                count = Literals.Int(elements);
            }
            else
            {
                count = Count(piece.Copied!.Shape);
                _w.Line($"global::System.Array.Copy({Array(piece.Copied)}, 0, {y}, {at}, {count});");
            }
            if (!piece.IsBackground) at = Plus(at, count);
        }
    }

    /// <summary>A static offset (every size of a tensor in locals is static).</summary>
    private static int Offset(string at) => int.Parse(at, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>a + b for int expressions, folded when both are literals.</summary>
    private static string Plus(string a, string b)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var integer = System.Globalization.NumberStyles.None;
        if (int.TryParse(a, integer, invariant, out int x) && int.TryParse(b, integer, invariant, out int z)) return Literals.Int(x + z);
        return a == "0" ? b : b == "0" ? a : $"{a} + {b}";
    }

    /// <summary>
    /// A small static matmul as inline loops, summing in index order:
    /// <code>for (i ..) for (j ..) { dot = 0; for (p ..) dot += A[i,p]·B[p,j]; C[i,j] = dot; }</code>
    /// </summary>
    private void RenderSmallMatMul(Node n, Node a, bool ta, Node b, bool tb)
    {
        int m = n.Shape[0].Size, k = n.Inputs[0].Shape[1].Size, cols = n.Shape[1].Size;
        var (i, j, p, dot) = (LoopName("i"), LoopName("j"), LoopName("p"), LoopName("dot"));
        static string Index(string row, int rowStride, string col) => rowStride == 0 ? col : $"{row} * {Literals.Int(rowStride)} + {col}";
        if (m * cols * k <= Schedule.UnrolledMatMulLimit)
        {
            // Written out: c[i,j] = 0.0 + a[i,0]·b[0,j] + a[i,1]·b[1,j] + … (the loop's order; the 0.0 makes
            // a sum of −0.0 products +0.0, as in the interpreter and the kernels).
            for (int r = 0; r < m; r++)
                for (int c = 0; c < cols; c++)
                {
                    var terms = Enumerable.Range(0, k).Select(q => $"{At(a, ta ? q * m + r : r * k + q)} * {At(b, tb ? c * k + q : q * cols + c)}");
                    WriteElement(n, r * cols + c, k == 0 ? Zero : Zero + " + " + string.Join(" + ", terms));
                }
            return;
        }
        var aIndex = ta ? Index(p, m, i) : Index(i, k, p);
        var bIndex = tb ? Index(j, k, p) : Index(p, cols, j);
        _w.Line($"for (int {i} = 0; {i} < {Literals.Int(m)}; {i}++)").Open();
        _w.Line($"for (int {j} = 0; {j} < {Literals.Int(cols)}; {j}++)").Open();
        _w.Line($"{_t} {dot} = {Zero};");
        _w.Line($"for (int {p} = 0; {p} < {Literals.Int(k)}; {p}++) {dot} += {Array(a)}[{aIndex}] * {Array(b)}[{bIndex}];");
        _w.Line($"{Array(n)}[{Index(i, cols, j)}] = {dot};");
        _w.Close().Close();
    }

    private void Kernel(string call)
    {
        _class.UsesRuntime = true;
        _w.Line($"{Kernels}.{call}");
    }

    private void AssignKernel(Node n, string call)
    {
        _class.UsesRuntime = true;
        _w.Line($"{_t} {_names[n]} = {Kernels}.{call};");
    }

    private (Node node, bool transposed) Untransposed(Node x) =>
        _schedule.StorageOf(x).Kind == StorageKind.Virtual ? (x.Inputs[0], true) : (x, false);

    private static string Scale(int factor, string inner) =>
        factor == 0 ? "0"
        : int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) ? Literals.Int(factor * v)
        : factor == 1 ? inner : $"{Literals.Int(factor)} * {inner}";

    /// <summary>
    /// y summed down from x:
    /// <code>Array.Clear(y, 0, |y|); for (i0 ..) for (i1 .., f++) y[o] += x[f];</code> with o the offset of x's element in y.
    /// </summary>
    private void RenderSumTo(Node n)
    {
        var x = n.Inputs[0];
        if (n.Shape.IsScalar)
        {
            AssignKernel(n, $"SumAll({Array(x)}, {Count(x.Shape)})");
            return;
        }
        var y = Array(n);
        var strides = BroadcastStrides(n.Shape, x.Shape);
        _w.Line($"global::System.Array.Clear({y}, 0, {Count(n.Shape)});");
        Nest(x.Shape, (f, index) => _w.Line($"{y}[{Offset(index, strides)}] += {Array(x)}[{f}];"));
    }

    /// <summary>A materialized transpose: <code>for (i0 ..) for (i1 .., f++) y[f] = x[o];</code> with o the permuted offset.</summary>
    private void RenderTranspose(Node n, Transpose tr)
    {
        var x = n.Inputs[0];
        var strides = tr.Permutation.Select(p => (string?)Product(x.Shape, p + 1, x.Rank)).ToArray();
        var y = Array(n);
        Nest(n.Shape, (f, index) => _w.Line($"{y}[{f}] = {Array(x)}[{Offset(index, strides)}];"));
    }
}
