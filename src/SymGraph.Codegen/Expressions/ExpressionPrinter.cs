using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using SymGraph.Codegen.Lowering;
using SymGraph.Ops;
using SymGraph.Runtime;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// Prints a <see cref="LoweredFunction"/> as Expression trees: one flat
/// <see cref="Expression.Block(IEnumerable{ParameterExpression}, Expression[])"/> per part (never one
/// deeply nested expression), compiled to a delegate. Frame variables are read off the call's arrays
/// and workspace in a prologue, the first time a part uses them. Nothing is decided here.
/// </summary>
internal sealed class ExpressionPrinter<T> where T : unmanaged
{
    private static readonly Type Elem = typeof(T);
    private static readonly Type ArrayType = typeof(T[]);

    private readonly LoweredFunction _function;
    private readonly ParameterExpression _args = Expression.Parameter(typeof(T[][]), "args");
    private readonly ParameterExpression _results = Expression.Parameter(typeof(T[][]), "results");
    private readonly ParameterExpression _ws = Expression.Parameter(typeof(Workspace<T>), "ws");
    private readonly List<ParameterExpression> _locals = new();
    private readonly List<Expression> _prologue = new();
    private readonly Dictionary<Var, ParameterExpression> _vars = new();
    private readonly Dictionary<int, ParameterExpression> _slots = new();

    // Vectorized loops: the vectors used (null: vectorized loops are printed as scalar loops), and,
    // while a vector body is printed, its index, the vector locals of its values and its sums' lanes.
    private readonly VectorExpressions<T>? _vectors;
    private Loop? _vectorLoop;
    private readonly Dictionary<Var, ParameterExpression> _vectorValues = new();
    private readonly Dictionary<int, ParameterExpression> _vectorSlots = new();
    private readonly Dictionary<Var, ParameterExpression> _lanes = new();

    // The typed entry point (Typed): the function's own parameters stand for its arguments and
    // results, the first scalar output is returned, and the workspace is fetched when first needed.
    private ParameterExpression[]? _typedArguments;
    private ParameterExpression?[]? _typedResults;
    private ParameterExpression? _returned;
    private Expression? _workspaceSource;

    private ExpressionPrinter(LoweredFunction function, int vectorBits)
    {
        _function = function;
        _vectors = vectorBits > 0 ? VectorExpressions<T>.Of(vectorBits) : null;
    }

    /// <summary>
    /// The compiled methods of <paramref name="function"/>: one per part, then one for the epilogue if
    /// it has one. Vectorized loops use vectors of <paramref name="vectorBits"/> bits (0: scalar loops).
    /// Straight-line parts go to <see cref="IlPrinter{T}"/>, which writes IL without an Expression tree
    /// in between; the others are printed here.
    /// </summary>
    /// <param name="function">The lowered function.</param>
    /// <param name="vectorBits">The vector width of vectorized loops.</param>
    /// <param name="straightLineAsIl">False to print every part here (tests compare the two printers).</param>
    public static CompiledChunk<T>[] Print(LoweredFunction function, int vectorBits, bool straightLineAsIl = true)
    {
        // Each part is compiled as soon as it is printed, so only one part's tree is alive at a time.
        var methods = function.Parts.Select(part => Compile(function, part.Loads.Concat(part.Body).ToArray(), vectorBits, straightLineAsIl)).ToList();
        if (function.Epilogue.Count > 0) methods.Add(Compile(function, function.Epilogue, vectorBits, straightLineAsIl));
        return methods.ToArray();
    }

    private static CompiledChunk<T> Compile(LoweredFunction function, IReadOnlyList<Stmt> statements, int vectorBits, bool straightLineAsIl) =>
        straightLineAsIl && IlPrinter<T>.CanPrint(statements)
            ? IlPrinter<T>.Print(function, statements)
            : new ExpressionPrinter<T>(function, vectorBits).Method(statements).Compile();

    /// <summary>
    /// The one-part function <paramref name="function"/> as a lambda of <paramref name="delegateType"/>:
    /// one parameter per argument (T[], or T for a scalar), then one T[] per output except a scalar
    /// first output, which is returned. Array lengths are checked first (one clear error);
    /// <paramref name="workspace"/> gives this thread's workspace where buffers, constants or spills are used.
    /// </summary>
    public static LambdaExpression Typed(LoweredFunction function, int vectorBits, Type delegateType, Expression workspace)
    {
        var schedule = function.Schedule;
        var printer = new ExpressionPrinter<T>(function, vectorBits) { _workspaceSource = workspace };
        printer._typedArguments = schedule.Arguments.Select(a => Expression.Parameter(a.Shape.IsScalar ? Elem : ArrayType, ((Ops.Leaf)a.Op).LeafName)).ToArray();
        bool returns = schedule.Outputs[0].Shape.IsScalar;
        printer._typedResults = schedule.Outputs.Select((o, j) => j == 0 && returns ? null : Expression.Parameter(ArrayType, o.Name ?? "result" + j)).ToArray();
        if (returns) printer._returned = Expression.Variable(Elem, "returned");
        var checks = new List<Expression>();
        void Check(ParameterExpression p, Node node, string what, int index, long length)
        {
            var description = Expression.Constant(EntryPointChecks.Describe(node));
            checks.Add(Expression.IfThen(Expression.Equal(p, Expression.Constant(null, ArrayType)),
                Expression.Throw(Expression.Call(typeof(EntryPointChecks).GetMethod(nameof(EntryPointChecks.Null))!, Expression.Constant(what), Expression.Constant(index), description))));
            checks.Add(Expression.IfThen(Expression.NotEqual(Expression.ArrayLength(p), Expression.Constant((int)length)),
                Expression.Throw(Expression.Call(typeof(EntryPointChecks).GetMethod(nameof(EntryPointChecks.Length))!, Expression.Constant(what), Expression.Constant(index), description,
                    Expression.Convert(Expression.ArrayLength(p), typeof(long)), Expression.Constant(length)))));
        }
        for (int a = 0; a < schedule.Arguments.Count; a++)
            if (!schedule.Arguments[a].Shape.IsScalar) Check(printer._typedArguments[a], schedule.Arguments[a], "argument", a, schedule.Arguments[a].Shape.ElementCount);
        for (int j = 0; j < schedule.Outputs.Count; j++)
            if (printer._typedResults[j] is { } r) Check(r, schedule.Outputs[j], "result", j, schedule.Outputs[j].Shape.ElementCount);
        var body = new List<Expression>();
        foreach (var s in function.Parts[0].Loads.Concat(function.Parts[0].Body))
            if (printer.Statement(s) is { } e) body.Add(e);
        var all = checks.Concat(printer._prologue).Concat(body).ToList();
        if (printer._returned is { } ret)
        {
            printer._locals.Add(ret);
            all.Add(ret);
        }
        else all.Add(Expression.Empty());
        var parameters = printer._typedArguments.Concat(printer._typedResults.OfType<ParameterExpression>());
        return Expression.Lambda(delegateType, Expression.Block(returns ? Elem : typeof(void), printer._locals, all), parameters);
    }

    private Expression<CompiledChunk<T>> Method(IReadOnlyList<Stmt> statements)
    {
        var body = new List<Expression>();
        foreach (var s in statements)
            if (Statement(s) is { } e) body.Add(e);
        var all = new List<Expression>(_prologue);
        all.AddRange(body);
        all.Add(Expression.Empty());
        return Expression.Lambda<CompiledChunk<T>>(Expression.Block(_locals, all), _args, _results, _ws);
    }

    // ---- statements ----------------------------------------------------------------------------------

    private Expression? Statement(Stmt s) => _vectorLoop is not null ? VectorStatement(s) : s switch
    {
        Declare d => Expression.Assign(Variable(d.Var), Value(d.Value)),
        Accumulate a => Expression.AddAssign(Variable(a.Var), Value(a.Value)),
        Store st => st.IsAccumulating
            ? Expression.AddAssign(Expression.ArrayAccess(Variable(st.Array), Int(st.Index)), Value(st.Value))
            : Expression.Assign(Expression.ArrayAccess(Variable(st.Array), Int(st.Index)), Value(st.Value)),
        DeclareArray d => Alias(d),
        Loop l => LoopExpression(l),
        Call c => c.Result is { } r ? Expression.Assign(Variable(r), Invoke(c)) : Invoke(c),
        SetResult r when _typedResults is not null => _typedResults[r.Output] is { } array
            ? Expression.Assign(Expression.ArrayAccess(array, Expression.Constant(0)), Value(r.Value))
            : Expression.Assign(_returned!, Value(r.Value)),
        SetResult r => Expression.Assign(
            Expression.ArrayAccess(Expression.ArrayIndex(_results, Expression.Constant(r.Output)), Expression.Constant(0)), Value(r.Value)),
        Comment => null,
        _ => throw new InvalidOperationException($"Unexpected statement {s.GetType().Name}."),
    };

    // A name for another array is that array's local: no copy (array locals are never reassigned).
    private Expression? Alias(DeclareArray d)
    {
        _vars[d.Var] = Variable(d.Source);
        return null;
    }

    // for (i = 0; i < count; i++) { body; f++ }, with f = 0 before the outermost loop of a nest.
    private Expression LoopExpression(Loop l)
    {
        if (l.Vector is not null && _vectors is not null) return VectorLoop(l, _vectors);
        var i = Variable(l.Index);
        var body = l.Body.Select(Statement).OfType<Expression>().ToList();
        if (l.AdvancesCounter) body.Add(Expression.PreIncrementAssign(Variable(l.Counter!)));
        body.Add(Expression.PreIncrementAssign(i));
        var done = Expression.Label("done");
        var loop = Expression.Block(
            Expression.Assign(i, Expression.Constant(0)),
            Expression.Loop(Expression.IfThenElse(Expression.LessThan(i, Int(l.Count)), Expression.Block(body), Expression.Break(done)), done));
        return l.StartsCounter ? Expression.Block(Expression.Assign(Variable(l.Counter!), Expression.Constant(0)), loop) : loop;
    }

    // lanes = 0; for (i = 0; i <= count − W; i += W) { body over vectors }; sum += Σ lanes;
    // for (; i < count; i++) { body }.
    private Expression VectorLoop(Loop l, VectorExpressions<T> vectors)
    {
        var i = Variable(l.Index);
        var all = new List<Expression>();
        foreach (var sum in l.Vector!.Sums)
        {
            _lanes[sum.Sum] = Variable(sum.Lanes);
            all.Add(Expression.Assign(_lanes[sum.Sum], vectors.Zero));
        }
        _vectorLoop = l;
        _vectorValues.Clear();
        var body = l.Body.Select(Statement).OfType<Expression>().ToList();
        _vectorLoop = null;
        body.Add(Expression.AddAssign(i, Expression.Constant(vectors.Count)));
        if (l.AdvancesCounter) body.Add(Expression.AddAssign(Variable(l.Counter!), Expression.Constant(vectors.Count)));
        var vectorDone = Expression.Label("vectorDone");
        all.Add(Expression.Assign(i, Expression.Constant(0)));
        all.Add(Expression.Loop(Expression.IfThenElse(
            Expression.LessThanOrEqual(i, Expression.Subtract(Int(l.Count), Expression.Constant(vectors.Count))), Expression.Block(body), Expression.Break(vectorDone)), vectorDone));
        foreach (var sum in l.Vector.Sums)
            all.Add(Expression.Assign(Variable(sum.Sum), Expression.Add(Variable(sum.Sum), vectors.Sum(_lanes[sum.Sum]))));
        var tail = l.Body.Select(Statement).OfType<Expression>().ToList();
        if (l.AdvancesCounter) tail.Add(Expression.PreIncrementAssign(Variable(l.Counter!)));
        tail.Add(Expression.PreIncrementAssign(i));
        var done = Expression.Label("done");
        all.Add(Expression.Loop(Expression.IfThenElse(Expression.LessThan(i, Int(l.Count)), Expression.Block(tail), Expression.Break(done)), done));
        if (l.StartsCounter) all.Insert(0, Expression.Assign(Variable(l.Counter!), Expression.Constant(0)));
        return Expression.Block(all);
    }

    // A statement of a vector loop's body: every element value is a vector of W elements.
    private Expression? VectorStatement(Stmt s)
    {
        var vectors = _vectors!;
        switch (s)
        {
            case Declare d:
            {
                var value = VectorValue(d.Value);
                var p = d.Var.Slot >= 0 && _vectorSlots.TryGetValue(d.Var.Slot, out var shared) ? shared : null;
                if (p is null)
                {
                    p = Expression.Variable(vectors.Type, d.Var.Name + "_v");
                    _locals.Add(p);
                    if (d.Var.Slot >= 0) _vectorSlots[d.Var.Slot] = p;
                }
                _vectorValues[d.Var] = p;
                return Expression.Assign(p, value);
            }
            case Store st:
                return vectors.Store(VectorValue(st.Value), Variable(st.Array), Int(st.Index));
            case Accumulate a:
                return Expression.Assign(_lanes[a.Var], Expression.Add(_lanes[a.Var], VectorValue(a.Value)));
            case Comment:
                return null;
            default:
                throw new InvalidOperationException($"{s.GetType().Name} in a vectorized loop.");
        }
    }

    // A value in a vector body: loads at i + c move W elements; anything that does not depend on i is broadcast.
    private Expression VectorValue(ValueExpr e)
    {
        var vectors = _vectors!;
        return e switch
        {
            Read r when _vectorValues.TryGetValue(r.Var, out var p) => p,
            Load l when Vectorizer.Stride(l.Index, _vectorLoop!) == 1 => vectors.Load(Variable(l.Array), Int(l.Index)),
            Apply a => vectors.Formula(a.Op.Formula!, a.Operands.Select(VectorValue).ToArray()),
            _ => vectors.Splat(Value(e)),
        };
    }

    private Expression Invoke(Call c)
    {
        var method = typeof(Kernels).GetMethod(c.Kernel.ToString()) ?? throw new InvalidOperationException($"No kernel {c.Kernel}.");
        return Expression.Call(method.MakeGenericMethod(Elem), c.Arguments.Select(Argument));
    }

    private Expression Argument(KernelArg a) => a switch
    {
        ArrayArg x => Variable(x.Array),
        IntArg i => Int(i.Value),
        ElementArg e => Value(e.Value),
        FlagArg f => Expression.Constant(f.Value),
        NormalizationArg n => Expression.Constant(Enum.Parse(typeof(Normalization), n.Member)),
        _ => throw new InvalidOperationException($"Unexpected kernel argument {a.GetType().Name}."),
    };

    // ---- variables -----------------------------------------------------------------------------------

    /// <summary>The local of <paramref name="v"/>; a frame variable is loaded in the prologue on first use.</summary>
    private ParameterExpression Variable(Var v)
    {
        if (_vars.TryGetValue(v, out var p)) return p;
        if (v.Slot >= 0 && _slots.TryGetValue(v.Slot, out p)) return _vars[v] = p; // a value whose slot another, dead one had
        var type = v.Kind switch
        {
            VarKind.Element => Elem,
            VarKind.Int => typeof(int),
            VarKind.Vector => _vectors?.Type ?? throw new InvalidOperationException("A vector variable without vectors."),
            _ => ArrayType,
        };
        p = Expression.Variable(type, v.Slot >= 0 ? "s" + v.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture) : v.Name);
        _locals.Add(p);
        _vars[v] = p;
        if (v.Slot >= 0) _slots[v.Slot] = p;
        if (_typedArguments is not null && v.Frame is FrameKind.Size or FrameKind.Buffer or FrameKind.Constant or FrameKind.Spill && _workspaceSource is { } fetch)
        {
            // The typed entry point reads the workspace only when something lives there.
            _locals.Add(_ws);
            _prologue.Insert(0, Expression.Assign(_ws, fetch));
            _workspaceSource = null;
        }
        Expression? source = v.Frame switch
        {
            FrameKind.None => null,
            FrameKind.Argument when _typedArguments is not null => _typedArguments[v.Index],
            FrameKind.Result when _typedResults is not null => _typedResults[v.Index],
            FrameKind.Argument when v.Kind == VarKind.Element => Expression.ArrayIndex(Expression.ArrayIndex(_args, Expression.Constant(v.Index)), Expression.Constant(0)),
            FrameKind.Argument => Expression.ArrayIndex(_args, Expression.Constant(v.Index)),
            FrameKind.Result => Expression.ArrayIndex(_results, Expression.Constant(v.Index)),
            FrameKind.Size => Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Sizes)), Expression.Constant(v.Index)),
            FrameKind.Buffer => Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Buffers)), Expression.Constant(v.Index)),
            FrameKind.Constant => Expression.ArrayIndex(Expression.Property(_ws, nameof(Workspace<T>.Constants)), Expression.Constant(v.Index)),
            FrameKind.Spill => Expression.Property(_ws, nameof(Workspace<T>.Spill)),
            _ => throw new InvalidOperationException($"Unexpected frame kind {v.Frame}."),
        };
        if (source is null) return p;
        _prologue.Add(Expression.Assign(p, source));
        if (_function.StaticLength(v) is int length)
            _prologue.Add(Expression.IfThen(
                Expression.NotEqual(Expression.ArrayLength(p), Expression.Constant(length)),
                Expression.Throw(Expression.New(typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) })!,
                    Expression.Constant(LoweredFunction.LengthMessage(v, length))))));
        return p;
    }

    // ---- expressions ---------------------------------------------------------------------------------

    private Expression Int(IntExpr e) => e switch
    {
        IntConst c => Expression.Constant(c.Value),
        IntRead r => Variable(r.Var),
        IntBinary { Operator: IntOperator.Add } b => Expression.Add(Int(b.Left), Int(b.Right)),
        IntBinary { Operator: IntOperator.Mul } b => Expression.Multiply(Int(b.Left), Int(b.Right)),
        IntBinary { Operator: IntOperator.Max } b => Expression.Call(typeof(Math).GetMethod(nameof(Math.Max), new[] { typeof(int), typeof(int) })!, Int(b.Left), Int(b.Right)),
        _ => throw new InvalidOperationException($"Unexpected int expression {e.GetType().Name}."),
    };

    private Expression Value(ValueExpr e) => e switch
    {
        Literal l => Constant(l.Value),
        Read r => Variable(r.Var),
        Load l => Expression.ArrayIndex(Variable(l.Array), Int(l.Index)),
        Apply a => Elementwise(a.Op, a.Operands.Select(Value).ToArray()),
        SizeProduct p => SizeProduct(p),
        _ => throw new InvalidOperationException($"Unexpected value expression {e.GetType().Name}."),
    };

    // 1.0 · each size, in double (exact for int sizes), then the element type.
    private Expression SizeProduct(SizeProduct p)
    {
        Expression product = Expression.Constant(1.0);
        foreach (var f in p.Factors) product = Expression.Multiply(product, Expression.Convert(Int(f), typeof(double)));
        return Elem == typeof(double) ? product : Expression.Convert(product, Elem);
    }

    private static Expression Constant(double value) =>
        Elem == typeof(double) ? Expression.Constant(value) : Expression.Constant((float)value);

    /// <summary>An op's scalar function: its formula, inlined over the operands.</summary>
    private static Expression Elementwise(Op op, Expression[] x) =>
        FormulaExpressions.Build(op.Formula ?? throw new InvalidOperationException($"The op '{op.Name}' has no formula: it is not element-wise."), x, Elem);
}
