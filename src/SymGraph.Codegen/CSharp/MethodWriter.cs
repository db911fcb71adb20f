using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// Renders the <see cref="Schedule"/> of one function as one C# method (and its array entry point):
/// a prologue (symbolic sizes, length checks, work buffers), then one statement per scheduled node
/// in schedule order, then the return. Names come from the model where it has them (<c>t{id}</c>
/// otherwise), all declared up front in one <see cref="NameScope"/>, so they are unique and stable.
/// </summary>
/// <remarks>
/// The shape of the code, for <c>loss = Σ relu(x·W + b)</c> and its gradient:
/// <code>
/// public static double Gradient(double[] x, double[] W, double[] b, double[] dW)
/// {
///     int batch = InferSize(x, 3, nameof(x));
///     ...
///     double[]?[] buffers = Buffers(ref t_GradientBuffers, 1);
///     double[] buffer0 = Buffer(ref buffers[0], batch * 4);
///
///     double[] t7 = buffer0;
///     global::SymGraph.Runtime.Kernels.MatMul(x, W, t7, batch, 3, 4, transposeA: false, transposeB: false);
///     for (int i0 = 0, f = 0; i0 &lt; batch; i0++) { for (int i1 = 0; i1 &lt; 4; i1++, f++) { ... } }
///     ...
///     return loss;
/// }
/// </code>
/// </remarks>
internal sealed partial class MethodWriter
{
    private const string Kernels = "global::SymGraph.Runtime.Kernels";

    private readonly ClassWriter _class;
    private readonly CSharpFunction _function;
    private readonly Schedule _schedule;
    private readonly CSharpEmitterOptions _options;
    private readonly string _t;
    private readonly NameScope _scope;
    private readonly string[] _argNames;
    private readonly string?[] _outputNames;              // per CSharpOutput; null for the returned one
    private readonly bool _returns;
    private readonly Dictionary<Node, string> _names = new();
    private readonly Dictionary<string, string> _sizes = new(StringComparer.Ordinal);
    private readonly string[] _reserved;                   // the class's names (its methods, helpers, fields)
    private readonly string[] _bufferLocals;
    private string _buffersLocal;
    private readonly Dictionary<string, string> _loopNames = new(StringComparer.Ordinal);
    private IndentedWriter _w = new();
    private bool _selfComparison;
    private string? _returnValue;

    public MethodWriter(ClassWriter owner, CSharpFunction function, Schedule schedule, IEnumerable<string> reserved, CSharpEmitterOptions options)
    {
        _class = owner;
        _function = function;
        _schedule = schedule;
        _options = options;
        _t = Literals.Type(schedule.DType);
        // 'nameof' is emitted, so no local may be called that.
        _reserved = reserved.Concat(new[] { "nameof" }).ToArray();
        _scope = new NameScope(_reserved);
        bool strict = options.Identifiers == IdentifierPolicy.Strict;

        // Parameters first (they are API), then results, sizes, buffers, nodes in schedule order.
        _argNames = function.Arguments.Select(a =>
        {
            var leaf = (Leaf)a.Op;
            return _scope.Declare(leaf.LeafName, strict, $"The {(leaf.Kind == LeafKind.Input ? "input" : "parameter")} name");
        }).ToArray();

        var outputs = function.Outputs;
        _returns = !outputs[0].IsPacked && outputs[0].Elements[0].Shape.IsScalar;
        _outputNames = new string?[outputs.Count];
        for (int o = 0; o < outputs.Count; o++)
        {
            if (o == 0 && _returns) continue;
            var explicitName = outputs[o].Name;
            _outputNames[o] = _scope.Declare(explicitName ?? outputs[o].Elements[0].Name ?? "result" + Literals.Int(o), strict && explicitName is not null, "The result name");
        }

        foreach (var symbol in schedule.Symbols) _sizes[symbol] = _scope.Declare(symbol);
        _bufferLocals = Enumerable.Range(0, schedule.Buffers.Count).Select(b => _scope.Declare("buffer" + Literals.Int(b))).ToArray();
        _buffersLocal = schedule.Buffers.Count > 0 ? _scope.Declare("buffers") : "";

        foreach (var step in schedule.Steps)
        {
            switch (step)
            {
                case ScalarStep s:
                    DeclareNode(s.Node);
                    break;
                case KernelStep k:
                {
                    var st = schedule.StorageOf(k.Node);
                    if (st.Kind is StorageKind.Scalar or StorageKind.Buffer || IsAlias(k.Node)) DeclareNode(k.Node);
                    break;
                }
                case LoopStep l:
                    foreach (var n in l.Nodes)
                        if (schedule.StorageOf(n).Kind is StorageKind.LoopLocal or StorageKind.Buffer) DeclareNode(n);
                    foreach (var n in l.Reductions) DeclareNode(n);
                    break;
            }
        }
        PlanParts();
        if (!IsSplit) FindPromotionCandidates();
    }

    /// <summary>True when the written method needs work buffers (known once <see cref="Write"/> has run).</summary>
    public bool UsesBuffers { get; private set; }

    private void DeclareNode(Node n)
    {
        if (!_names.ContainsKey(n)) _names[n] = _scope.Declare(n.Name ?? "t" + Literals.Int(n.Id));
    }

    /// <summary>A tensor-to-tensor reshape: it shares its input's array.</summary>
    private static bool IsAlias(Node n) => n.Op is Ops.Reshape && !n.Shape.IsScalar && !n.Inputs[0].Shape.IsScalar;

    private string LoopName(string name)
    {
        if (!_loopNames.TryGetValue(name, out var local)) _loopNames[name] = local = _scope.Declare(name);
        return local;
    }

    private void Use(Helper helper) => _class.Used |= helper;

    // ---- the method ----------------------------------------------------------------------------------

    public void Write(IndentedWriter w)
    {
        _w = w;
        WriteDocumentation();
        var parameters = _function.Arguments.Select((a, i) => (a.Shape.IsScalar ? _t : _t + "[]") + " " + _argNames[i]).ToList();
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            if (_outputNames[o] is null) continue;
            var output = _function.Outputs[o];
            bool array = output.IsPacked || !output.Elements[0].Shape.IsScalar;
            parameters.Add((array ? _t + "[] " : "out " + _t + " ") + _outputNames[o]);
        }
        w.Line($"public static {(_returns ? _t : "void")} {_function.Name}({string.Join(", ", parameters)})");
        w.Open();
        if (IsSplit)
        {
            WriteSplit(w);
            return;
        }
        // The body first (it decides which small tensors live in locals, see MethodWriter.Promotion),
        // then the prologue, which allocates buffers only for the rest.
        var helpers = (_class.Used, _class.UsesRuntime);
        IndentedWriter body;
        do
        {
            (_class.Used, _class.UsesRuntime) = helpers;
            BeginRendering();
            body = _w = new IndentedWriter(w.Depth);
            foreach (var step in _schedule.Steps) Render(step);
            if (_returns) _w.Line($"return {_returnValue ?? throw new InvalidOperationException("The returned value was never computed.")};");
        }
        while (_demoted);
        UsesBuffers = UsedBuffers().Count > 0;
        _w = w;
        if (WritePrologue()) w.Line();
        w.Append(body);
        w.Close();
        if (_options.ArrayEntryPoints) WriteEntryPoint();
    }

    private void WriteDocumentation()
    {
        string summary = _function.Summary ?? "Computes " + string.Join(", ", _function.Outputs.Select(Describe)) + ".";
        _w.Line("/// <summary>" + Identifiers.XmlText(summary) + "</summary>");
        for (int i = 0; i < _function.Arguments.Count; i++)
        {
            var a = _function.Arguments[i];
            var leaf = (Leaf)a.Op;
            _w.Line($"/// <param name=\"{_argNames[i].TrimStart('@')}\">{(leaf.Kind == LeafKind.Input ? "Input" : "Parameter")} <c>{Identifiers.XmlText(leaf.LeafName)}</c>, {Identifiers.XmlText(TypeText(a))}.</param>");
        }
        string? returns = null;
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            var output = _function.Outputs[o];
            string what = Identifiers.XmlText(Describe(output)) + ", " + Identifiers.XmlText(output.IsPacked
                ? $"{_schedule.DType.ShortName()}[{output.Elements.Count}]"
                : TypeText(output.Elements[0]));
            if (_outputNames[o] is null) returns = $"/// <returns>{what}.</returns>";
            else _w.Line($"/// <param name=\"{_outputNames[o]!.TrimStart('@')}\">Receives {what}.</param>");
        }
        if (returns is not null) _w.Line(returns);
    }

    private static string Describe(CSharpOutput o) => o.Description ?? o.Elements[0].Name ?? o.Elements[0].ToString();

    private static string TypeText(Node n) => n.DType.ShortName() + (n.Shape.IsScalar ? " scalar" : n.Shape + " row-major");

    /// <summary>Sizes, length checks and buffers. Returns whether anything was written.</summary>
    private bool WritePrologue()
    {
        bool any = false;
        var inferredFrom = new HashSet<int>();
        for (int s = 0; s < _schedule.Symbols.Count; s++)
        {
            var symbol = _schedule.Symbols[s];
            var (source, rest) = _schedule.SizeSources[s];
            if (source < 0)
                throw new ArgumentException($"The size '{Identifiers.CommentText(symbol)}' of function '{_function.Name}' cannot be read off any argument (none has it as its only symbolic dimension).");
            Use(Helper.InferSize);
            _w.Line($"int {_sizes[symbol]} = InferSize({_argNames[source]}, {Literals.Int(rest)}, nameof({_argNames[source]}));");
            inferredFrom.Add(source);
            any = true;
        }
        for (int a = 0; a < _function.Arguments.Count; a++)
        {
            var shape = _function.Arguments[a].Shape;
            if (shape.IsScalar || inferredFrom.Contains(a)) continue;
            Require(_argNames[a], Count(shape));
            any = true;
        }
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            var output = _function.Outputs[o];
            if (_outputNames[o] is null) continue;
            if (output.IsPacked) Require(_outputNames[o]!, Literals.Int(output.Elements.Count));
            else if (!output.Elements[0].Shape.IsScalar) Require(_outputNames[o]!, Count(output.Elements[0].Shape));
            else continue;
            any = true;
        }
        // One thread-static read per call: the function's buffers hang off a single per-thread array.
        var used = UsedBuffers();
        int count = used.Count + (IsSplit ? 1 : 0);
        if (count > 0)
        {
            Use(Helper.Buffer);
            _w.Line($"{_t}[]?[] {_buffersLocal} = Buffers(ref {ClassWriter.BufferField(_function)}, {Literals.Int(count)});");
        }
        for (int b = 0; b < used.Count; b++)
        {
            _w.Line($"{_t}[] {_bufferLocals[b]} = Buffer(ref {_buffersLocal}[{Literals.Int(b)}], {MaxCount(BufferShapes(used[b]))});");
            any = true;
        }
        if (IsSplit)
        {
            _w.Line($"{_t}[] {_spillLocal} = Buffer(ref {_buffersLocal}[{Literals.Int(used.Count)}], {Literals.Int(_spillIndex.Count)});");
            any = true;
        }
        return any;
    }

    private void Require(string array, string length)
    {
        // Inline, so the JIT sees the length (and drops bounds checks); the throw is out of line.
        Use(Helper.LengthError);
        _w.Line($"if ({array} is null || {array}.Length != {length}) throw LengthError({array}, {length}, nameof({array}));");
    }

    /// <summary>The largest element count among <paramref name="shapes"/> (a Math.Max chain when symbolic sizes differ).</summary>
    private string MaxCount(IEnumerable<Shape> shapes)
    {
        var best = new List<(string symbols, long coefficient, Shape shape)>();
        foreach (var s in shapes)
        {
            var symbols = string.Join("*", s.Where(d => !d.IsStatic).Select(d => d.Symbol!).OrderBy(x => x, StringComparer.Ordinal));
            long c = s.Where(d => d.IsStatic).Aggregate(1L, (p, d) => p * d.Size);
            int k = best.FindIndex(b => b.symbols == symbols);
            if (k < 0) best.Add((symbols, c, s));
            else if (c > best[k].coefficient) best[k] = (symbols, c, s);
        }
        var terms = best.Select(b => Count(b.shape)).ToList();
        string result = terms[terms.Count - 1];
        for (int k = terms.Count - 2; k >= 0; k--) result = $"global::System.Math.Max({terms[k]}, {result})";
        return result;
    }

    private void WriteEntryPoint()
    {
        _w.Line();
        _w.Line($"/// <summary><see cref=\"{_function.Name}\"/> with every argument and result as an array (a scalar in element 0), in order: the convention of <c>CompiledFunction&lt;T&gt;.Invoke</c>.</summary>");
        _w.Line("/// <param name=\"arguments\">The arguments, in parameter order.</param>");
        _w.Line("/// <param name=\"results\">The results, in order; each array must have the result's length.</param>");
        _w.Line($"public static void {_function.EntryPointName}({_t}[][] arguments, {_t}[][] results)");
        _w.Open();
        WriteEntryChecks();
        var call = _function.Arguments.Select((a, i) => a.Shape.IsScalar ? $"arguments[{i}][0]" : $"arguments[{i}]").ToList();
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            if (_outputNames[o] is null) continue;
            var output = _function.Outputs[o];
            call.Add(output.IsPacked || !output.Elements[0].Shape.IsScalar ? $"results[{o}]" : $"out results[{o}][0]");
        }
        string invocation = $"{_function.Name}({string.Join(", ", call)});";
        _w.Line(_returns ? "results[0][0] = " + invocation : invocation);
        _w.Close();
    }

    /// <summary>
    /// The checks of <c>CompiledFunction&lt;T&gt;.Invoke</c>, in its order and with its messages (see
    /// <see cref="EntryPointChecks"/>): null lists, symbolic sizes read off the arguments, counts, then
    /// every array's null and length. The typed method checks again; these make a bad call through the
    /// arrays fail the same way in both backends instead of with an IndexOutOfRangeException.
    /// </summary>
    private void WriteEntryChecks()
    {
        Use(Helper.EntryChecks);
        int argumentCount = _function.Arguments.Count, resultCount = _function.Outputs.Count;
        // Size locals get names of their own here: this method's parameters are 'arguments' and 'results'.
        var scope = new NameScope(_reserved.Concat(new[] { "arguments", "results" }));
        var sizes = new Dictionary<string, string>(StringComparer.Ordinal);
        string Length(Shape shape) => Product(shape, 0, shape.Rank, sizes);

        _w.Line("if (arguments is null) throw new global::System.ArgumentNullException(nameof(arguments));");
        for (int s = 0; s < _schedule.Symbols.Count; s++)
        {
            var symbol = _schedule.Symbols[s];
            var (source, rest) = _schedule.SizeSources[s]; // the prologue has rejected a size no argument carries alone
            sizes[symbol] = scope.Declare(symbol);
            Use(Helper.EntrySize);
            _w.Line($"int {sizes[symbol]} = EntrySize(arguments, {Literals.Int(source)}, {Literals.Int(rest)}, {Literals.Int(argumentCount)}, {Literals.String(EntryPointChecks.Describe(_function.Arguments[source]))});");
        }
        _w.Line("if (results is null) throw new global::System.ArgumentNullException(nameof(results));");
        _w.Line($"if (arguments.Length != {Literals.Int(argumentCount)}) throw CountError(\"argument\", {Literals.Int(argumentCount)}, arguments.Length);");
        _w.Line($"if (results.Length != {Literals.Int(resultCount)}) throw CountError(\"result\", {Literals.Int(resultCount)}, results.Length);");
        for (int a = 0; a < argumentCount; a++)
            CheckArray("arguments", "argument", a, Length(_function.Arguments[a].Shape), EntryPointChecks.Describe(_function.Arguments[a]));
        for (int o = 0; o < resultCount; o++)
        {
            var output = _function.Outputs[o];
            var (length, description) = output.IsPacked
                ? (Literals.Int(output.Elements.Count), EntryPointChecks.Describe(Describe(output), _schedule.DType, $"[{output.Elements.Count}]"))
                : (Length(output.Elements[0].Shape), EntryPointChecks.Describe(output.Elements[0]));
            CheckArray("results", "result", o, length, description);
        }
    }

    private void CheckArray(string list, string what, int index, string length, string description)
    {
        string array = $"{list}[{Literals.Int(index)}]";
        _w.Line($"if ({array} is null || {array}.Length != {length}) throw ArrayError({array}, {length}, \"{what}\", {Literals.Int(index)}, {Literals.String(description)});");
    }

    // ---- steps ---------------------------------------------------------------------------------------

    private void Render(Step step)
    {
        switch (step)
        {
            case ScalarStep s:
                Comment(s.Node);
                Statement(s.Node, $"{_t} {_names[s.Node]} = {Elementwise(s.Node, s.Node.Inputs.Select(Scalar).ToArray())};");
                foreach (var (target, offset) in s.Stores) _w.Line($"{Array(target)}[{Literals.Int(offset)}] = {_names[s.Node]};");
                break;
            case LoopStep l:
                RenderLoop(l);
                break;
            case KernelStep k:
                Comment(k.Node);
                RenderKernel(k.Node);
                break;
            case CopyToResultStep c:
                RenderCopy(c);
                break;
            default:
                throw new InvalidOperationException($"Unexpected step {step.GetType().Name}.");
        }
    }

    /// <summary>Writes the statement computing <paramref name="n"/>.</summary>
    private void Statement(Node n, string statement)
    {
        // x < x is a legitimate op (it is 0, and x != x tests NaN), but C# warns about it (CS1718).
        // Different nodes can render as the same operand too (elements in locals alias each other).
        bool self = _selfComparison || (n.Op is Comparison && ReferenceEquals(n.Inputs[0], n.Inputs[1]));
        _selfComparison = false;
        if (self) _w.Line("#pragma warning disable CS1718 // comparison of a value with itself: 0 or 1, and NaN-aware");
        _w.Line(statement);
        if (self) _w.Line("#pragma warning restore CS1718");
    }

    /// <summary>Derivative nodes are marked with their name (<c>// dloss/dW1</c>).</summary>
    private void Comment(Node n)
    {
        if (n.IsDerivative && n.Name is not null) _w.Line("// " + Identifiers.CommentText(n.Name));
    }

    private void RenderCopy(CopyToResultStep c)
    {
        int o = c.Result; // one scheduled node per result (packed scalars are stacked)
        if (c.Node.Shape.IsScalar && IsSplit)
        {
            _scalarResults.Add((o, c.Node)); // assigned by the public method, after the parts
        }
        else if (c.Node.Shape.IsScalar)
        {
            var value = Scalar(c.Node);
            if (_outputNames[o] is null) _returnValue = value;
            else _w.Line($"{_outputNames[o]} = {value};");
        }
        else if (IsPromoted(c.Node))
        {
            for (int e = 0; e < c.Node.Shape.ElementCount; e++) _w.Line($"{_outputNames[o]}[{Literals.Int(e)}] = {At(c.Node, e)};");
        }
        else
        {
            _w.Line($"global::System.Array.Copy({Array(c.Node)}, 0, {_outputNames[o]}, 0, {Count(c.Node.Shape)});");
        }
    }

    // ---- values --------------------------------------------------------------------------------------

    /// <summary>The value of a scalar node: a literal, a parameter or a local.</summary>
    private string Scalar(Node n)
    {
        var st = _schedule.StorageOf(n);
        switch (st.Kind)
        {
            case StorageKind.Constant:
                return Literals.Number(n.ScalarValue ?? ((Constant)n.Op).Value.Data[0], _schedule.DType);
            case StorageKind.Argument:
                if (IsSplit) LoadScalar(n);
                return _argNames[st.Index];
            case StorageKind.Scalar:
                if (IsSplit && !_partDefined.Contains(n)) LoadScalar(n);
                return _names[n];
            default:
                throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored as a scalar ({st}).");
        }
    }

    /// <summary>The array holding tensor node <paramref name="n"/>.</summary>
    private string Array(Node n)
    {
        RequireArray(n);
        if (_names.TryGetValue(n, out var local))
        {
            if (IsSplit) LoadArray(n);
            return local;
        }
        var st = _schedule.StorageOf(n);
        return st.Kind switch
        {
            StorageKind.Argument => _argNames[st.Index],
            StorageKind.Result => _outputNames[st.Index] ?? throw new InvalidOperationException($"{n} has no result array."),
            StorageKind.Constant when st.Index >= 0 => _class.ConstantField(_schedule.Constants[st.Index]),
            _ => throw new InvalidOperationException($"{n} ({n.Op.Name}) is not stored in an array ({st})."),
        };
    }

    /// <summary>Declares the local that names a tensor node living in a work buffer (or aliasing another array).</summary>
    private void DeclareArray(Node n)
    {
        if (!_names.TryGetValue(n, out var local) || IsPromoted(n)) return;
        _partArrays.Add(n);
        var st = _schedule.StorageOf(n);
        if (IsAlias(n))
            _w.Line($"{_t}[] {local} = {Array(n.Inputs[0])}; // reshaped to {Identifiers.CommentText(n.Shape.ToString())}, same elements");
        else if (st.Kind == StorageKind.Buffer)
            _w.Line($"{_t}[] {local} = {BufferLocal(st.Index)};");
        else
            throw new InvalidOperationException($"{n} ({st}) needs no array local.");
    }

    /// <summary>The size of <paramref name="d"/>.</summary>
    private string Dim(Dim d) => Dim(d, _sizes);

    // The size of d, a symbolic one by its local in 'sizes' (the method's, or the entry point's own).
    private static string Dim(Dim d, IReadOnlyDictionary<string, string> sizes) => d.IsStatic ? Literals.Int(d.Size) : sizes[d.Symbol!];

    /// <summary>The product of dimensions <paramref name="from"/> ≤ k &lt; <paramref name="to"/>: static ones folded, symbolic ones first.</summary>
    private string Product(Shape shape, int from, int to) => Product(shape, from, to, _sizes);

    private static string Product(Shape shape, int from, int to, IReadOnlyDictionary<string, string> sizes)
    {
        int constant = 1;
        var symbolic = new List<string>();
        for (int k = from; k < to; k++)
        {
            if (shape[k].IsStatic) constant *= shape[k].Size;
            else symbolic.Add(Dim(shape[k], sizes));
        }
        if (symbolic.Count == 0) return Literals.Int(constant);
        return string.Join(" * ", symbolic) + (constant == 1 ? "" : " * " + Literals.Int(constant));
    }

    private string Count(Shape shape) => Product(shape, 0, shape.Rank);

    private static string Parenthesized(string intExpression) => intExpression.IndexOf(' ') >= 0 ? "(" + intExpression + ")" : intExpression;
}
