using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;
using SymGraph.Runtime;

namespace SymGraph.Codegen.Expressions;

// Element-wise ops: the per-element expression of each op, and fused loops over a region.
internal sealed partial class ChunkBuilder<T>
{
    /// <summary>The lowering table of element-wise ops: one entry per op, operands already evaluated.</summary>
    private static Expression Elementwise(Node n, Expression[] x) => n.Op switch
    {
        Neg => Expression.Negate(x[0]),
        Exp => MathCall("Exp", x),
        Log => MathCall("Log", x),
        Sqrt => MathCall("Sqrt", x),
        Abs => MathCall("Abs", x),
        Sign => Helper(nameof(ScalarMath.Sign), x),
        Sin => MathCall("Sin", x),
        Cos => MathCall("Cos", x),
        Tan => MathCall("Tan", x),
        Tanh => MathCall("Tanh", x),
        Sigmoid => Helper(nameof(ScalarMath.Sigmoid), x),
        Relu => Helper(nameof(ScalarMath.Relu), x),
        Softplus => Helper(nameof(ScalarMath.Softplus), x),
        Square => Expression.Multiply(x[0], x[0]),
        Add => Expression.Add(x[0], x[1]),
        Sub => Expression.Subtract(x[0], x[1]),
        Mul => Expression.Multiply(x[0], x[1]),
        Div => Expression.Divide(x[0], x[1]),
        Pow => MathCall("Pow", x),
        Maximum => Helper(nameof(ScalarMath.Maximum), x),
        Minimum => Helper(nameof(ScalarMath.Minimum), x),
        Comparison c => Expression.Condition(Compare(c, x[0], x[1]), Constant(1.0), Constant(0.0)),
        Where => Expression.Condition(Expression.NotEqual(x[0], Constant(0.0)), x[1], x[2]),
        // A reduction of a scalar is the scalar itself.
        Sum or Max when n.Inputs[0].Shape.IsScalar => x[0],
        _ => throw new InvalidOperationException($"The Expression backend has no element-wise lowering for '{n.Op.Name}'."),
    };

    private static Expression Compare(Comparison c, Expression a, Expression b)
    {
        if (ReferenceEquals(c, Comparison.Less)) return Expression.LessThan(a, b);
        if (ReferenceEquals(c, Comparison.LessEqual)) return Expression.LessThanOrEqual(a, b);
        if (ReferenceEquals(c, Comparison.Greater)) return Expression.GreaterThan(a, b);
        if (ReferenceEquals(c, Comparison.GreaterEqual)) return Expression.GreaterThanOrEqual(a, b);
        if (ReferenceEquals(c, Comparison.Equal)) return Expression.Equal(a, b);
        if (ReferenceEquals(c, Comparison.NotEqual)) return Expression.NotEqual(a, b);
        throw new InvalidOperationException($"Unexpected comparison '{c.Name}'.");
    }

    private static Expression MathCall(string name, Expression[] x)
    {
        var type = Elem == typeof(double) ? typeof(Math) : typeof(MathF);
        var m = type.GetMethod(name, x.Select(_ => Elem).ToArray()) ?? throw new InvalidOperationException($"{type.Name}.{name} not found.");
        return Expression.Call(m, x);
    }

    private static Expression Helper(string name, Expression[] x)
    {
        var m = typeof(ScalarMath).GetMethod(name, x.Select(_ => Elem).ToArray()) ?? throw new InvalidOperationException($"ScalarMath.{name} not found.");
        return Expression.Call(m, x);
    }

    /// <summary>
    /// A fusion region. Without broadcast reads:
    /// <code>for (f = 0; f &lt; N; f++) { t1 = op(a[f]); t2 = op(t1, b[f]); out[f] = t2; }</code>
    /// With them, one loop per axis and an offset per broadcast source:
    /// <code>for (i0 ..) { p = i0·s0; for (i1 ..) { o = p + i1·s1; t1 = x[o] + y[f]; ...; f++ } }</code>
    /// </summary>
    private void LowerLoop(LoopStep loop)
    {
        if (_schedule.Unrolls(loop, _promoted.Contains))
        {
            LowerUnrolled(loop);
            return;
        }
        var shape = loop.Shape;
        var f = Local(typeof(int), "f");
        var sources = new List<StridedSource>();
        var temps = new Dictionary<Node, Expression>();
        var body = new List<Expression>();
        var broadcastReads = new Dictionary<Node, Expression>();
        // A broadcast, in the loop or a virtual view read by it: the scalar, or x at a strided offset.
        Expression ReadBroadcast(Node b)
        {
            if (broadcastReads.TryGetValue(b, out var read)) return read;
            var x = b.Inputs[0];
            if (x.Shape.IsScalar) read = Scalar(x);
            else
            {
                var source = new StridedSource(Local(typeof(int), "o"), BroadcastStrides(x.Shape, shape));
                sources.Add(source);
                read = Expression.ArrayIndex(Array(x), source.Offset);
            }
            return broadcastReads[b] = read;
        }
        Expression Read(Node i) =>
            i.Op is Broadcast && _schedule.StorageOf(i).Kind == StorageKind.Virtual ? ReadBroadcast(i) : Element(i, f);

        foreach (var n in loop.Nodes)
        {
            Expression value;
            if (n.Op is Broadcast)
            {
                value = ReadBroadcast(n);
            }
            else
            {
                var operands = n.Inputs.Select(i => temps.TryGetValue(i, out var t) ? t : Read(i)).ToArray();
                value = Elementwise(n, operands);
            }
            var temp = Local(Elem, "t" + n.Id);
            body.Add(Expression.Assign(temp, value));
            temps[n] = temp;
            if (loop.Materialized.Contains(n)) body.Add(Expression.Assign(Expression.ArrayAccess(Array(n), f), temp));
        }
        // Σ over all elements: a local accumulator, added to in row-major order (the interpreter's order).
        var accumulators = new List<(Node sum, ParameterExpression acc)>();
        foreach (var sum in loop.Reductions)
        {
            var acc = Local(Elem, "sum" + sum.Id);
            _body.Add(Expression.Assign(acc, Constant(0.0)));
            body.Add(Expression.AddAssign(acc, temps[sum.Inputs[0]]));
            accumulators.Add((sum, acc));
        }
        if (sources.Count == 0)
            _body.Add(For(f, Count(shape), Expression.Block(body)));
        else
            _body.Add(Nest(shape, f, sources, Expression.Block(body)));
        foreach (var (sum, acc) in accumulators) Assign(sum, acc);
    }

    /// <summary>
    /// A small loop written out element by element, so the tensors in locals it reads and writes are
    /// named element by element (see ChunkBuilder.Promotion.cs). Sums accumulate in row-major order.
    /// </summary>
    private void LowerUnrolled(LoopStep loop)
    {
        var accumulators = new List<(Node sum, ParameterExpression acc)>();
        foreach (var sum in loop.Reductions)
        {
            var acc = Local(Elem, "sum" + sum.Id);
            _body.Add(Expression.Assign(acc, Constant(0.0)));
            accumulators.Add((sum, acc));
        }
        for (int k = 0; k < loop.Shape.ElementCount; k++)
        {
            var temps = new Dictionary<Node, Expression>();
            foreach (var n in loop.Nodes)
            {
                Expression value;
                if (n.Op is Broadcast) value = Scalar(n.Inputs[0]); // flat loops broadcast only scalars
                else
                {
                    var operands = n.Inputs.Select(i =>
                        temps.TryGetValue(i, out var t) ? t
                        : i.Op is Broadcast && _schedule.StorageOf(i).Kind == StorageKind.Virtual ? Scalar(i.Inputs[0])
                        : At(i, k)).ToArray();
                    value = Elementwise(n, operands);
                }
                if (loop.Materialized.Contains(n))
                {
                    WriteElement(n, k, value);
                    temps[n] = At(n, k);
                }
                else
                {
                    var temp = ElementLocal(n.Id, k);
                    _body.Add(Expression.Assign(temp, value));
                    temps[n] = temp;
                }
            }
            foreach (var (sum, acc) in accumulators) _body.Add(Expression.AddAssign(acc, temps[sum.Inputs[0]]));
        }
        foreach (var (sum, acc) in accumulators) Assign(sum, acc);
    }

    /// <summary>Element <paramref name="f"/> of stored tensor <paramref name="n"/>; a virtual slice reads its input at an offset.</summary>
    private Expression Element(Node n, Expression f)
    {
        if (n.Op is Slice s && _schedule.StorageOf(n).Kind == StorageKind.Virtual)
        {
            var x = n.Inputs[0];
            var offset = Scale(s.Start, Product(x.Shape, 1, x.Rank));
            return Expression.ArrayIndex(Array(x), offset is ConstantExpression { Value: 0 } ? f : Expression.Add(f, offset));
        }
        return Expression.ArrayIndex(Array(n), f);
    }

    /// <summary>A strided read: its offset local and its stride along each loop axis (null for 0).</summary>
    private sealed class StridedSource
    {
        public StridedSource(ParameterExpression offset, Expression?[] strides)
        {
            Offset = offset;
            Strides = strides;
        }

        public ParameterExpression Offset { get; }
        public Expression?[] Strides { get; }
    }

    /// <summary>Row-major strides of <paramref name="source"/> read as broadcast to <paramref name="target"/> (0 along stretched axes).</summary>
    private Expression?[] BroadcastStrides(Shape source, Shape target)
    {
        var strides = new Expression?[target.Rank];
        int offset = target.Rank - source.Rank;
        for (int k = offset; k < target.Rank; k++)
        {
            int sk = k - offset;
            if (!source[sk].IsOne) strides[k] = Product(source, sk + 1, source.Rank);
        }
        return strides;
    }

    /// <summary>
    /// Loops over every element of <paramref name="shape"/> in row-major order, keeping the flat index
    /// <paramref name="f"/> and each source's offset current, and runs <paramref name="body"/> per element.
    /// </summary>
    private Expression Nest(Shape shape, ParameterExpression f, IReadOnlyList<StridedSource> sources, Expression body)
    {
        int r = shape.Rank;
        var index = Enumerable.Range(0, r).Select(k => Local(typeof(int), "i" + k)).ToArray();
        var setup = new List<Expression> { Expression.Assign(f, Expression.Constant(0)) };
        // Strides are loop invariant: hoist the symbolic ones into locals.
        var strides = sources.Select(s => s.Strides.Select(e => e is null or ConstantExpression ? e : Hoist(e, setup)).ToArray()).ToArray();
        var partials = sources.Select(_ => Local(typeof(int), "p")).ToArray();

        // Innermost: offset = partial + i_last·stride_last; body; f++.
        var inner = new List<Expression>();
        for (int s = 0; s < sources.Count; s++)
            inner.Add(Expression.Assign(sources[s].Offset, AddTerm(partials[s], index[r - 1], strides[s][r - 1])));
        inner.Add(body);
        inner.Add(Expression.PreIncrementAssign(f));
        Expression loop = For(index[r - 1], Dim(shape[r - 1]), Expression.Block(inner));

        // Before the innermost loop: partial = Σ_{k < r−1} i_k·stride_k.
        var before = new List<Expression>();
        for (int s = 0; s < sources.Count; s++)
        {
            Expression sum = Expression.Constant(0);
            for (int k = 0; k < r - 1; k++) sum = AddTerm(sum, index[k], strides[s][k]);
            before.Add(Expression.Assign(partials[s], sum));
        }
        before.Add(loop);
        loop = Expression.Block(before);
        for (int k = r - 2; k >= 0; k--) loop = For(index[k], Dim(shape[k]), loop);
        setup.Add(loop);
        return Expression.Block(setup);
    }

    private static Expression AddTerm(Expression sum, Expression index, Expression? stride)
    {
        if (stride is null) return sum;
        Expression term = stride is ConstantExpression { Value: 1 } ? index : Expression.Multiply(index, stride);
        return sum is ConstantExpression { Value: 0 } ? term : Expression.Add(sum, term);
    }

    private Expression Hoist(Expression value, List<Expression> setup)
    {
        var local = Local(typeof(int), "stride");
        setup.Add(Expression.Assign(local, value));
        return local;
    }
}
