using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// Writes the generated file: header, namespace, the class with its constant and buffer fields, one
/// method per function (plus its array entry point) and the helpers the methods used.
/// </summary>
internal sealed class ClassWriter
{
    private readonly CSharpEmitterOptions _options;
    private readonly List<CSharpFunction> _functions;
    private readonly List<Schedule> _schedules;
    private readonly DType _dtype;
    private readonly List<Tensor> _constants = new(); // deduplicated by reference, in first-use order

    public ClassWriter(CSharpEmitterOptions options, List<CSharpFunction> functions, List<Schedule> schedules, DType dtype)
    {
        _options = options;
        _functions = functions;
        _schedules = schedules;
        _dtype = dtype;
        foreach (var s in schedules)
            foreach (var c in s.Constants)
                if (!_constants.Any(k => ReferenceEquals(k, c))) _constants.Add(c);
    }

    public string ElementType => Literals.Type(_dtype);

    public DType DType => _dtype;

    /// <summary>Helpers used so far by the methods written.</summary>
    public Helper Used { get; set; }

    /// <summary>The named formulas the methods written so far call (each becomes a helper method).</summary>
    public HashSet<SymGraph.Ops.NamedFormula> UsedFormulas { get; } = new();

    /// <summary>The named formulas the methods' vector loops call (each becomes a helper over <c>Vector&lt;T&gt;</c>).</summary>
    public HashSet<SymGraph.Ops.NamedFormula> UsedVectorFormulas { get; } = new();

    /// <summary>True once a method called a runtime kernel.</summary>
    public bool UsesRuntime { get; set; }

    /// <summary>The field holding a tensor constant.</summary>
    public string ConstantField(Tensor value)
    {
        int k = _constants.FindIndex(c => ReferenceEquals(c, value));
        if (k < 0) throw new InvalidOperationException("A tensor constant was not collected.");
        return "s_constant" + Literals.Int(k);
    }

    /// <summary>The thread-static field holding the work buffers of function <paramref name="f"/>.</summary>
    public static string BufferField(CSharpFunction f) => $"t_{f.Name}Buffers";

    /// <summary>The class's member names: no local or parameter may take one (it would hide it).</summary>
    private IEnumerable<string> MemberNames()
    {
        yield return _options.ClassName;
        foreach (var f in _functions)
        {
            yield return f.Name;
            yield return f.EntryPointName;
        }
        foreach (var h in Helpers.Names) yield return h;
        // Named formulas of the functions' own ops (a user-defined op may bring its own).
        foreach (var s in _schedules)
            foreach (var kv in s.Storage)
                if (kv.Key.Op.Formula is { } formula)
                    foreach (var helper in formula.NamedFormulas()) yield return helper.Name;
        for (int k = 0; k < _constants.Count; k++) yield return "s_constant" + Literals.Int(k);
        foreach (var f in _functions)
            foreach (var t in f.Tables) yield return t.Name;
        for (int i = 0; i < _functions.Count; i++)
        {
            yield return BufferField(_functions[i]);
            foreach (var part in PartNames(i)) yield return part;
        }
    }

    /// <summary>The private parts function <paramref name="i"/> is written in (none when it fits one method).</summary>
    private IEnumerable<string> PartNames(int i)
    {
        int parts = _schedules[i].Split(Math.Max(1, _options.MaxMethodWeight)).Count;
        return parts < 2 ? Enumerable.Empty<string>() : Enumerable.Range(1, parts).Select(k => MethodWriter.PartName(_functions[i], k));
    }

    public CSharpSource Write()
    {
        var reserved = MemberNames().ToList();
        var taken = new HashSet<string>(_functions.Select(f => f.Name).Concat(_functions.Select(f => f.EntryPointName)).Append(_options.ClassName), StringComparer.Ordinal);
        for (int i = 0; i < _functions.Count; i++)
            foreach (var part in PartNames(i))
                if (taken.Contains(part))
                    throw new ArgumentException($"The name '{part}' (of the class, a function or an entry point) is taken by a part of function '{_functions[i].Name}': large functions are written in parts named <Name>Part<k>. Rename one.");

        // The methods first: they tell which functions still need work buffers (small tensors may all
        // live in locals) and which helpers they use.
        var methods = new IndentedWriter(2);
        var buffered = new bool[_functions.Count];
        for (int i = 0; i < _functions.Count; i++)
        {
            if (i > 0) methods.Line();
            var method = new MethodWriter(this, _functions[i], _schedules[i], reserved, _options);
            method.Write(methods);
            buffered[i] = method.UsesBuffers;
        }
        bool hasBuffers = buffered.Any(b => b);

        var w = new IndentedWriter();
        w.Line("// <auto-generated>");
        w.Line("//     Generated by SymGraph (C# backend)" + (_options.Source is null ? "." : " from " + Identifiers.CommentText(_options.Source) + "."));
        w.Line("//     Do not edit: changes are lost when the code is regenerated.");
        w.Line("// </auto-generated>");
        // Buffer fields are annotated; scalar-only code stays valid C# 7.3.
        if (hasBuffers) w.Line("#nullable enable");
        w.Line();
        w.Line("namespace " + _options.Namespace).Open();
        w.Line("/// <summary>");
        w.Line("/// " + Identifiers.XmlText(Summary()));
        w.Line("/// </summary>");
        w.Line((_options.Internal ? "internal" : "public") + " static class " + _options.ClassName).Open();

        bool first = true;
        foreach (var f in _functions)
            foreach (var t in f.Tables)
            {
                if (!first) w.Line();
                first = false;
                WriteTable(w, t);
            }
        for (int k = 0; k < _constants.Count; k++)
        {
            if (!first && k == 0) w.Line();
            first = false;
            WriteConstant(w, k, _constants[k]);
        }
        if (hasBuffers)
        {
            if (!first) w.Line();
            first = false;
            w.Line("// Work buffers, one set per thread, grown when sizes grow.");
            for (int i = 0; i < _functions.Count; i++)
                if (buffered[i])
                    w.Line($"[global::System.ThreadStatic] private static {ElementType}[]?[]? {BufferField(_functions[i])};");
        }
        if (!first) w.Line();
        w.Append(methods);
        Helpers.Write(w, Used, UsedFormulas, UsedVectorFormulas, _dtype, nullable: hasBuffers);
        w.Close();
        w.Close();
        return new CSharpSource(w.ToString(), _options.Namespace, _options.ClassName, _dtype, _functions, UsesRuntime, _options.ArrayEntryPoints);
    }

    private string Summary()
    {
        var names = _functions.Select(f => f.Name).ToList();
        var list = names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        return (_options.Source is null ? list : $"{list} of {_options.Source}") + ", generated by SymGraph.";
    }

    private static void WriteTable(IndentedWriter w, CSharpTable table)
    {
        w.Line("/// <summary>" + Identifiers.XmlText(table.Summary) + "</summary>");
        w.Line($"public static readonly int[] {table.Name} =").Open();
        const int PerLine = 16;
        for (int i = 0; i < table.Values.Count; i += PerLine)
            w.Line(string.Join(", ", table.Values.Skip(i).Take(PerLine).Select(Literals.Int)) + ",");
        w.Close("};");
    }

    private void WriteConstant(IndentedWriter w, int k, Tensor value)
    {
        w.Line($"// A constant of shape {value.ShapeText}.");
        w.Line($"private static readonly {ElementType}[] s_constant{Literals.Int(k)} =").Open();
        const int PerLine = 8;
        for (int i = 0; i < value.Data.Length; i += PerLine)
        {
            var items = value.Data.Skip(i).Take(PerLine).Select(v => Literals.Number(v, _dtype));
            w.Line(string.Join(", ", items) + ",");
        }
        w.Close("};");
    }
}
