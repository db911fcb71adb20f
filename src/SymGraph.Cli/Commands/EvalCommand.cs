using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph eval MODEL.sg --at VALUES.json [--grad] [--hessian] [--backend interp|expr|cs] [--json]</c>:
/// the model's values (the cost and its <c>output</c>s) at a point, and optionally the gradient and the
/// dense Hessian, computed by the chosen backend.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var at = CommonOptions.At(required: true);
        var grad = new Option<bool>("--grad") { Description = "Also print the gradient of the cost with respect to every param (or the 'wrt' list)." };
        var hessian = CommonOptions.Hessian("Also print the Hessian over all params, flattened row-major in declaration order.");
        var hvp = new Option<string?>("--hvp")
        {
            Description = "Also print the Hessian-vector product H·v for the vector v in this file (the values-file format, one entry per 'wrt' value in its shape).",
            HelpName = "V.json",
        };
        var backend = CommonOptions.Backend("interp", "Who computes: the reference interpreter (interp), compiled expression trees (expr) or generated C# (cs).");
        var json = CommonOptions.Json("{\"outputs\": …, \"gradient\": …, \"hvp\": …, \"hessian\": {\"wrt\": […], \"matrix\": [[…]]} (sparse: \"rows\", \"cols\", \"row_ptr\", \"col_idx\", \"values\")}");
        var command = new Command("eval", "Evaluate a model (and its gradient, Hessian-vector product and Hessian) at the values of a JSON file.") { model, at, grad, hessian, hvp, backend, json };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(at)!, parse.GetValue(grad), CommonOptions.HessianFormOf(parse, hessian),
            parse.GetValue(hvp), parse.GetValue(backend)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string valuesPath, bool grad, HessianForm hessian, string? hvpPath, string backendName, bool json)
    {
        var model = LoadedModel.Load(context, modelPath);
        var point = Point.Read(context, valuesPath, model);
        var result = Evaluate(context, model, point, Backend.Create(backendName), grad, hessian, hvpPath);
        if (json) WriteJson(context, result);
        else WriteText(context, result);
        return ExitCodes.Success;
    }

    /// <summary>What <c>eval</c> computed: named outputs, the gradient and the product H·v by name, and the flattened Hessian.</summary>
    internal sealed class EvalResult
    {
        public List<(string Name, Tensor Value)> Outputs { get; } = new();

        public List<(string Name, Tensor Value)>? Gradient { get; set; }

        public List<(string Name, Tensor Value)>? Hvp { get; set; }

        public string[]? HessianWrt { get; set; }

        public double[][]? Hessian { get; set; }

        public CsrMatrix? SparseHessian { get; set; }

        /// <summary>The colours of the sparse Hessian's star colouring (the products it took).</summary>
        public int Colors { get; set; }
    }

    internal static EvalResult Evaluate(CliContext context, LoadedModel model, Point point, Backend backend, bool grad, bool hessian) =>
        Evaluate(context, model, point, backend, grad, hessian ? HessianForm.Dense : HessianForm.None, null);

    internal static EvalResult Evaluate(CliContext context, LoadedModel model, Point point, Backend backend, bool grad, HessianForm hessian, string? hvpPath)
    {
        // A dense Hessian with respect to values of static shape is built on the model's graph (one
        // compilation with everything else); with symbolic shapes, and for the sparse form (whose pattern
        // and colours are for one size), on a copy with the sizes bound.
        bool onModel = hessian == HessianForm.Dense && model.Wrt.All(w => w.Shape.IsStatic);
        var bound = hessian == HessianForm.None || onModel ? null : model.Bind(context, point, "eval --hessian");
        // One function for everything else asked: the forward pass the value, the gradient, the HVP and
        // the Hessian share is computed (and, for the compiled backends, simplified and compiled) once.
        var outputs = new List<Node>(model.Outputs.Select(o => o.Node));
        int valueCount = outputs.Count;
        if (grad) outputs.AddRange(model.Gradients(context, "eval --grad"));
        int gradientEnd = outputs.Count;
        // With --hvp the point also holds v (every function gets the same arguments).
        var (hvp, at) = hvpPath is null ? (null, point) : HessianVectorProduct(context, model, point, hvpPath);
        if (hvp is not null) outputs.AddRange(hvp.Products);
        int hvpEnd = outputs.Count;
        if (onModel) outputs.AddRange(model.HessianBlocks(context, "eval --hessian"));
        var arguments = hvp is null ? model.Arguments : model.Arguments.Concat(hvp.Tangents).ToArray();
        var result = new EvalResult();
        if (outputs.Count > 0)
        {
            var values = Evaluator.Run(backend.Prepare(new[] { new FunctionSpec("eval", outputs.ToArray()) }, arguments)[0], at);
            for (int i = 0; i < valueCount; i++) result.Outputs.Add((model.Outputs[i].Name, values[i]));
            if (grad) result.Gradient = model.Wrt.Select((w, i) => (w.Name!, values[valueCount + i])).ToList();
            if (hvp is not null) result.Hvp = model.Wrt.Select((w, i) => (w.Name!, values[gradientEnd + i])).ToList();
            if (onModel) result.Hessian = HessianLayout.Flatten(model.Wrt, values.Skip(hvpEnd).ToArray());
        }
        if (hessian != HessianForm.None) result.HessianWrt = model.Wrt.Select(w => w.Name!).ToArray();
        if (hessian == HessianForm.Dense && !onModel)
        {
            var blocks = model.HessianBlocks(context, "eval --hessian", bound!);
            var values = Evaluator.Run(backend.Prepare(new[] { new FunctionSpec("hessian", blocks) }, bound!.Arguments)[0], bound.Point);
            result.Hessian = HessianLayout.Flatten(bound.Wrt, values);
        }
        else if (hessian == HessianForm.Sparse)
        {
            var sparse = SparseHessian(bound!);
            var products = sparse.Products.Count == 0
                ? System.Array.Empty<Tensor>()
                : Evaluator.Run(backend.Prepare(new[] { new FunctionSpec("hessian", sparse.Products.ToArray()) }, bound!.Arguments)[0], bound.Point);
            result.SparseHessian = sparse.Recover(products);
            result.Colors = sparse.Coloring.Count;
        }
        return result;
    }

    /// <summary>The sparse Hessian of a bound model, or invalid input when its pattern would be too large.</summary>
    internal static SymGraph.SparseHessian SparseHessian(BoundModel bound)
    {
        try
        {
            return SymGraph.SparseHessian.Build(bound.Cost, bound.Wrt);
        }
        catch (SparsityLimitException e)
        {
            throw CliException.Invalid($"--hessian sparse: {e.Message}");
        }
    }

    /// <summary>H·v on the model's graph: one input per differentiated value holding v, in its (possibly symbolic) shape.</summary>
    internal sealed class HvpGraph
    {
        public HvpGraph(Node[] tangents, Node[] products) => (Tangents, Products) = (tangents, products);

        public Node[] Tangents { get; }

        public Node[] Products { get; }
    }

    private static (HvpGraph, Point) HessianVectorProduct(CliContext context, LoadedModel model, Point point, string path)
    {
        var cost = model.RequireCost(context, "eval --hvp");
        // v is read against leaves named after the values (the messages then name them), in a graph of its own.
        var names = new Graph();
        var like = model.Wrt.Select(w => names.Parameter(w.Name!, w.Shape, w.DType)).ToArray();
        var text = TextFile.Read(context, path, "a vector file");
        var values = SymGraph.Model.ModelValues.Read(text, path, like);
        context.Report(values.Diagnostics, values.OmittedErrors);
        if (values.HasErrors) throw CliException.Reported();
        foreach (var kv in values.Sizes)
            if (point.Sizes.TryGetValue(kv.Key, out int size) && size != kv.Value)
                throw CliException.Invalid($"eval --hvp: size '{kv.Key}' is {kv.Value} in {path} but {size} {point.Description}");
        var graph = cost.Graph;
        var tangents = model.Wrt.Select(w => graph.Input("v:" + w.Name, w.Shape, w.DType)).ToArray();
        var products = Autodiff.Hvp(cost, model.Wrt, tangents);
        var more = new Dictionary<Node, Tensor>();
        for (int i = 0; i < tangents.Length; i++) more[tangents[i]] = values.ByName[model.Wrt[i].Name!];
        return (new HvpGraph(tangents, products), point.With(more));
    }

    private static void WriteJson(CliContext context, EvalResult result) => Json.Write(context.Out, w =>
    {
        w.StartObject();
        w.Name("outputs");
        w.StartObject();
        foreach (var (name, value) in result.Outputs)
        {
            w.Name(name);
            w.Tensor(value);
        }
        w.EndObject();
        if (result.Gradient is not null)
        {
            w.Name("gradient");
            w.StartObject();
            foreach (var (name, value) in result.Gradient)
            {
                w.Name(name);
                w.Tensor(value);
            }
            w.EndObject();
        }
        if (result.Hvp is not null)
        {
            w.Name("hvp");
            w.StartObject();
            foreach (var (name, value) in result.Hvp)
            {
                w.Name(name);
                w.Tensor(value);
            }
            w.EndObject();
        }
        if (result.HessianWrt is not null)
        {
            w.Name("hessian");
            w.StartObject();
            w.Name("wrt");
            w.StartArray();
            foreach (var name in result.HessianWrt) w.String(name);
            w.EndArray();
            if (result.SparseHessian is { } h)
            {
                w.Member("rows", h.Rows);
                w.Member("cols", h.Columns);
                w.Name("row_ptr");
                w.Integers(h.RowPointers);
                w.Name("col_idx");
                w.Integers(h.ColumnIndices);
                w.Name("values");
                w.Row(h.Values, 0, h.Values.Length);
            }
            else
            {
                w.Name("matrix");
                w.Matrix(result.Hessian!);
            }
            w.EndObject();
        }
        w.EndObject();
    });

    private static void WriteText(CliContext context, EvalResult result)
    {
        var o = context.Out;
        foreach (var (name, value) in result.Outputs)
            o.WriteLine(value.Rank == 0 ? $"{name} = {TextFormat.Tensor(value)}" : $"{name} {value.ShapeText} = {TextFormat.Tensor(value)}");
        if (result.Gradient is not null)
        {
            o.WriteLine("gradient:");
            foreach (var (name, value) in result.Gradient)
                o.WriteLine(value.Rank == 0 ? $"  d/d{name} = {TextFormat.Tensor(value)}" : $"  d/d{name} {value.ShapeText} = {TextFormat.Tensor(value)}");
        }
        if (result.Hvp is not null)
        {
            o.WriteLine("hessian-vector product:");
            foreach (var (name, value) in result.Hvp)
                o.WriteLine(value.Rank == 0 ? $"  (H·v)/{name} = {TextFormat.Tensor(value)}" : $"  (H·v)/{name} {value.ShapeText} = {TextFormat.Tensor(value)}");
        }
        if (result.SparseHessian is { } sparse)
        {
            int n = sparse.Rows;
            o.WriteLine($"hessian ({n}×{n}, rows and columns: {string.Join(", ", result.HessianWrt!)}, row-major; {TextFormat.Integer(sparse.Values.Length)} structural nonzeros, {result.Colors} colours):");
            int shown = 0;
            for (int i = 0; i < n && shown < TextFormat.MaxPrintedElements * 4; i++)
            {
                var entries = new List<string>();
                for (int e = sparse.RowPointers[i]; e < sparse.RowPointers[i + 1]; e++)
                    entries.Add($"[{sparse.ColumnIndices[e]}] {TextFormat.Number(sparse.Values[e])}");
                if (entries.Count == 0) continue;
                o.WriteLine($"  row {i}: {string.Join(", ", entries)}");
                shown += entries.Count;
            }
            if (shown < sparse.Values.Length) o.WriteLine($"  … {TextFormat.Integer(sparse.Values.Length - shown)} more (--json prints every value)");
        }
        if (result.Hessian is not null)
        {
            int n = result.Hessian.Length;
            o.WriteLine($"hessian ({n}×{n}, rows and columns: {string.Join(", ", result.HessianWrt!)}, row-major):");
            if ((long)n * n > TextFormat.MaxPrintedElements * 4)
                o.WriteLine($"  {TextFormat.Tensor(new Tensor(new[] { n, n }, result.Hessian.SelectMany(r => r).ToArray()))}");
            else
            {
                var cells = result.Hessian.Select(row => row.Select(TextFormat.Number).ToArray()).ToArray();
                var widths = Enumerable.Range(0, n).Select(j => cells.Max(row => row[j].Length)).ToArray();
                foreach (var row in cells) o.WriteLine("  " + string.Join("  ", row.Select((c, j) => c.PadLeft(widths[j]))));
            }
        }
    }
}
