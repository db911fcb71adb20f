using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>
/// Turns statements into a graph, each as soon as it is parsed (<see cref="BindStatement"/>, then
/// <see cref="Finish"/>), so no syntax of the file outlives its statement: declarations become
/// inputs and parameters, assignments become nodes named after their variable, calls are resolved
/// through <see cref="Functions"/>, and every node is built inside a <see cref="Graph.At"/> scope so
/// it carries its origin and a <see cref="ShapeException"/> becomes a diagnostic at the expression
/// that caused it. An expression that failed (reported once) binds to <c>null</c>, and anything built
/// on it is skipped quietly, so one mistake yields one message. Values must be defined before they
/// are used; <c>minimize</c> (a name or any expression) and <c>output</c> are bound after everything
/// else, so they may stand anywhere in the file.
/// <para>
/// Expressions are bound by an explicit-stack post-order walk: a syntax tree a million levels deep
/// (<c>a+a+…+a</c>) binds without recursion.
/// </para>
/// </summary>
internal sealed class Binder
{
    private enum SymbolKind
    {
        Input,
        Parameter,
        Value,
    }

    /// <summary>A defined name; <see cref="Node"/> is <c>null</c> when its definition failed (already reported).</summary>
    private sealed class Symbol
    {
        public Symbol(string name, SymbolKind kind, Node? node, int line)
        {
            Name = name;
            Kind = kind;
            Node = node;
            Line = line;
        }

        public string Name { get; }
        public SymbolKind Kind { get; }
        public Node? Node { get; }
        public int Line { get; }
    }

    /// <summary>How the arguments of one call map onto the function's parameters.</summary>
    private sealed class CallPlan
    {
        public CallPlan(FunctionSpec? function, ArgumentSyntax?[] assigned, List<ExpressionSyntax> children, bool ok)
        {
            Function = function;
            Assigned = assigned;
            Children = children;
            Ok = ok;
        }

        public FunctionSpec? Function { get; }

        /// <summary>The argument given for each parameter (null: omitted).</summary>
        public ArgumentSyntax?[] Assigned { get; }

        /// <summary>The expressions bound as values, in parameter order.</summary>
        public List<ExpressionSyntax> Children { get; }

        public bool Ok { get; }
    }

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Graph _graph = new();
    private readonly Dictionary<string, Symbol> _scope = new(StringComparer.Ordinal);
    private readonly List<string> _scopeOrder = new();
    private readonly HashSet<string> _sizes = new(StringComparer.Ordinal);
    private readonly List<Node> _inputs = new();
    private readonly List<Node> _parameters = new();
    private readonly List<NamedNode> _assignments = new();
    private readonly List<NamedNode> _outputs = new();
    private readonly Dictionary<CallExpression, CallPlan> _plans = new();
    private NamedNode? _cost;
    private int _minimizeLine;
    private List<Node> _wrt = new();
    private readonly List<StatementSyntax> _endStatements = new();
    private bool _sawMinimize;
    private bool _finished;
    private string? _assigning; // the name the assignment being bound defines
    private bool _failedDefinition; // a declaration or definition failed (reported); its name binds to null

    public Binder(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Binds a whole file (for tests; the compiler binds each statement as it is parsed).</summary>
    public CompiledModel Bind(ModelSyntax model)
    {
        foreach (var statement in model.Statements) BindStatement(statement);
        return Finish();
    }

    /// <summary>
    /// Binds the next statement of the file. Declarations and assignments are bound now, so their syntax
    /// can be dropped; <c>minimize</c> and <c>output</c> refer to the finished model, so they may stand
    /// anywhere in the file and are kept for <see cref="Finish"/>.
    /// </summary>
    public void BindStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case DeclarationStatement d: BindDeclaration(d); break;
            case AssignmentStatement a: BindAssignment(a); break;
            case BrokenStatement b: BindBroken(b); break;
            case MinimizeStatement m:
                // Only the first minimize is bound; the others are reported at their keyword, and need nothing else.
                _endStatements.Add(_sawMinimize ? new DuplicateMinimize(m.Keyword) : m);
                _sawMinimize = true;
                break;
            case OutputStatement o: _endStatements.Add(o); break;
            default: throw Unexpected.Value(statement);
        }
    }

    /// <summary>Binds the <c>minimize</c> and <c>output</c> statements, in file order, and returns the model.</summary>
    public CompiledModel Finish()
    {
        _finished = true;
        foreach (var statement in _endStatements)
        {
            switch (statement)
            {
                case MinimizeStatement m: BindMinimize(m.Keyword, m); break;
                case DuplicateMinimize d: BindMinimize(d.Keyword, null); break;
                case OutputStatement o: BindOutput(o); break;
                default: throw Unexpected.Value(statement);
            }
        }
        _endStatements.Clear();
        var values = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var name in _scopeOrder)
            if (_scope[name].Node is { } node) values[name] = node;
        return new CompiledModel(_file, _graph, _inputs, _parameters, _assignments, values, _cost, _wrt, _outputs, _diagnostics.ToSortedList());
    }

    /// <summary>A <c>minimize</c> after the first: only its keyword is kept, for SG0214.</summary>
    private sealed class DuplicateMinimize : StatementSyntax
    {
        public DuplicateMinimize(SyntaxToken keyword) => Keyword = keyword;
        public SyntaxToken Keyword { get; }
    }

    private SourceLocation Location(TextSpan span) => new(_file, span.Line, span.Column);

    private void Define(SyntaxToken name, SymbolKind kind, Node? node)
    {
        _scope.Add(name.Text, new Symbol(name.Text, kind, node, name.Span.Line));
        _scopeOrder.Add(name.Text);
    }

    // ---- statements -----------------------------------------------------------------------------

    private void BindDeclaration(DeclarationStatement declaration)
    {
        var kind = declaration.IsParameter ? SymbolKind.Parameter : SymbolKind.Input;
        foreach (var declarator in declaration.Declarators)
        {
            var shape = new Shape(declarator.Dims.Select(t => t.Kind == TokenKind.Number ? Dim.Of(int.Parse(t.Text)) : Dim.Sym(t.Text)));
            var name = declarator.Name;
            if (_scope.TryGetValue(name.Text, out var previous))
            {
                if (previous.Kind != SymbolKind.Value && previous.Node is { } prior && prior.Shape != shape)
                    _diagnostics.ReportDimensionConflict(name.Span, name.Text, prior.Shape, previous.Line, shape);
                else
                    _diagnostics.ReportRedefinition(name.Span, name.Text, previous.Line);
                continue;
            }
            foreach (var dim in shape)
                if (!dim.IsStatic) _sizes.Add(dim.Symbol!);
            if (TooManyElements(shape) is { } elements)
            {
                _diagnostics.ReportTooManyElements(name.Span, $"'{name.Text}'", shape, elements);
                Define(name, kind, null); // defined, so its uses are not reported again
                _failedDefinition = true;
                continue;
            }
            using (_graph.At(Location(name.Span)))
            {
                var node = declaration.IsParameter ? _graph.Parameter(name.Text, shape) : _graph.Input(name.Text, shape);
                (declaration.IsParameter ? _parameters : _inputs).Add(node);
                Define(name, kind, node);
            }
        }
    }

    private void BindAssignment(AssignmentStatement assignment)
    {
        var name = assignment.Name;
        bool redefined = _scope.TryGetValue(name.Text, out var previous);
        if (redefined) _diagnostics.ReportRedefinition(name.Span, name.Text, previous!.Line);
        _assigning = name.Text;
        var node = BindExpression(assignment.Expression); // still bound when redefined, to report what is wrong inside
        _assigning = null;
        if (redefined) return;
        node?.Named(name.Text);
        Define(name, SymbolKind.Value, node);
        if (node is not null) _assignments.Add(new NamedNode(name.Text, node));
    }

    private void BindBroken(BrokenStatement broken)
    {
        foreach (var name in broken.DefinedNames)
        {
            if (_scope.ContainsKey(name.Text)) continue;
            Define(name, SymbolKind.Value, null);
            _failedDefinition = true;
        }
    }

    /// <summary>
    /// The product of <paramref name="shape"/>'s static sizes when it exceeds <see cref="int.MaxValue"/>
    /// (no tensor can hold it: <see cref="Shape.ElementCount"/> is an <c>int</c>, and so are array lengths),
    /// else <c>null</c>.
    /// </summary>
    private static System.Numerics.BigInteger? TooManyElements(Shape shape)
    {
        var n = System.Numerics.BigInteger.One;
        foreach (var dim in shape)
            if (dim.IsStatic) n *= dim.Size;
        return n > int.MaxValue ? n : null;
    }

    private void BindMinimize(SyntaxToken keyword, MinimizeStatement? minimize)
    {
        if (_minimizeLine != 0)
        {
            _diagnostics.ReportDuplicateMinimize(keyword.Span, _minimizeLine);
            return;
        }
        if (minimize is null) throw Unexpected.Value(keyword); // the first minimize is kept whole
        _minimizeLine = keyword.Span.Line;

        var syntax = minimize.Target;
        while (syntax is ParenthesizedExpression p) syntax = p.Inner;
        if (syntax is NameExpression targetName)
        {
            var target = LookupStatementName(targetName.Identifier);
            if (target?.Node is { } cost)
            {
                if (!cost.Shape.IsScalar) _diagnostics.ReportCostNotScalar(targetName.Span, $"'{target.Name}'", cost.Shape);
                else _cost = new NamedNode(target.Name, cost);
            }
        }
        else if (BindExpression(syntax) is { } cost)
        {
            // An unnamed cost is called "cost" (or "cost_2", … when the model uses that name) in eval's
            // output, in derivative names (dcost/dw) and in generated code.
            string costName = "cost";
            for (int i = 2; _scope.ContainsKey(costName) || _sizes.Contains(costName); i++) costName = "cost_" + i;
            if (!cost.Shape.IsScalar) _diagnostics.ReportCostNotScalar(syntax.Span, "the expression", cost.Shape);
            else _cost = new NamedNode(costName, cost.Named(costName));
        }

        if (minimize.Wrt is null)
        {
            // A declaration that failed (reported) may have been the 'param': do not report it again.
            if (_parameters.Count == 0 && !_failedDefinition)
                _diagnostics.ReportNothingToDifferentiate(minimize.Keyword.Span);
            _wrt = new List<Node>(_parameters);
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in minimize.Wrt)
        {
            if (!seen.Add(name.Text))
            {
                _diagnostics.ReportDuplicateWrt(name.Span, name.Text);
                continue;
            }
            var symbol = LookupStatementName(name);
            if (symbol is null) continue;
            if (symbol.Kind == SymbolKind.Value) _diagnostics.ReportWrtNotALeaf(name.Span, name.Text);
            else if (symbol.Node is not null) _wrt.Add(symbol.Node);
        }
    }

    private void BindOutput(OutputStatement output)
    {
        foreach (var name in output.Names)
        {
            var symbol = LookupStatementName(name);
            if (symbol?.Node is null) continue;
            if (_outputs.Any(o => o.Name == name.Text)) _diagnostics.ReportDuplicateOutput(name.Span, name.Text);
            else _outputs.Add(new NamedNode(name.Text, symbol.Node));
        }
    }

    /// <summary>A name in a statement (minimize, wrt, output): reported when it is not defined yet.</summary>
    private Symbol? LookupStatementName(SyntaxToken name)
    {
        if (_scope.TryGetValue(name.Text, out var symbol)) return symbol;
        ReportUnknownName(name);
        return null;
    }

    /// <summary>
    /// A name that is not defined (yet). Statements are bound as they are parsed, so whether a later line
    /// defines it (SG0202) is known only at the end: that report is decided then, with the suggestion
    /// from the names defined by now. The name an assignment defines is not defined inside it
    /// (<c>x = x + 1</c>), and nothing is defined after the end: those are decided at once.
    /// </summary>
    private void ReportUnknownName(SyntaxToken name)
    {
        if (!_finished && _assigning != name.Text)
        {
            string text = name.Text;
            int defined = _scopeOrder.Count;
            _diagnostics.ReportNotYetDefined(name.Span, text,
                () => _scope.TryGetValue(text, out var later) ? later.Line : null,
                () => Suggestions.Closest(text, _scopeOrder.Take(defined)));
            return;
        }
        if (Functions.Find(name.Text) is not null)
            _diagnostics.ReportFunctionUsedAsValue(name.Span, name.Text);
        else
            _diagnostics.ReportUndefinedName(name.Span, name.Text, Suggestions.Closest(name.Text, _scopeOrder));
    }

    // ---- expressions ----------------------------------------------------------------------------

    /// <summary>
    /// Binds an expression tree bottom-up with an explicit stack: a node is pushed once to expand its
    /// children and once more to combine their values, which collect on <c>values</c>.
    /// </summary>
    private Node? BindExpression(ExpressionSyntax root)
    {
        // Reused from statement to statement (a model of 10^6 lines binds 10^6 expressions).
        var work = _work;
        var values = _values;
        work.Clear();
        values.Clear();
        work.Push((root, false));
        while (work.Count > 0)
        {
            var (syntax, expanded) = work.Pop();
            if (expanded)
            {
                int count = ChildCount(syntax);
                var args = _args;
                args.Clear();
                bool failed = false;
                for (int k = values.Count - count; k < values.Count; k++)
                {
                    failed |= values[k] is null;
                    args.Add(values[k]!);
                }
                values.RemoveRange(values.Count - count, count);
                values.Add(failed ? FailedCombine(syntax) : Combine(syntax, args));
                continue;
            }
            switch (syntax)
            {
                case NumberExpression n:
                    values.Add(Build(n.Span, (_graph, n.Token.Value), static s => s.Item1.Constant(s.Item2)));
                    continue;
                case UnaryExpression { Operand: NumberExpression literal } u:
                    values.Add(Build(u.Span, (_graph, -literal.Token.Value), static s => s.Item1.Constant(s.Item2)));
                    continue;
                case NameExpression name:
                    values.Add(BindName(name.Identifier));
                    continue;
                case ListExpression list:
                    _diagnostics.ReportListNotAValue(list.Span);
                    values.Add(null);
                    continue;
            }
            work.Push((syntax, true));
            PushChildren(syntax, work);
        }
        _plans.Clear(); // a plan is looked up only while its call is bound: keep no syntax of earlier statements
        var result = values[0];
        values.Clear();
        _args.Clear();
        return result;
    }

    private readonly Stack<(ExpressionSyntax Syntax, bool Expanded)> _work = new();
    private readonly List<Node?> _values = new();
    private readonly List<Node> _args = new();

    private static bool IsSquare(BinaryExpression b) =>
        b.Operator.Kind == TokenKind.Caret && b.Right is NumberExpression { Token.Value: 2.0 };

    // The children to bind first, pushed so that the first is popped first.
    private void PushChildren(ExpressionSyntax syntax, Stack<(ExpressionSyntax Syntax, bool Expanded)> work)
    {
        switch (syntax)
        {
            case UnaryExpression u: work.Push((u.Operand, false)); break;
            case BinaryExpression b when IsSquare(b): work.Push((b.Left, false)); break;
            case BinaryExpression b: work.Push((b.Right, false)); work.Push((b.Left, false)); break;
            case ParenthesizedExpression p: work.Push((p.Inner, false)); break;
            case SubscriptExpression s: work.Push((s.Target, false)); break;
            case CallExpression c:
                var children = Plan(c).Children;
                for (int i = children.Count - 1; i >= 0; i--) work.Push((children[i], false));
                break;
            default: throw Unexpected.Value(syntax);
        }
    }

    private int ChildCount(ExpressionSyntax syntax) => syntax switch
    {
        BinaryExpression b when IsSquare(b) => 1,
        BinaryExpression => 2,
        CallExpression c => _plans[c].Children.Count,
        _ => 1,
    };

    /// <summary>
    /// A child failed (already reported): nothing to build, but the literal arguments of this node
    /// are still checked so that their own mistakes are reported too.
    /// </summary>
    private Node? FailedCombine(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case SubscriptExpression s:
                SubscriptValues(s, out _);
                break;
            case CallExpression c when _plans[c] is { Ok: true } plan:
                StaticArguments(c, plan, out _, out _, out _);
                break;
        }
        return null;
    }

    private Node? Combine(ExpressionSyntax syntax, List<Node> args)
    {
        switch (syntax)
        {
            case UnaryExpression u:
                return Build(u.Span, args[0], static x => Sym.Neg(x));
            case BinaryExpression b:
                return Build(b.Span, (b, args), static s => BuildBinary(s.b, s.args));
            case ParenthesizedExpression:
                return args[0];
            case SubscriptExpression s:
                return BindSubscripts(s, args[0]);
            case CallExpression c:
            {
                var plan = _plans[c];
                if (!plan.Ok || !StaticArguments(c, plan, out var axes, out var shapes, out var axisLists)) return null;
                var function = plan.Function!;
                var nodes = new Node?[function.Parameters.Length];
                int next = 0;
                for (int p = 0; p < nodes.Length; p++)
                    if (function.Parameters[p].Kind == ParameterKind.Value && plan.Assigned[p] is not null) nodes[p] = args[next++];
                return Build(c.Span, (function, new FunctionArguments(nodes, axes, shapes, axisLists)), static s => s.function.Build(s.Item2));
            }
            default:
                throw Unexpected.Value(syntax);
        }
    }

    private static Node BuildBinary(BinaryExpression b, List<Node> args)
    {
        if (IsSquare(b)) return Sym.Square(args[0]);
        Node l = args[0], r = args[1];
        return b.Operator.Kind switch
        {
            TokenKind.Plus => Sym.Add(l, r),
            TokenKind.Minus => Sym.Sub(l, r),
            TokenKind.Star => Sym.Mul(l, r),
            TokenKind.Slash => Sym.Div(l, r),
            TokenKind.Caret => Sym.Pow(l, r),
            TokenKind.At => Lowerings.MatMul(l, r),
            TokenKind.Less => Sym.Less(l, r),
            TokenKind.LessEqual => Sym.LessEqual(l, r),
            TokenKind.Greater => Sym.Greater(l, r),
            TokenKind.GreaterEqual => Sym.GreaterEqual(l, r),
            TokenKind.EqualEqual => Sym.Equal(l, r),
            TokenKind.BangEqual => Sym.NotEqual(l, r),
            _ => throw Unexpected.Value(b.Operator.Kind),
        };
    }

    /// <summary>
    /// A name in an expression: a defined value, else a declared symbolic size (which stands for its
    /// bound value, a scalar: <c>sum(l) / batch</c>), else an error.
    /// </summary>
    private Node? BindName(SyntaxToken name)
    {
        if (_scope.TryGetValue(name.Text, out var symbol)) return symbol.Node;
        if (_sizes.Contains(name.Text)) return Build(name.Span, () => Sym.Size(_graph, new[] { Dim.Sym(name.Text) }));
        ReportUnknownName(name);
        return null;
    }

    /// <summary>Runs a builder call at <paramref name="span"/>; shape errors become diagnostics there.</summary>
    private Node? Build(TextSpan span, Func<Node> build) => Build(span, build, static b => b());

    /// <summary>As <see cref="Build(TextSpan, Func{Node})"/>, with the builder's state passed rather than captured (no closure per node).</summary>
    private Node? Build<TState>(TextSpan span, TState state, Func<TState, Node> build)
    {
        var scope = _graph.EnterAt(Location(span));
        try
        {
            var node = build(state);
            if (TooManyElements(node.Shape) is not { } elements) return node;
            _diagnostics.ReportTooManyElements(span, "this value", node.Shape, elements);
        }
        catch (ShapeException e)
        {
            _diagnostics.ReportShapeMismatch(span, e.Detail);
        }
        catch (ArgumentException e)
        {
            _diagnostics.ReportBuildFailed(span, e.Message);
        }
        catch (InvalidOperationException e)
        {
            _diagnostics.ReportBuildFailed(span, e.Message);
        }
        catch (ArithmeticException e)
        {
            _diagnostics.ReportBuildFailed(span, e.Message);
        }
        finally
        {
            _graph.Exit(scope);
        }
        return null;
    }

    // ---- subscripts -----------------------------------------------------------------------------

    /// <summary>One subscript's literal values: an index, or slice bounds (<c>null</c>: open).</summary>
    private readonly record struct Subscript(bool IsIndex, int? Start, int? Stop);

    /// <summary>Reads every subscript's integer literals, reporting those that are not.</summary>
    private bool SubscriptValues(SubscriptExpression syntax, out Subscript[] subscripts)
    {
        subscripts = new Subscript[syntax.Subscripts.Count];
        bool ok = true;
        for (int k = 0; k < subscripts.Length; k++)
        {
            var s = syntax.Subscripts[k];
            if (s.IsIndex)
            {
                int? index = IntegerArgument(s.Start!, "an index");
                ok &= index is not null;
                subscripts[k] = new Subscript(true, index, null);
                continue;
            }
            int? start = s.Start is null ? null : IntegerArgument(s.Start, "a slice bound");
            int? stop = s.Stop is null ? null : IntegerArgument(s.Stop, "a slice bound");
            ok &= (s.Start is null || start is not null) & (s.Stop is null || stop is not null);
            subscripts[k] = new Subscript(false, start, stop);
        }
        return ok;
    }

    /// <summary>
    /// <c>x[s0, s1, …]</c>: subscript k applies to axis k; missing trailing subscripts mean the whole
    /// axis. The graph slices only the leading axis, so each other axis is lowered as
    /// <c>transpose (axis k to the front) → slice → transpose back</c>, and an index as
    /// <c>transpose → index</c> (which drops the axis, leaving the others in order). Axes are
    /// processed from the last, so dropping one does not renumber those still to do. Every piece
    /// has its VJP, so gradients flow through. An indexed or sliced axis needs a static size; the
    /// others may be symbolic.
    /// </summary>
    private Node? BindSubscripts(SubscriptExpression syntax, Node x)
    {
        if (!SubscriptValues(syntax, out var subscripts)) return null;
        string what = Describe(syntax.Target);
        if (subscripts.Length > x.Rank)
        {
            _diagnostics.ReportTooManySubscripts(syntax.Subscripts[x.Rank].Span, what, x.Shape, subscripts.Length);
            return null;
        }
        bool ok = true;
        var bounds = new (int Start, int Stop)?[subscripts.Length]; // null: the whole axis, nothing to do
        for (int k = 0; k < subscripts.Length; k++)
        {
            var s = subscripts[k];
            var span = syntax.Subscripts[k].Span;
            if (!s.IsIndex && s.Start is null && s.Stop is null) continue; // ':'
            var dim = x.Shape[k];
            if (!dim.IsStatic)
            {
                _diagnostics.ReportSubscriptOnSymbolicAxis(span, s.IsIndex ? "index" : "slice", k, what, x.Shape);
                ok = false;
                continue;
            }
            int n = dim.Size;
            if (s.IsIndex)
            {
                int i = s.Start!.Value < 0 ? s.Start.Value + n : s.Start.Value;
                if (i < 0 || i >= n)
                {
                    _diagnostics.ReportIndexOutOfRange(span, s.Start.Value, k, what, x.Shape);
                    ok = false;
                    continue;
                }
                bounds[k] = (i, i + 1);
                continue;
            }
            // Python's slice rules, as Sym.Slice: negative counts from the end, out of range clips.
            int Clip(int? i, int open) => i is null ? open : Math.Min(n, Math.Max(0, i.Value < 0 ? i.Value + n : i.Value));
            int a = Clip(s.Start, 0), b = Math.Max(a, Clip(s.Stop, n));
            if (a != 0 || b != n) bounds[k] = (a, b);
        }
        if (!ok) return null;
        return Build(syntax.Span, () =>
        {
            var y = x;
            for (int k = subscripts.Length - 1; k >= 0; k--)
            {
                if (bounds[k] is not var (a, b)) continue;
                var toFront = new int[y.Rank];
                toFront[0] = k;
                for (int i = 1; i <= k; i++) toFront[i] = i - 1;
                for (int i = k + 1; i < toFront.Length; i++) toFront[i] = i;
                var front = Sym.Transpose(y, toFront);
                if (subscripts[k].IsIndex)
                {
                    y = Sym.Index(front, a);
                    continue;
                }
                var back = new int[y.Rank];
                for (int i = 0; i < back.Length; i++) back[toFront[i]] = i;
                y = Sym.Transpose(Sym.Slice(front, a, b), back);
            }
            return y;
        });
    }

    /// <summary>An expression as messages name it: <c>'X'</c> for a name, else "the value".</summary>
    private static string Describe(ExpressionSyntax syntax)
    {
        while (syntax is ParenthesizedExpression p) syntax = p.Inner;
        return syntax is NameExpression name ? $"'{name.Identifier.Text}'" : "the value";
    }

    // ---- calls ----------------------------------------------------------------------------------

    /// <summary>Resolves the function and matches arguments to parameters (reporting mismatches once).</summary>
    private CallPlan Plan(CallExpression call)
    {
        if (_plans.TryGetValue(call, out var existing)) return existing;
        var plan = MakePlan(call);
        _plans.Add(call, plan);
        return plan;
    }

    private CallPlan MakePlan(CallExpression call)
    {
        string name = call.Name.Text;
        var function = Functions.Find(name);
        if (function is null)
        {
            if (_scope.ContainsKey(name)) _diagnostics.ReportNotAFunction(call.Name.Span, name);
            else _diagnostics.ReportUnknownFunction(call.Name.Span, name, Suggestions.Closest(name, Functions.List.Select(f => f.Name)));
            return Failed(call);
        }

        var parameters = function.Parameters;
        var assigned = new ArgumentSyntax?[parameters.Length];
        bool ok = true, seenNamed = false;
        int positional = 0;
        foreach (var argument in call.Arguments)
        {
            if (argument.Name is null)
            {
                if (seenNamed)
                {
                    _diagnostics.ReportPositionalAfterNamed(argument.Value.Span, name);
                    ok = false;
                }
                else if (positional >= parameters.Length)
                {
                    _diagnostics.ReportTooManyArguments(argument.Value.Span, name, parameters.Length, call.Arguments.Count);
                    return Failed(call);
                }
                else
                {
                    assigned[positional++] = argument;
                }
                continue;
            }
            seenNamed = true;
            int index = function.IndexOf(argument.Name.Text);
            if (index < 0)
            {
                _diagnostics.ReportUnknownNamedArgument(argument.Name.Span, name, argument.Name.Text,
                    Suggestions.Closest(argument.Name.Text, parameters.Select(p => p.Name)));
                ok = false;
            }
            else if (assigned[index] is not null)
            {
                _diagnostics.ReportDuplicateArgument(argument.Name.Span, name, argument.Name.Text);
                ok = false;
            }
            else
            {
                assigned[index] = argument;
            }
        }
        for (int p = 0; ok && p < parameters.Length; p++)
        {
            if (assigned[p] is null && !parameters[p].Optional)
            {
                _diagnostics.ReportMissingArgument(TextSpan.Cover(call.Name.Span, call.Close.Span), name, parameters[p].Name);
                ok = false;
            }
        }
        if (!ok) return Failed(call);

        var children = new List<ExpressionSyntax>();
        for (int p = 0; p < parameters.Length; p++)
            if (parameters[p].Kind == ParameterKind.Value && assigned[p] is not null) children.Add(assigned[p]!.Value);
        return new CallPlan(function, assigned, children, ok: true);
    }

    /// <summary>A call that cannot be built: its value arguments are still bound, to report what is wrong inside them.</summary>
    private static CallPlan Failed(CallExpression call) =>
        new(null, Array.Empty<ArgumentSyntax?>(), call.Arguments.Select(a => a.Value).Where(v => v is not ListExpression).ToList(), ok: false);

    /// <summary>Reads the axis and shape arguments of a call, reporting those that are not literals.</summary>
    private bool StaticArguments(CallExpression call, CallPlan plan, out int?[] axes, out Dim?[]?[] shapes, out int[]?[] axisLists)
    {
        var function = plan.Function!;
        var parameters = function.Parameters;
        axes = new int?[parameters.Length];
        shapes = new Dim?[]?[parameters.Length];
        axisLists = new int[]?[parameters.Length];
        bool ok = true;
        for (int p = 0; p < parameters.Length; p++)
        {
            var argument = plan.Assigned[p]?.Value;
            switch (parameters[p].Kind)
            {
                case ParameterKind.Axis:
                    if (argument is null)
                    {
                        axes[p] = parameters[p].DefaultAxis;
                    }
                    else
                    {
                        axes[p] = IntegerArgument(argument, $"{function.Name}: '{parameters[p].Name}'");
                        ok &= axes[p] is not null;
                    }
                    break;
                case ParameterKind.Shape:
                    shapes[p] = ShapeArgument(argument!, function.Name, parameters[p].Name);
                    ok &= shapes[p] is not null;
                    break;
                case ParameterKind.Axes:
                    if (argument is null) break;
                    axisLists[p] = AxisListArgument(argument, function.Name, parameters[p].Name);
                    ok &= axisLists[p] is not null;
                    break;
            }
        }
        return ok;
    }

    /// <summary>The value of an integer literal, optionally negated; anything else is reported.</summary>
    private int? IntegerArgument(ExpressionSyntax syntax, string what)
    {
        var value = IntegerLiteral(syntax);
        if (value is null) _diagnostics.ReportExpectedIntegerLiteral(syntax.Span, what);
        return value;
    }

    private static int? IntegerLiteral(ExpressionSyntax syntax)
    {
        bool negative = false;
        if (syntax is UnaryExpression u)
        {
            negative = true;
            syntax = u.Operand;
        }
        if (syntax is not NumberExpression { Token: { IsIntegerLiteral: true } token } || !long.TryParse(token.Text, out long v)) return null;
        if (negative) v = -v;
        return v < int.MinValue || v > int.MaxValue ? null : (int)v;
    }

    /// <summary>
    /// A dimension list: sizes, size names, and at most one <c>-1</c> (returned as <c>null</c>, for the
    /// builder to infer). A second <c>-1</c> or another negative size is reported at that entry.
    /// </summary>
    private Dim?[]? ShapeArgument(ExpressionSyntax syntax, string function, string parameter)
    {
        if (syntax is not ListExpression list)
        {
            _diagnostics.ReportExpectedDimensionList(syntax.Span, function, parameter);
            return null;
        }
        var dims = new Dim?[list.Elements.Count];
        bool ok = true, inferred = false;
        for (int i = 0; i < dims.Length; i++)
        {
            var element = list.Elements[i];
            if (element is NameExpression name)
            {
                dims[i] = Dim.Sym(name.Identifier.Text);
                continue;
            }
            int? size = element is NumberExpression or UnaryExpression { Operand: NumberExpression } ? IntegerLiteral(element) : null;
            if (size is null)
            {
                _diagnostics.ReportExpectedDimensionList(syntax.Span, function, parameter);
                return null;
            }
            if (size >= 0)
            {
                dims[i] = Dim.Of(size.Value);
            }
            else if (size == -1 && !inferred)
            {
                inferred = true; // dims[i] stays null: inferred
            }
            else
            {
                var span = element is UnaryExpression u ? TextSpan.Cover(u.Operator.Span, u.Operand.Span) : element.Span;
                _diagnostics.ReportInvalidListedDimension(span, function, size.Value, inferred && size == -1);
                ok = false;
            }
        }
        return ok ? dims : null;
    }

    /// <summary>An axis list <c>[1, 0]</c> of integer literals (negative counts from the end).</summary>
    private int[]? AxisListArgument(ExpressionSyntax syntax, string function, string parameter)
    {
        if (syntax is ListExpression list)
        {
            var axes = new int[list.Elements.Count];
            int i = 0;
            foreach (var element in list.Elements)
            {
                if (IntegerLiteral(element) is not int axis) break;
                axes[i++] = axis;
            }
            if (i == axes.Length) return axes;
        }
        _diagnostics.ReportExpectedAxisList(syntax.Span, function, parameter);
        return null;
    }
}
