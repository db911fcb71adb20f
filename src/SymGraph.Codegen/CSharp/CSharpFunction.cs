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
        : this(name, arguments, outputs, summary, null)
    {
    }

    /// <summary>
    /// Creates a function with static tables written beside it as <c>public static readonly int[]</c>
    /// fields of the class (a sparse Hessian's pattern). Table names must be valid C# identifiers.
    /// </summary>
    public CSharpFunction(string name, IEnumerable<Node> arguments, IEnumerable<CSharpOutput> outputs, string? summary, IEnumerable<CSharpTable>? tables)
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
        Tables = tables?.ToArray() ?? Array.Empty<CSharpTable>();
        if (Tables.Any(t => t is null)) throw new ArgumentNullException(nameof(tables), "A table is null.");
    }

    /// <summary>Static tables written beside the method (<see cref="HessianSparse"/>'s row pointers and column indices).</summary>
    public IReadOnlyList<CSharpTable> Tables { get; }

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
        return new CSharpFunction(Name, Arguments, outputs, Summary, Tables);
    }

    /// <summary>
    /// The usual functions of <paramref name="output"/> with respect to <paramref name="wrt"/>:
    /// for a scalar output, <c>Value</c>, <c>Gradient</c> (which also returns the value) and, when
    /// <paramref name="hessian"/> is set, <c>Hessian</c>; for a tensor output, <c>Value</c> and
    /// <c>Jacobian</c>. Derivatives with respect to several scalars are packed into one array
    /// (the Hessian row-major); otherwise there is one result per node of <paramref name="wrt"/>. The
    /// Hessian with respect to several values of static shape is one [N, N] matrix over them flattened
    /// and concatenated in order (the layout <c>eval --hessian</c> prints; one block per pair only with
    /// symbolic shapes); when its pattern needs at most N/4 colours it is read from the colour products
    /// (<see cref="SparseHessian.Dense"/>) instead of one reverse sweep per row. Arguments default to every input and parameter of the graph
    /// in declaration order.
    /// </summary>
    public static IReadOnlyList<CSharpFunction> Derivatives(Node output, IReadOnlyList<Node> wrt, bool hessian = false, IReadOnlyList<Node>? arguments = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (wrt.Count == 0) throw new ArgumentException("Nothing to differentiate with respect to.", nameof(wrt));
        var graph = output.Graph;
        arguments ??= DefaultArguments(graph);
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
            var hessianOutputs = new List<CSharpOutput>();
            bool isStatic = wrt.All(w => w.Shape.IsStatic);
            if (!allScalar && isStatic && SparseDense(output, wrt) is { } fromProducts)
            {
                // A sparse pattern (few colours): the matrix is cleared and its nonzeros read from the colour products.
                hessianOutputs.Add(CSharpOutput.Of(fromProducts, "hessian", $"∂²{f}/∂({list})², {wrt.Sum(w => w.Shape.ElementCount)}×{wrt.Sum(w => w.Shape.ElementCount)} over {list} flattened in order, row-major"));
                functions.Add(new CSharpFunction("Hessian", arguments, hessianOutputs, $"The Hessian of {f} with respect to {list}."));
                return functions;
            }
            if (!allScalar && wrt.Count > 1 && isStatic)
            {
                // The one flat layout eval --hessian prints: the values concatenated in order.
                hessianOutputs.Add(CSharpOutput.Of(HessianLayout.Dense(output, wrt), "hessian", $"∂²{f}/∂({list})², {wrt.Sum(w => w.Shape.ElementCount)}×{wrt.Sum(w => w.Shape.ElementCount)} over {list} flattened in order, row-major"));
                functions.Add(new CSharpFunction("Hessian", arguments, hessianOutputs, $"The Hessian of {f} with respect to {list}."));
                return functions;
            }
            var h = Autodiff.Hessian(output, wrt);
            if (allScalar && wrt.Count > 1)
                hessianOutputs.Add(CSharpOutput.Pack("hessian", Enumerable.Range(0, wrt.Count * wrt.Count).Select(k => h[k / wrt.Count, k % wrt.Count]), $"∂²{f}/∂({list})², row-major"));
            else if (wrt.Count == 1)
                hessianOutputs.Add(CSharpOutput.Of(h[0, 0], "hessian", $"∂²{f}/∂{Of(wrt[0], 0)}², row-major"));
            else // symbolic shapes: one block per pair
                for (int i = 0; i < wrt.Count; i++)
                    for (int j = 0; j < wrt.Count; j++)
                        hessianOutputs.Add(CSharpOutput.Of(h[i, j], $"hessian_{Of(wrt[i], i)}_{Of(wrt[j], j)}", $"∂²{f}/∂{Of(wrt[i], i)}∂{Of(wrt[j], j)}, row-major"));
            functions.Add(new CSharpFunction("Hessian", arguments, hessianOutputs, $"The Hessian of {f} with respect to {list}."));
        }
        return functions;
    }

    /// <summary>
    /// <c>HessianSparse</c>: the Hessian of the scalar <paramref name="output"/> with respect to
    /// <paramref name="wrt"/> in the flat layout (the values concatenated in order, each flattened
    /// row-major), as the values of a CSR matrix: one result <c>values</c> of one element per structural
    /// nonzero, row by row, columns ascending, both triangles. The pattern is static data of the class,
    /// <c>HessianSparseRowPointers</c> (rows + 1 entries) and <c>HessianSparseColumnIndices</c>; the
    /// values come from one Hessian-vector product per colour of a star colouring, read back by
    /// straight-line stores (<see cref="SparseHessian"/>). A graph with symbolic sizes is specialized to
    /// <paramref name="sizes"/> first (a pattern is for one size), so the generated method takes arrays of
    /// those sizes.
    /// </summary>
    public static CSharpFunction HessianSparse(Node output, IReadOnlyList<Node> wrt, IReadOnlyList<Node>? arguments = null, IReadOnlyDictionary<string, int>? sizes = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (wrt.Count == 0) throw new ArgumentException("Nothing to differentiate with respect to.", nameof(wrt));
        if (!output.Shape.IsScalar) throw new ArgumentException($"A Hessian needs a scalar output; {output.Name ?? "f"} has shape {output.Shape}.", nameof(output));
        arguments ??= DefaultArguments(output.Graph);
        var roots = new[] { output }.Concat(wrt).Concat(arguments).ToArray();
        if (!Specialization.IsStatic(roots))
        {
            if (sizes is null) throw new ArgumentException("HessianSparse: the graph has symbolic sizes; give them (a sparsity pattern is for one size).", nameof(sizes));
            var spec = Specialization.Of(roots, sizes);
            (output, wrt, arguments) = (spec[output], spec.Map(wrt), spec.Map(arguments));
        }
        var sparse = SparseHessian.Build(output, wrt);
        string f = output.Name ?? "f";
        string list = string.Join(", ", wrt.Select((w, i) => w.Name ?? $"x{i}"));
        var p = sparse.Pattern;
        var tables = new[]
        {
            new CSharpTable("HessianSparseRowPointers", p.RowPointers.ToArray(), $"Row pointers of HessianSparse's CSR pattern ({p.Rows} rows): row i holds the entries RowPointers[i] … RowPointers[i + 1] − 1. Do not modify."),
            new CSharpTable("HessianSparseColumnIndices", p.ColumnIndices.ToArray(), $"Column indices of HessianSparse's CSR pattern ({p.Nonzeros} structural nonzeros, ascending within a row). Do not modify."),
        };
        var outputs = new[] { CSharpOutput.Of(sparse.Values, "values", $"the values of ∂²{f}/∂({list})² at HessianSparseColumnIndices, CSR order") };
        return new CSharpFunction("HessianSparse", arguments, outputs,
            $"The Hessian of {f} with respect to {list} as CSR values ({p.Rows}×{p.Columns}, {p.Nonzeros} structural nonzeros, {sparse.Coloring.Count} Hessian-vector products).", tables);
    }

    /// <summary>
    /// <c>HessianVectorProduct</c>: H·v for the Hessian H of the scalar <paramref name="output"/> with
    /// respect to <paramref name="wrt"/>, without forming H (forward over reverse). It takes the
    /// arguments and then <c>v</c>, one flat vector in the layout of <see cref="HessianSparse"/> (the
    /// values concatenated in <paramref name="wrt"/> order, each flattened row-major), and returns
    /// <c>hvp</c> in the same layout. With one value of symbolic length n, v and hvp have length n, read
    /// at run time from the arguments; several values need static shapes.
    /// </summary>
    public static CSharpFunction HessianVectorProduct(Node output, IReadOnlyList<Node> wrt, IReadOnlyList<Node>? arguments = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (wrt.Count == 0) throw new ArgumentException("Nothing to differentiate with respect to.", nameof(wrt));
        if (!output.Shape.IsScalar) throw new ArgumentException($"A Hessian-vector product needs a scalar output; {output.Name ?? "f"} has shape {output.Shape}.", nameof(output));
        var graph = output.Graph;
        arguments ??= DefaultArguments(graph);
        bool vector = wrt.Count == 1 && wrt[0].Rank == 1;
        if (!vector && wrt.Any(w => !w.Shape.IsStatic))
            throw new ArgumentException("HessianVectorProduct: symbolic sizes are supported for one vector; these values need static shapes (or specialize the sizes).", nameof(wrt));
        var layout = vector ? wrt[0].Shape : new Shape(wrt.Sum(w => w.Shape.ElementCount));
        string name = "v";
        for (int k = 2; graph.Inputs.Concat(graph.Parameters).Any(l => ((Ops.Leaf)l.Op).LeafName == name); k++) name = "v" + k;
        var v = graph.Input(name, layout, output.DType);
        var hvp = HessianLayout.Hvp(output, wrt, v);
        string f = output.Name ?? "f";
        string list = string.Join(", ", wrt.Select((w, i) => w.Name ?? $"x{i}"));
        return new CSharpFunction("HessianVectorProduct", arguments.Append(v), new[] { CSharpOutput.Of(hvp, "hvp", $"(∂²{f}/∂({list})²)·{name}, flat") },
            $"The Hessian of {f} with respect to {list} times {name} (flat, in the order {list}), without forming the Hessian.");
    }

    /// <summary>
    /// The dense Hessian from a star colouring's products (<see cref="SparseHessian.Dense"/>, shaped as the
    /// one value's Hessian or as the flat [N, N]) when that takes at most a quarter as many products as
    /// columns; otherwise null (a dense pattern, one too large to find, or symbolic sizes in the graph).
    /// </summary>
    private static Node? SparseDense(Node output, IReadOnlyList<Node> wrt)
    {
        int n = wrt.Sum(w => w.Shape.ElementCount);
        // A pattern is for one size: a graph with a symbolic batch keeps the sweeps (which need no size).
        if (n < 8 || !Specialization.IsStatic(new[] { output })) return null;
        SparseHessian sparse;
        try
        {
            sparse = SparseHessian.Build(output, wrt);
        }
        catch (SparsityLimitException)
        {
            return null;
        }
        if (4 * sparse.Coloring.Count > n) return null;
        return wrt.Count == 1 ? Sym.Reshape(sparse.Dense, wrt[0].Shape.Concat(wrt[0].Shape)) : sparse.Dense;
    }

    private static Node[] DefaultArguments(Graph graph) => graph.Inputs.Concat(graph.Parameters).OrderBy(n => n.Id).ToArray();
}
