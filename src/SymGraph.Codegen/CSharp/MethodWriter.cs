using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// Prints the <see cref="LoweredFunction"/> of one function as a C# method (and its array entry
/// point): a prologue (symbolic sizes, length checks, work buffers), the lowered statements, then the
/// return. A function lowered in several parts becomes a public method that calls private part
/// methods. Names come from the lowered variables (the model's where it has them), declared in
/// creation order in one <see cref="NameScope"/>, so they are unique and stable. Nothing about the
/// code is decided here.
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
    private readonly ClassWriter _class;
    private readonly CSharpFunction _function;
    private readonly Schedule _schedule;
    private readonly LoweredFunction _lowered;
    private readonly CSharpEmitterOptions _options;
    private readonly string _t;
    private readonly string[] _reserved;                   // the class's names (its methods, helpers, fields)
    private readonly string[] _argNames;
    private readonly string?[] _outputNames;              // per CSharpOutput; null for the returned one
    private readonly bool _returns;
    private readonly Dictionary<Var, string> _names = new();
    private readonly string _buffersLocal = "";
    private IndentedWriter _w = new();
    private string? _returnValue;
    private readonly FormulaWriter _formulas;
    private readonly FormulaWriter _vectorFormulas;

    public MethodWriter(ClassWriter owner, CSharpFunction function, Schedule schedule, IEnumerable<string> reserved, CSharpEmitterOptions options)
    {
        _class = owner;
        _function = function;
        _schedule = schedule;
        _options = options;
        _lowered = Lowerer.Lower(schedule, options.MaxMethodWeight, options.Vectorize);
        _t = Literals.Type(schedule.DType);
        _formulas = new FormulaWriter(schedule.DType, helper => owner.UsedFormulas.Add(helper));
        _vectorFormulas = new FormulaWriter(schedule.DType, helper => owner.UsedVectorFormulas.Add(helper), vector: true);
        // 'nameof' is emitted, so no local may be called that.
        _reserved = reserved.Concat(new[] { "nameof" }).ToArray();
        var scope = new NameScope(_reserved);
        bool strict = options.Identifiers == IdentifierPolicy.Strict;

        // Parameters first (they are API), then results, sizes, buffers, then the rest in creation order.
        _argNames = function.Arguments.Select((a, i) =>
        {
            var leaf = (Leaf)a.Op;
            return _names[_lowered.Arguments[i]] = scope.Declare(leaf.LeafName, strict, $"The {(leaf.Kind == LeafKind.Input ? "input" : "parameter")} name");
        }).ToArray();

        var outputs = function.Outputs;
        _returns = !outputs[0].IsPacked && outputs[0].Elements[0].Shape.IsScalar;
        _outputNames = new string?[outputs.Count];
        for (int o = 0; o < outputs.Count; o++)
        {
            if (o == 0 && _returns) continue;
            var explicitName = outputs[o].Name;
            _outputNames[o] = scope.Declare(explicitName ?? outputs[o].Elements[0].Name ?? "result" + Literals.Int(o), strict && explicitName is not null, "The result name");
            if (_lowered.Results[o] is { } array) _names[array] = _outputNames[o]!;
        }
        foreach (var v in _lowered.Sizes) _names[v] = scope.Declare(v.Name);
        foreach (var b in _lowered.Buffers) _names[b.Buffer] = scope.Declare(b.Buffer.Name);
        if (UsesBuffers) _buffersLocal = scope.Declare("buffers");
        foreach (var v in _lowered.Variables)
        {
            if (_names.ContainsKey(v)) continue;
            _names[v] = v.Frame == FrameKind.Constant ? _class.ConstantField(_schedule.Constants[v.Index]) : scope.Declare(v.Name);
        }
    }

    /// <summary>True when the method needs work buffers (or a spill array).</summary>
    public bool UsesBuffers => _lowered.Buffers.Count > 0 || _lowered.IsSplit;

    /// <summary>The name of part <paramref name="k"/> (from 1) of <paramref name="function"/>.</summary>
    public static string PartName(CSharpFunction function, int k) => function.Name + "Part" + Literals.Int(k);

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
        if (WritePrologue()) w.Line();
        var parts = new List<(string name, IndentedWriter text)>();
        if (_lowered.IsSplit)
        {
            var partParameters = PartParameters().ToList();
            foreach (var part in _lowered.Parts)
            {
                var text = _w = new IndentedWriter(w.Depth);
                foreach (var s in part.Loads) Statement(s);
                if (part.Loads.Count > 0) text.Line();
                foreach (var s in part.Body) Statement(s);
                parts.Add((PartName(_function, parts.Count + 1), text));
            }
            _w = w;
            string arguments = string.Join(", ", partParameters.Select(p => p.name));
            foreach (var (name, _) in parts) w.Line($"{name}({arguments});");
            foreach (var s in _lowered.Epilogue) Statement(s);
        }
        else
        {
            foreach (var s in _lowered.Parts[0].Body) Statement(s);
        }
        if (_returns) w.Line($"return {_returnValue ?? throw new InvalidOperationException("The returned value was never computed.")};");
        w.Close();
        if (_options.ArrayEntryPoints) WriteEntryPoint();

        if (parts.Count == 0) return;
        string declared = string.Join(", ", PartParameters().Select(p => p.type + " " + p.name));
        for (int c = 0; c < parts.Count; c++)
        {
            w.Line();
            w.Line($"// Part {Literals.Int(c + 1)} of {Literals.Int(parts.Count)} of {_function.Name}: methods stay small enough for the JIT to optimize.");
            w.Line($"private static void {parts[c].name}({declared})");
            w.Open();
            w.Append(parts[c].text);
            w.Close();
        }
    }

    /// <summary>What every part receives: the arguments, result arrays, sizes, work buffers and the spill array.</summary>
    private IEnumerable<(string type, string name)> PartParameters()
    {
        for (int a = 0; a < _function.Arguments.Count; a++)
            yield return (_function.Arguments[a].Shape.IsScalar ? _t : _t + "[]", _argNames[a]);
        foreach (var r in _lowered.Results)
            if (r is not null) yield return (_t + "[]", _names[r]);
        foreach (var v in _lowered.Sizes) yield return ("int", _names[v]);
        foreach (var b in _lowered.Buffers) yield return (_t + "[]", _names[b.Buffer]);
        if (_lowered.Spill is { } spill) yield return (_t + "[]", _names[spill.Array]);
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
            _w.Line($"int {_names[_lowered.Sizes[s]]} = InferSize({_argNames[source]}, {Literals.Int(rest)}, nameof({_argNames[source]}));");
            inferredFrom.Add(source);
            any = true;
        }
        for (int a = 0; a < _function.Arguments.Count; a++)
        {
            var shape = _function.Arguments[a].Shape;
            if (shape.IsScalar || inferredFrom.Contains(a)) continue;
            Require(_argNames[a], Int(_lowered.Count(shape)));
            any = true;
        }
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            var output = _function.Outputs[o];
            if (_outputNames[o] is null) continue;
            if (output.IsPacked) Require(_outputNames[o]!, Literals.Int(output.Elements.Count));
            else if (!output.Elements[0].Shape.IsScalar) Require(_outputNames[o]!, Int(_lowered.Count(output.Elements[0].Shape)));
            else continue;
            any = true;
        }
        // One thread-static read per call: the function's buffers hang off a single per-thread array.
        var buffers = _lowered.Buffers;
        int count = buffers.Count + (_lowered.Spill is null ? 0 : 1);
        if (count > 0)
        {
            Use(Helper.Buffer);
            _w.Line($"{_t}[]?[] {_buffersLocal} = Buffers(ref {ClassWriter.BufferField(_function)}, {Literals.Int(count)});");
        }
        for (int b = 0; b < buffers.Count; b++)
        {
            _w.Line($"{_t}[] {_names[buffers[b].Buffer]} = Buffer(ref {_buffersLocal}[{Literals.Int(b)}], {Int(buffers[b].Length)});");
            any = true;
        }
        if (_lowered.Spill is { } spill)
        {
            _w.Line($"{_t}[] {_names[spill.Array]} = Buffer(ref {_buffersLocal}[{Literals.Int(buffers.Count)}], {Literals.Int(spill.Length)});");
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
        var sizes = new Dictionary<Var, string>();
        string Length(Shape shape) => Int(_lowered.Count(shape), sizes);

        _w.Line("if (arguments is null) throw new global::System.ArgumentNullException(nameof(arguments));");
        for (int s = 0; s < _schedule.Symbols.Count; s++)
        {
            var symbol = _schedule.Symbols[s];
            var (source, rest) = _schedule.SizeSources[s]; // the prologue has rejected a size no argument carries alone
            var size = sizes[_lowered.Sizes[s]] = scope.Declare(symbol);
            Use(Helper.EntrySize);
            _w.Line($"int {size} = EntrySize(arguments, {Literals.Int(source)}, {Literals.Int(rest)}, {Literals.Int(argumentCount)}, {Literals.String(EntryPointChecks.Describe(_function.Arguments[source]))});");
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
}
