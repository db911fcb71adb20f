using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

// Element-wise ops: the C# expression of each op over already-evaluated operands, and fused loops.
internal sealed partial class MethodWriter
{
    /// <summary>
    /// The lowering table of element-wise ops, one entry per op. Operands are atomic (names, array
    /// elements, literals with negatives parenthesized), so no entry needs parentheses. The semantics
    /// are the Expression backend's: System.Math (MathF for f32) or the ScalarMath copies in <see cref="Helpers"/>.
    /// </summary>
    private string Elementwise(Node n, string[] x) => n.Op switch
    {
        Neg => "-" + x[0],
        Exp => MathCall("Exp", x),
        Log => MathCall("Log", x),
        Sqrt => MathCall("Sqrt", x),
        Abs => MathCall("Abs", x),
        Sign => HelperCall(Helper.Sign, x),
        Sin => MathCall("Sin", x),
        Cos => MathCall("Cos", x),
        Tan => MathCall("Tan", x),
        Tanh => MathCall("Tanh", x),
        Sigmoid => HelperCall(Helper.Sigmoid, x),
        Relu => HelperCall(Helper.Relu, x),
        Softplus => HelperCall(Helper.Softplus, x),
        Square => $"{x[0]} * {x[0]}",
        Add => $"{x[0]} + {x[1]}",
        Sub => $"{x[0]} - {x[1]}",
        Mul => $"{x[0]} * {x[1]}",
        Div => $"{x[0]} / {x[1]}",
        Pow => MathCall("Pow", x),
        Maximum => HelperCall(Helper.Maximum, x),
        Minimum => HelperCall(Helper.Minimum, x),
        Comparison c => SelfComparison(x) + $"{x[0]} {Operator(c)} {x[1]} ? {One} : {Zero}",
        Where => $"{x[0]} != {Zero} ? {x[1]} : {x[2]}",
        // A reduction of a scalar is the scalar itself.
        Sum or Max when n.Inputs[0].Shape.IsScalar => x[0],
        _ => throw new InvalidOperationException($"The C# backend has no element-wise lowering for '{n.Op.Name}'."),
    };

    /// <summary>Notes a comparison whose operands are the same text (the next statement gets the CS1718 pragma); returns "".</summary>
    private string SelfComparison(string[] x)
    {
        if (x[0] == x[1]) _selfComparison = true;
        return "";
    }

    private string One => Literals.Number(1.0, _schedule.DType);

    private string Zero => Literals.Number(0.0, _schedule.DType);

    private static string Operator(Comparison c)
    {
        if (ReferenceEquals(c, Comparison.Less)) return "<";
        if (ReferenceEquals(c, Comparison.LessEqual)) return "<=";
        if (ReferenceEquals(c, Comparison.Greater)) return ">";
        if (ReferenceEquals(c, Comparison.GreaterEqual)) return ">=";
        if (ReferenceEquals(c, Comparison.Equal)) return "==";
        if (ReferenceEquals(c, Comparison.NotEqual)) return "!=";
        throw new InvalidOperationException($"Unexpected comparison '{c.Name}'.");
    }

    private string MathCall(string name, string[] x) => $"{Literals.MathClass(_schedule.DType)}.{name}({string.Join(", ", x)})";

    private string HelperCall(Helper helper, string[] x)
    {
        Use(helper);
        return $"{helper}({string.Join(", ", x)})";
    }

    /// <summary>
    /// A fusion region. Without broadcast reads, one flat loop:
    /// <code>for (int i = 0; i &lt; N; i++) { double t1 = op(a[i]); out[i] = op(t1, b[i]); }</code>
    /// With them, one loop per axis and the flat index f alongside:
    /// <code>for (int i0 = 0, f = 0; i0 &lt; M; i0++) { for (int i1 = 0; i1 &lt; N; i1++, f++) { double t1 = b[i1]; out[f] = a[f] + t1; } }</code>
    /// </summary>
    private void RenderLoop(LoopStep loop)
    {
        foreach (var n in loop.Nodes)
            if (_schedule.StorageOf(n).Kind == StorageKind.Buffer) DeclareArray(n);
        // Σ over all elements: the sum's own local is the accumulator, added to in row-major order
        // (the interpreter's order).
        foreach (var sum in loop.Reductions)
        {
            Comment(sum);
            _w.Line($"{_t} {_names[sum]} = {Zero};");
        }
        var shape = loop.Shape;
        if (Unrolls(loop))
        {
            // Written out element by element: promoted tensors are locals (see MethodWriter.Promotion).
            for (int k = 0; k < shape.ElementCount; k++) LoopBody(loop, Literals.Int(k), null, k);
        }
        else if (!loop.HasStridedReads)
        {
            var i = LoopName("i");
            _w.Line($"for (int {i} = 0; {i} < {Count(shape)}; {i}++)");
            _w.Open();
            LoopBody(loop, i, null);
            _w.Close();
        }
        else
        {
            Nest(shape, (f, index) => LoopBody(loop, f, index));
        }
    }

    /// <summary>One element of a loop: at flat index <paramref name="f"/>, or at constant index <paramref name="unrolled"/> when written out.</summary>
    private void LoopBody(LoopStep loop, string f, string[]? index, int? unrolled = null)
    {
        var elements = new Dictionary<Node, string>();
        // A broadcast, in the loop or a virtual view read by it: the scalar, or x at a strided offset.
        string ReadBroadcast(Node b)
        {
            var x = b.Inputs[0];
            return x.Shape.IsScalar ? Scalar(x) : $"{Array(x)}[{Offset(index!, BroadcastStrides(x.Shape, loop.Shape))}]";
        }
        foreach (var n in loop.Nodes)
        {
            string value;
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
                elements[n] = $"{Array(n)}[{f}]";
                Statement(n, $"{elements[n]} = {value};");
            }
            else
            {
                elements[n] = unrolled is int u ? ElementLocal(n, u) : _names[n];
                if (unrolled is not null) CountElementLocal();
                Statement(n, $"{_t} {elements[n]} = {value};");
            }
        }
        foreach (var sum in loop.Reductions) _w.Line($"{_names[sum]} += {elements[sum.Inputs[0]]};");
    }

    /// <summary>Element <paramref name="f"/> of stored tensor <paramref name="n"/>; a virtual slice reads its input at an offset.</summary>
    private string Element(Node n, string f)
    {
        if (n.Op is Slice s && _schedule.StorageOf(n).Kind == StorageKind.Virtual)
        {
            var x = n.Inputs[0];
            var offset = Scale(s.Start, Product(x.Shape, 1, x.Rank));
            return $"{Array(x)}[{Plus(f, offset)}]";
        }
        return $"{Array(n)}[{f}]";
    }

    /// <summary>Row-major strides of <paramref name="source"/> read as broadcast to <paramref name="target"/> (null along stretched axes).</summary>
    private string?[] BroadcastStrides(Shape source, Shape target)
    {
        var strides = new string?[target.Rank];
        int offset = target.Rank - source.Rank;
        for (int k = offset; k < target.Rank; k++)
        {
            int sk = k - offset;
            if (!source[sk].IsOne) strides[k] = Product(source, sk + 1, source.Rank);
        }
        return strides;
    }

    /// <summary>Σₖ index[k]·strides[k] (axes with a null stride are skipped).</summary>
    private static string Offset(string[] index, string?[] strides)
    {
        var terms = new List<string>();
        for (int k = 0; k < index.Length; k++)
        {
            if (strides[k] is not { } stride) continue;
            terms.Add(stride == "1" ? index[k] : $"{index[k]} * {Parenthesized(stride)}");
        }
        return terms.Count == 0 ? "0" : string.Join(" + ", terms);
    }

    /// <summary>
    /// Loops over every element of <paramref name="shape"/> in row-major order, one loop per axis, with
    /// the flat index f counted in the innermost loop; <paramref name="body"/> gets f and the indices.
    /// </summary>
    private void Nest(Shape shape, Action<string, string[]> body)
    {
        int r = shape.Rank;
        var index = Enumerable.Range(0, r).Select(k => LoopName("i" + Literals.Int(k))).ToArray();
        var f = LoopName("f");
        for (int k = 0; k < r; k++)
        {
            string init = k == 0 ? $"int {index[k]} = 0, {f} = 0" : $"int {index[k]} = 0";
            string step = k == r - 1 ? $"{index[k]}++, {f}++" : $"{index[k]}++";
            _w.Line($"for ({init}; {index[k]} < {Dim(shape[k])}; {step})");
            _w.Open();
        }
        body(f, index);
        for (int k = 0; k < r; k++) _w.Close();
    }
}
