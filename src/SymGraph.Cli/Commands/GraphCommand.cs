using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph graph MODEL.sg [--grad] [--hessian] [--no-simplify] [--format text|dot|svg] [-o FILE] [--stats [--json]]</c>:
/// the model's graph (with its derivative nodes) as a listing, Graphviz DOT or SVG, or its node counts.
/// </summary>
internal static class GraphCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var grad = new Option<bool>("--grad") { Description = "Include the gradient of the cost (derivative nodes are marked, and coloured in DOT and SVG)." };
        var hessian = CommonOptions.Hessian("Include the Hessian: the dense blocks, or with sparse the coloured Hessian-vector products (with --stats: count its nodes, and report the pattern's nonzeros and colours).");
        var noSimplify = new Option<bool>("--no-simplify") { Description = "Show the graph as built, without running the simplifier." };
        var format = new Option<string>("--format")
        {
            Description = "text: one line per node; dot: Graphviz DOT; svg: rendered by Graphviz's 'dot' (which must be installed; SYMGRAPH_DOT names it).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|dot|svg",
        };
        CommonOptions.OneOf(format, "text", "dot", "svg");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically) instead of standard output.", HelpName = "FILE" };
        var stats = new Option<bool>("--stats") { Description = "Print node counts of the forward graph, the graph of value and gradient, and the Hessian (with --hessian: also its structural nonzeros and colours)." };
        var json = CommonOptions.Json("the counts (with --stats) {\"forward\": N, \"gradient\": N, \"hessian\": N, \"nonzeros\": N, \"colors\": N}");
        var command = new Command("graph", "Print a model's graph and its derivative graphs as text, DOT or SVG, or count their nodes.")
        {
            model, grad, hessian, noSimplify, format, output, stats, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(json) && !r.GetValue(stats)) r.AddError("--json: only with --stats (it prints the node counts as JSON)");
            if (r.GetValue(stats) && r.GetResult(format) is { Implicit: false }) r.AddError("--format: not with --stats (which prints node counts, not a graph)");
        });
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(grad), CommonOptions.HessianFormOf(parse, hessian), !parse.GetValue(noSimplify),
            parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(stats), parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, bool grad, HessianForm hessian, bool simplify, string format, string? outputPath, bool stats, bool json)
    {
        var model = LoadedModel.Load(context, modelPath);
        if (stats && !json && outputPath is null)
        {
            StatsTable(context, model, hessian, simplify).Write(context); // a table on a terminal
            return ExitCodes.Success;
        }
        string text = stats
            ? Stats(context, model, hessian, simplify, json)
            : Render(context, model, Outputs(context, model, grad, hessian, simplify), format);
        if (outputPath is null) context.Out.Write(text);
        else Files.Write(context, outputPath, text);
        return ExitCodes.Success;
    }

    private static Node[] Outputs(CliContext context, LoadedModel model, bool grad, HessianForm hessian, bool simplify)
    {
        var nodes = model.Outputs.Select(o => o.Node).ToList();
        if (grad) nodes.AddRange(model.Gradients(context, "graph --grad"));
        if (hessian == HessianForm.Dense) nodes.AddRange(model.HessianBlocks(context, "graph --hessian"));
        if (hessian == HessianForm.Sparse) nodes.AddRange(Sparse(context, model, "graph --hessian sparse").Products);
        var distinct = nodes.Distinct().ToArray();
        return simplify && distinct.Length > 0 ? Simplifier.Simplify(distinct) : distinct;
    }

    private static string Render(CliContext context, LoadedModel model, Node[] outputs, string format)
    {
        switch (format)
        {
            case "text":
                return outputs.Length == 0 ? "" : TextPrinter.Print(outputs);
            case "dot":
                return DotPrinter.Print(outputs, model.File);
            case "svg":
                return Graphviz.Render(context, DotPrinter.Print(outputs, model.File), "svg");
            default:
                throw new System.ArgumentOutOfRangeException(nameof(format), format, "Unknown format.");
        }
    }

    /// <summary>Node counts: (as built, simplified) per stage; a stage the model has not is null.</summary>
    internal static (int Built, int Simplified)?[] Count(CliContext context, LoadedModel model, HessianForm hessian)
    {
        var forward = model.Outputs.Select(o => o.Node).Distinct().ToArray();
        var result = new (int, int)?[3];
        result[0] = Stage(forward);
        if (model.Cost is not null && model.Wrt.Count > 0)
            result[1] = Stage(new[] { model.Cost }.Concat(model.Gradients(context, "graph --stats")).Distinct().ToArray());
        if (hessian == HessianForm.Dense) result[2] = Stage(model.HessianBlocks(context, "graph --stats --hessian").Distinct().ToArray());
        if (hessian == HessianForm.Sparse) result[2] = Stage(Sparse(context, model, "graph --stats --hessian sparse").Products.Distinct().ToArray());
        return result;
    }

    /// <summary>
    /// The sparse Hessian of the model. Its pattern is for one size: symbolic sizes are taken as
    /// <see cref="Point.RandomSize"/>, as at check's random point; a value differentiated with respect to
    /// must have a static shape (SG0502), since a graph has no values to bind it.
    /// </summary>
    internal static SparseHessian Sparse(CliContext context, LoadedModel model, string what)
    {
        var cost = model.RequireCost(context, what);
        foreach (var w in model.Wrt)
            if (!w.Shape.IsStatic)
            {
                context.Report(new[] { CliDiagnostics.SymbolicHessian(model.File, w) });
                throw CliException.Reported();
            }
        var sizes = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var n in Topology.Sort(new[] { cost }))
            foreach (var d in n.Shape)
                if (!d.IsStatic) sizes[d.Symbol!] = Point.RandomSize;
        try
        {
            return SparseHessian.Build(cost, model.Wrt, sizes);
        }
        catch (SparsityLimitException e)
        {
            throw CliException.Invalid($"{what}: {e.Message}");
        }
    }

    /// <summary>The Hessian's size, structural nonzeros and colours (with --hessian), or null.</summary>
    private static (int Size, int Nonzeros, int Colors)? Pattern(CliContext context, LoadedModel model, HessianForm hessian)
    {
        if (hessian == HessianForm.None) return null;
        var sparse = Sparse(context, model, "graph --stats --hessian");
        return (sparse.Size, sparse.Pattern.Nonzeros, sparse.Coloring.Count);
    }

    private static (int, int) Stage(Node[] nodes) =>
        nodes.Length == 0 ? (0, 0) : (GraphStatistics.Count(nodes).Total, GraphStatistics.Count(Simplifier.Simplify(nodes)).Total);

    private static string Stats(CliContext context, LoadedModel model, HessianForm hessian, bool simplify, bool json)
    {
        var writer = new System.IO.StringWriter();
        if (json)
        {
            var counts = Count(context, model, hessian);
            string[] names = { "forward", "gradient", "hessian" };
            Json.Write(writer, w =>
            {
                w.StartObject();
                for (int s = 0; s < names.Length; s++)
                {
                    w.Name(names[s]);
                    if (counts[s] is { } c) w.Integer(simplify ? c.Simplified : c.Built);
                    else w.Null();
                }
                var pattern = Pattern(context, model, hessian);
                w.Name("nonzeros");
                if (pattern is { } p) w.Integer(p.Nonzeros); else w.Null();
                w.Name("colors");
                if (pattern is { } q) w.Integer(q.Colors); else w.Null();
                w.EndObject();
            });
            return writer.ToString();
        }
        // Tables headed for a file are plain text.
        StatsTable(context, model, hessian, simplify).Write(new CliContext(writer, context.Err, new CliEnvironment { IsTerminal = false }));
        return writer.ToString();
    }

    private static ResultTable StatsTable(CliContext context, LoadedModel model, HessianForm hessian, bool simplify)
    {
        var counts = Count(context, model, hessian);
        string[] names = { "forward", "gradient", "hessian" };
        var table = new ResultTable("graph", "nodes>", "as built>");
        for (int s = 0; s < names.Length; s++)
        {
            if (counts[s] is { } c) table.Add(null, names[s], TextFormat.Integer(simplify ? c.Simplified : c.Built), TextFormat.Integer(c.Built));
            else table.Add(null, names[s], "-", "-");
        }
        // The Hessian's pattern comes from the graph as built, so both columns agree.
        if (Pattern(context, model, hessian) is { } p)
        {
            table.Add(null, "nonzeros", TextFormat.Integer(p.Nonzeros), TextFormat.Integer(p.Nonzeros));
            table.Add(null, "colours", TextFormat.Integer(p.Colors), TextFormat.Integer(p.Colors));
        }
        return table;
    }
}
