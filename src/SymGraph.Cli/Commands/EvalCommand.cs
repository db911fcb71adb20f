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
        var hessian = CommonOptions.Hessian("Also print the dense Hessian over all params, flattened row-major in declaration order.");
        var backend = CommonOptions.Backend("interp", "Who computes: the reference interpreter (interp), compiled expression trees (expr) or generated C# (cs).");
        var json = CommonOptions.Json("{\"outputs\": …, \"gradient\": …, \"hessian\": {\"wrt\": […], \"matrix\": [[…]]}}");
        var command = new Command("eval", "Evaluate a model (and its gradient and Hessian) at the values of a JSON file.") { model, at, grad, hessian, backend, json };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(at)!, parse.GetValue(grad), parse.GetValue(hessian),
            parse.GetValue(backend)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string valuesPath, bool grad, bool hessian, string backendName, bool json)
    {
        var model = LoadedModel.Load(context, modelPath);
        var point = Point.Read(context, valuesPath, model);
        var result = Evaluate(context, model, point, Backend.Create(backendName), grad, hessian);
        if (json) WriteJson(context, result);
        else WriteText(context, result);
        return ExitCodes.Success;
    }

    /// <summary>What <c>eval</c> computed: named outputs, the gradient by name, and the flattened Hessian.</summary>
    internal sealed class EvalResult
    {
        public List<(string Name, Tensor Value)> Outputs { get; } = new();

        public List<(string Name, Tensor Value)>? Gradient { get; set; }

        public string[]? HessianWrt { get; set; }

        public double[][]? Hessian { get; set; }
    }

    internal static EvalResult Evaluate(CliContext context, LoadedModel model, Point point, Backend backend, bool grad, bool hessian)
    {
        // One function for everything asked: the forward pass the value, the gradient and the Hessian
        // share is computed (and, for the compiled backends, simplified and compiled) once.
        var outputs = new List<Node>(model.Outputs.Select(o => o.Node));
        int valueCount = outputs.Count;
        if (grad) outputs.AddRange(model.Gradients(context, "eval --grad"));
        int gradientEnd = outputs.Count;
        if (hessian) outputs.AddRange(model.HessianBlocks(context, "eval --hessian"));
        var result = new EvalResult();
        if (outputs.Count == 0) return result;
        var prepared = backend.Prepare(new[] { new FunctionSpec("eval", outputs.ToArray()) }, model.Arguments)[0];
        var values = Evaluator.Run(prepared, point);
        for (int i = 0; i < valueCount; i++) result.Outputs.Add((model.Outputs[i].Name, values[i]));
        if (grad) result.Gradient = model.Wrt.Select((w, i) => (w.Name!, values[valueCount + i])).ToList();
        if (hessian)
        {
            result.HessianWrt = model.Wrt.Select(w => w.Name!).ToArray();
            result.Hessian = HessianLayout.Flatten(model.Wrt, values.Skip(gradientEnd).ToArray());
        }
        return result;
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
        if (result.Hessian is not null)
        {
            w.Name("hessian");
            w.StartObject();
            w.Name("wrt");
            w.StartArray();
            foreach (var name in result.HessianWrt!) w.String(name);
            w.EndArray();
            w.Name("matrix");
            w.Matrix(result.Hessian);
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
