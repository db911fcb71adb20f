using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SymGraph.Model;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// The methods a compiled <c>.sg</c> model becomes, for every front end that writes its class (the
/// <c>compile</c> command and the source generator): <c>Value</c>, <c>Gradient</c> and optionally
/// <c>Hessian</c> of the <c>minimize</c> target, and <c>Outputs</c>, which computes the
/// <c>output</c> values from the leaves they depend on (a trained classifier's probabilities).
/// </summary>
public static class ModelFunctions
{
    /// <summary>The name of the method computing the model's <c>output</c> values.</summary>
    public const string OutputsName = "Outputs";

    /// <summary>
    /// The functions of <paramref name="model"/>: those of <see cref="CSharpFunction.Derivatives"/> for
    /// its cost (arguments: every input and parameter in declaration order) when it has one and something
    /// to differentiate with respect to, then <see cref="Outputs"/> when it has <c>output</c> statements.
    /// Empty when it has neither.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has errors.</exception>
    public static IReadOnlyList<CSharpFunction> Create(CompiledModel model, bool hessian)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        if (model.HasErrors) throw new InvalidOperationException($"{model.FileName} has errors: {model.Diagnostics.First(d => d.IsError)}");
        var functions = new List<CSharpFunction>();
        if (model.Cost is { } cost && model.Wrt.Count > 0)
            functions.AddRange(CSharpFunction.Derivatives(cost, model.Wrt, hessian, Arguments(model)));
        if (Outputs(model) is { } outputs) functions.Add(outputs);
        return functions;
    }

    /// <summary>The name of the Hessian-vector product method.</summary>
    public const string HessianVectorProductName = "HessianVectorProduct";

    /// <summary>
    /// <c>HessianVectorProduct</c>: the value of the scalar <paramref name="cost"/>, its gradient and
    /// its Hessian times a vector with respect to <paramref name="wrt"/> (forward over reverse: the
    /// JVP of the gradient, so no Hessian is formed and arrays of run-time length work). The
    /// arguments are <paramref name="arguments"/>, then one tangent input per node of
    /// <paramref name="wrt"/> (<c>v_x</c> for <c>x</c>, of its shape). Results as in
    /// <see cref="CSharpFunction.Derivatives"/>: scalars packed into <c>gradient</c> and <c>hv</c>,
    /// otherwise one result per node (<c>dx</c>, <c>hv_x</c>).
    /// </summary>
    public static CSharpFunction HessianVectorProduct(Node cost, IReadOnlyList<Node> wrt, IReadOnlyList<Node> arguments)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (wrt is null || wrt.Count == 0) throw new ArgumentException("Nothing to differentiate with respect to.", nameof(wrt));
        if (arguments is null) throw new ArgumentNullException(nameof(arguments));
        if (!cost.Shape.IsScalar) throw new ArgumentException($"A Hessian-vector product needs a scalar output; it has shape {cost.Shape}.", nameof(cost));
        var graph = cost.Graph;
        string f = cost.Name ?? "f";
        string Of(Node w, int i) => w.Name ?? $"x{i}";
        var tangents = wrt.Select((w, i) =>
        {
            string name = "v_" + Of(w, i);
            while (graph.FindLeaf(name) is not null) name += "_";
            return graph.Input(name, w.Shape, w.DType);
        }).ToArray();
        var grads = Autodiff.Grad(cost, wrt.ToArray());
        var products = Autodiff.Jvp(grads, wrt, tangents);
        string list = string.Join(", ", wrt.Select(Of));
        var outputs = new List<CSharpOutput> { CSharpOutput.Of(cost, "value", f) };
        if (wrt.All(w => w.Shape.IsScalar) && wrt.Count > 1)
        {
            outputs.Add(CSharpOutput.Pack("gradient", grads, $"∂{f}/∂({list})"));
            outputs.Add(CSharpOutput.Pack("hv", products, $"the Hessian of {f} times ({string.Join(", ", tangents.Select(t => t.Name))})"));
        }
        else
        {
            outputs.AddRange(grads.Select((g, i) => CSharpOutput.Of(g, "d" + Of(wrt[i], i), $"∂{f}/∂{Of(wrt[i], i)}")));
            outputs.AddRange(products.Select((p, i) => CSharpOutput.Of(p, "hv_" + Of(wrt[i], i), $"row {Of(wrt[i], i)} of the Hessian of {f} times the tangents")));
        }
        return new CSharpFunction(HessianVectorProductName, arguments.Concat(tangents), outputs,
            $"Computes {f}, its gradient and its Hessian times a vector (v_…) with respect to {list}.");
    }

    /// <summary>Every input and parameter of <paramref name="model"/>, in declaration order: the arguments of its derivative methods.</summary>
    public static IReadOnlyList<Node> Arguments(CompiledModel model) =>
        model.Inputs.Concat(model.Parameters).OrderBy(n => n.Id).ToArray();

    /// <summary>
    /// <c>Outputs</c>: the model's <c>output</c> values, one result each in source order (a scalar
    /// alone is returned), with the inputs and parameters they depend on as arguments, in declaration
    /// order (a classifier's method takes the features and the weights, not the labels). Null when
    /// the model has no <c>output</c> statement.
    /// </summary>
    public static CSharpFunction? Outputs(CompiledModel model)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        var outputs = model.Outputs.GroupBy(o => o.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (outputs.Count == 0) return null;
        var used = new HashSet<Node>(Topology.Sort(outputs.Select(o => o.Node)).Where(n => n.Op is Leaf));
        var arguments = Arguments(model).Where(used.Contains).ToArray();
        var results = outputs.Select(o => CSharpOutput.Of(o.Node, o.Name, o.Name));
        string list = string.Join(", ", outputs.Select(o => o.Name));
        return new CSharpFunction(OutputsName, arguments, results, $"Computes the model's outputs: {list}.");
    }

    /// <summary>A class name from a file name: <c>logistic_regression.sg</c> → <c>LogisticRegression</c>; <c>Model</c> when nothing usable is left.</summary>
    public static string ClassNameFor(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in stem)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                if (sb.Length == 0 && char.IsDigit(c)) sb.Append("Model");
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        return sb.Length == 0 ? "Model" : sb.ToString();
    }
}
