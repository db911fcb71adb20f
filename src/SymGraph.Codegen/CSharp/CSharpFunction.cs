using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// One method of a generated class: its name, its arguments (leaves, in parameter order) and its
/// results. <see cref="Derivatives"/> builds the usual set (value, gradient, Hessian or Jacobian).
/// </summary>
public sealed class CSharpFunction
{
    /// <summary>Creates a function. <paramref name="name"/> must be a valid C# identifier (it is not escaped).</summary>
    public CSharpFunction(string name, IEnumerable<Node> arguments, IEnumerable<CSharpOutput> outputs, string? summary = null)
    {
        Identifiers.Validate(name, "The function name");
        if (Identifiers.Format(name) != name) throw new ArgumentException($"The function name '{name}' is a C# keyword.", nameof(name));
        Name = name;
        Arguments = arguments?.ToArray() ?? throw new ArgumentNullException(nameof(arguments));
        Outputs = outputs?.ToArray() ?? throw new ArgumentNullException(nameof(outputs));
        if (Outputs.Count == 0) throw new ArgumentException($"Function '{name}' has no results.", nameof(outputs));
        if (Arguments.Any(a => a is null)) throw new ArgumentNullException(nameof(arguments), "An argument is null.");
        if (Outputs.Any(o => o is null)) throw new ArgumentNullException(nameof(outputs), "A result is null.");
        Summary = summary;
    }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The name of the array entry point, <c>Invoke{Name}(T[][] args, T[][] results)</c>.</summary>
    public string EntryPointName => "Invoke" + Name;

    /// <summary>The leaves passed to the method, in parameter order.</summary>
    public IReadOnlyList<Node> Arguments { get; }

    /// <summary>The results, in order (the first, when a scalar, is the return value).</summary>
    public IReadOnlyList<CSharpOutput> Outputs { get; }

    /// <summary>The method's documentation summary (free text, sanitized), or null for a default.</summary>
    public string? Summary { get; }

    /// <summary>Every result node in order, packed results expanded.</summary>
    internal IReadOnlyList<Node> FlatOutputs => Outputs.SelectMany(o => o.Elements).ToArray();

    /// <summary>
    /// What the schedule computes, one node per result: packed scalars as one stacked vector, so
    /// constants are filled at once (the zeros of a sparse Hessian) and each computed scalar is
    /// stored into the array where it is computed.
    /// </summary>
    internal IReadOnlyList<Node> ScheduledOutputs => Outputs.Select(o => o.IsPacked ? Sym.Stack(o.Elements.ToArray()) : o.Elements[0]).ToArray();

    /// <summary>
    /// The same function with every result node replaced through <paramref name="transform"/> (given
    /// all result nodes in order, it returns their replacements in the same order): for example
    /// <c>f.WithOutputs(nodes =&gt; Simplifier.Simplify(nodes))</c>.
    /// </summary>
    public CSharpFunction WithOutputs(Func<IReadOnlyList<Node>, IReadOnlyList<Node>> transform)
    {
        if (transform is null) throw new ArgumentNullException(nameof(transform));
        var flat = FlatOutputs;
        var mapped = transform(flat);
        if (mapped is null || mapped.Count != flat.Count)
            throw new ArgumentException($"The transform returned {mapped?.Count ?? 0} nodes for {flat.Count}.", nameof(transform));
        int at = 0;
        var outputs = new List<CSharpOutput>();
        foreach (var o in Outputs)
        {
            var elements = mapped.Skip(at).Take(o.Elements.Count).ToArray();
            at += elements.Length;
            outputs.Add(o.IsPacked ? CSharpOutput.Pack(o.Name!, elements, o.Description) : CSharpOutput.Of(elements[0], o.Name, o.Description));
        }
        return new CSharpFunction(Name, Arguments, outputs, Summary);
    }

    /// <summary>
    /// The usual functions of <paramref name="output"/> with respect to <paramref name="wrt"/>:
    /// for a scalar output, <c>Value</c>, <c>Gradient</c> (which also returns the value) and, when
    /// <paramref name="hessian"/> is set, <c>Hessian</c>; for a tensor output, <c>Value</c> and
    /// <c>Jacobian</c>. Derivatives with respect to several scalars are packed into one array
    /// (the Hessian row-major); otherwise there is one result per node of <paramref name="wrt"/>
    /// (per pair, for Hessian blocks). Arguments default to every input and parameter of the graph
    /// in declaration order.
    /// </summary>
    public static IReadOnlyList<CSharpFunction> Derivatives(Node output, IReadOnlyList<Node> wrt, bool hessian = false, IReadOnlyList<Node>? arguments = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (wrt.Count == 0) throw new ArgumentException("Nothing to differentiate with respect to.", nameof(wrt));
        var graph = output.Graph;
        arguments ??= graph.Inputs.Concat(graph.Parameters).OrderBy(n => n.Id).ToArray();
        string f = output.Name ?? "f";
        string Of(Node w, int i) => w.Name ?? $"x{i}";
        string list = string.Join(", ", wrt.Select(Of));
        bool allScalar = wrt.All(w => w.Shape.IsScalar);
        var functions = new List<CSharpFunction>
        {
            new("Value", arguments, new[] { CSharpOutput.Of(output, "value", f) }, $"Computes {f}."),
        };

        if (!output.Shape.IsScalar)
        {
            if (hessian) throw new ArgumentException($"A Hessian needs a scalar output; {f} has shape {output.Shape}.", nameof(hessian));
            var jacobians = wrt.Select((w, i) => CSharpOutput.Of(Autodiff.Jacobian(output, w),
                wrt.Count == 1 ? "jacobian" : "jacobian_" + Of(w, i), $"∂{f}/∂{Of(w, i)}, shape {output.Shape}++{w.Shape}, row-major"));
            functions.Add(new CSharpFunction("Jacobian", arguments, jacobians, $"The Jacobian of {f} with respect to {list}."));
            return functions;
        }

        var grads = Autodiff.Grad(output, wrt.ToArray());
        var gradOutputs = new List<CSharpOutput> { CSharpOutput.Of(output, "value", f) };
        if (allScalar && wrt.Count > 1)
            gradOutputs.Add(CSharpOutput.Pack("gradient", grads, $"∂{f}/∂({list})"));
        else
            gradOutputs.AddRange(grads.Select((g, i) => CSharpOutput.Of(g, "d" + Of(wrt[i], i), $"∂{f}/∂{Of(wrt[i], i)}")));
        functions.Add(new CSharpFunction("Gradient", arguments, gradOutputs, $"Computes {f} and its gradient with respect to {list}."));

        if (hessian)
        {
            var h = Autodiff.Hessian(output, wrt);
            var hessianOutputs = new List<CSharpOutput>();
            if (allScalar && wrt.Count > 1)
                hessianOutputs.Add(CSharpOutput.Pack("hessian", Enumerable.Range(0, wrt.Count * wrt.Count).Select(k => h[k / wrt.Count, k % wrt.Count]), $"∂²{f}/∂({list})², row-major"));
            else if (wrt.Count == 1)
                hessianOutputs.Add(CSharpOutput.Of(h[0, 0], "hessian", $"∂²{f}/∂{Of(wrt[0], 0)}², row-major"));
            else
                for (int i = 0; i < wrt.Count; i++)
                    for (int j = 0; j < wrt.Count; j++)
                        hessianOutputs.Add(CSharpOutput.Of(h[i, j], $"hessian_{Of(wrt[i], i)}_{Of(wrt[j], j)}", $"∂²{f}/∂{Of(wrt[i], i)}∂{Of(wrt[j], j)}, row-major"));
            functions.Add(new CSharpFunction("Hessian", arguments, hessianOutputs, $"The Hessian of {f} with respect to {list}."));
        }
        return functions;
    }
}
