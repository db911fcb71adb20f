using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;
using SymGraph.Simplify;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// The C# source backend: renders the <see cref="Schedule"/> of each function as one readable static
/// method (one statement per node, the model's names, comments on derivative nodes) in one static
/// class. Scalar graphs become self-contained code over <c>System.Math</c>; tensor graphs call the
/// <c>SymGraph.Runtime</c> kernels and loop over fused element-wise regions. Output is
/// deterministic: the same graph always gives byte-identical text.
/// </summary>
/// <example>
/// <code>
/// var source = CSharpEmitter.EmitDerivatives(loss, new[] { W1, b1 }, new CSharpEmitterOptions { ClassName = "Mlp" });
/// File.WriteAllText("Mlp.g.cs", source.Text);
/// </code>
/// </example>
public static class CSharpEmitter
{
    /// <summary>
    /// Emits <c>Value</c>, <c>Gradient</c> and optionally <c>Hessian</c> of a scalar
    /// <paramref name="output"/> (or <c>Value</c> and <c>Jacobian</c> of a tensor one) with respect to
    /// <paramref name="wrt"/>; see <see cref="CSharpFunction.Derivatives"/>.
    /// </summary>
    public static CSharpSource EmitDerivatives(Node output, IReadOnlyList<Node> wrt, CSharpEmitterOptions? options = null, bool hessian = false) =>
        Emit(CSharpFunction.Derivatives(output, wrt, hessian), options);

    /// <summary>Emits one static class holding <paramref name="functions"/>, in order.</summary>
    public static CSharpSource Emit(IEnumerable<CSharpFunction> functions, CSharpEmitterOptions? options = null)
    {
        if (functions is null) throw new ArgumentNullException(nameof(functions));
        options ??= new CSharpEmitterOptions();
        var list = functions.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to emit: no functions.", nameof(functions));
        if (list.Any(f => f is null)) throw new ArgumentNullException(nameof(functions), "A function is null.");
        ValidateNamespace(options.Namespace);
        ValidateClassName(options.ClassName);

        var members = new HashSet<string>(StringComparer.Ordinal) { options.ClassName };
        foreach (var f in list)
        {
            if (f.Name == options.ClassName || (options.ArrayEntryPoints && f.EntryPointName == options.ClassName))
                throw new ArgumentException($"The function '{f.Name}' has the name of its class (C# does not allow it).", nameof(functions));
            if (!members.Add(f.Name)) throw new ArgumentException($"Two functions are called '{f.Name}'.", nameof(functions));
            if (options.ArrayEntryPoints && !members.Add(f.EntryPointName))
                throw new ArgumentException($"The array entry point '{f.EntryPointName}' clashes with another function.", nameof(functions));
            if (Helpers.Names.Contains(f.Name)) throw new ArgumentException($"The function name '{f.Name}' is reserved for a generated helper.", nameof(functions));
        }
        foreach (var t in list.SelectMany(f => f.Tables))
            if (!members.Add(t.Name)) throw new ArgumentException($"The table '{t.Name}' clashes with a function, an entry point or another table.", nameof(functions));

        // The source describes the functions as given; the code computes their simplified forms.
        var rendered = options.Simplify ? list.Select(f => f.WithOutputs(nodes => Simplifier.Simplify(nodes))).ToList() : list;
        var schedules = rendered.Select(f => Schedule.Create(f.ScheduledOutputs, f.Arguments)).ToList();
        var dtypes = schedules.Select(s => s.DType).Distinct().ToList();
        if (dtypes.Count > 1) throw new ArgumentException("All functions of one class must have the same element type; these mix f32 and f64.", nameof(functions));
        return new ClassWriter(options, rendered, schedules, dtypes[0]).Write().WithFunctions(list);
    }

    private static void ValidateNamespace(string ns)
    {
        if (ns is null) throw new ArgumentNullException(nameof(ns), "The namespace is null.");
        foreach (var part in ns.Split('.'))
        {
            Identifiers.Validate(part, $"In the namespace {Identifiers.Quote(ns)}, the part");
            if (Identifiers.Format(part) != part) throw new ArgumentException($"The namespace '{ns}' has a part that is a C# keyword: '{part}'.", nameof(ns));
        }
    }

    private static void ValidateClassName(string name)
    {
        Identifiers.Validate(name, "The class name");
        if (Identifiers.Format(name) != name) throw new ArgumentException($"The class name '{name}' is a C# keyword.", nameof(name));
        // CS8981: lower-case ASCII type names may become keywords; the warning would break -warnaserror builds.
        if (name.All(c => c >= 'a' && c <= 'z'))
            throw new ArgumentException($"The class name '{name}' has only lower-case ASCII letters, which C# reserves for future keywords (warning CS8981); capitalize it.", nameof(name));
    }
}
