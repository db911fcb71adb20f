using System.CommandLine;
using System.Linq;
using SymGraph.Codegen.Expressions;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph check MODEL.sg [--at VALUES.json] [--seed N] [--hessian] [--json]</c>: compares the
/// symbolic gradient (and Hessian) with central finite differences; exit code 1 when an entry is off by
/// more than <c>atol + rtol·|numeric|</c>.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var at = CommonOptions.At(required: false);
        var seed = CommonOptions.Seed();
        var hessian = CommonOptions.Hessian("Also check the Hessian (by central differences of the symbolic gradient; sparse: the structural nonzeros from the coloured products, every other entry as 0).");
        var json = CommonOptions.Json("{\"ok\": …, \"gradient\": {\"max_abs_error\": …, \"max_rel_error\": …, \"worst\": …}, \"hessian\": {…}}");
        var atol = CommonOptions.Number(new Option<double>("--atol") { Description = "The absolute tolerance.", DefaultValueFactory = _ => 1e-6, HelpName = "X" },
            v => NotNegative("--atol", v));
        var rtol = CommonOptions.Number(new Option<double>("--rtol") { Description = "The relative tolerance.", DefaultValueFactory = _ => 1e-5, HelpName = "X" },
            v => NotNegative("--rtol", v));
        var samples = CommonOptions.Integer(new Option<int>("--samples")
        {
            Description = "Check every gradient entry when there are at most this many, otherwise this many entries drawn at random (from --seed).",
            DefaultValueFactory = _ => 2000,
            HelpName = "N",
        }, v => v >= 1 ? null : $"--samples: must be at least 1, got {v}");
        var command = new Command("check", "Compare the gradient (and Hessian) with central finite differences at a point; exit code 1 when they disagree.")
        {
            model, at, seed, hessian, json, atol, rtol, samples,
        };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(at), parse.GetValue(seed), CommonOptions.HessianFormOf(parse, hessian),
            parse.GetValue(json), new FiniteDifferenceOptions { AbsoluteTolerance = parse.GetValue(atol), RelativeTolerance = parse.GetValue(rtol) },
            parse.GetValue(samples)));
        return command;
    }

    private static string? NotNegative(string option, double value) =>
        value >= 0 ? null : $"{option}: must not be negative, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static int Run(CliContext context, string modelPath, string? valuesPath, int seed, HessianForm hessian, bool json, FiniteDifferenceOptions options, int samples)
    {
        var model = LoadedModel.Load(context, modelPath);
        var cost = model.RequireCost(context, "check");
        var point = valuesPath is null ? Point.Random(model, seed) : Point.Read(context, valuesPath, model);
        // Sizes bound from the point; refuse a Hessian too large before the (long) gradient check.
        var bound = hessian == HessianForm.None ? null : model.Bind(context, point, "check --hessian");
        // Finite differences compare every entry, so the sparse form has the dense limit too.
        if (bound is not null) model.RequireDenseSize(context, bound);
        var atPoint = Evaluator.Run(new InterpreterBackend().Prepare(
            new[] { new FunctionSpec("value and gradient", new[] { cost }.Concat(model.Gradients(context, "check")).ToArray()) }, model.Arguments)[0], point);
        RequireFinite(model, point, atPoint);
        var gradient = CheckGradient(model, cost, point, atPoint.Skip(1).ToArray(), options, samples, seed);
        CheckResult? hessianCheck = null;
        if (hessian == HessianForm.Dense)
            hessianCheck = CheckResult.From(Guard(point, () => FiniteDifferences.CheckHessian(bound!.Cost, bound.Wrt, bound.Point.ByNode, options)), sampled: false, total: 0);
        else if (hessian == HessianForm.Sparse)
            hessianCheck = CheckResult.From(Guard(point, () => FiniteDifferences.CheckHessian(EvalCommand.SparseHessian(bound!), bound!.Point.ByNode, options)), sampled: false, total: 0);
        bool ok = gradient.Passed && (hessianCheck?.Passed ?? true);
        if (json)
        {
            Json.Write(context.Out, w =>
            {
                w.StartObject();
                w.Member("ok", ok);
                w.Name("gradient");
                gradient.WriteJson(w);
                if (hessianCheck is not null)
                {
                    w.Name("hessian");
                    hessianCheck.WriteJson(w);
                }
                w.EndObject();
            });
        }
        else
        {
            context.Out.WriteLine($"{model.File}: derivatives {point.Description}, tolerance |symbolic - numeric| <= {Short(options.AbsoluteTolerance)} + {Short(options.RelativeTolerance)}*|numeric|");
            var table = new ResultTable("check", "result", "max abs error>", "where", "max rel error>", "where", "entries>");
            gradient.AddRow(table, "gradient");
            hessianCheck?.AddRow(table, "hessian");
            table.Write(context);
            context.Out.WriteLine(ok ? "ok" : "FAILED: the symbolic derivatives disagree with finite differences");
        }
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// Refuses a point where the cost or a gradient entry is NaN or infinite (log(-1), say): differences
    /// there are meaningless, and "the derivatives disagree" would blame the differentiation.
    /// </summary>
    private static void RequireFinite(LoadedModel model, Point point, Tensor[] atPoint)
    {
        string? what = null;
        double bad = 0;
        if (!double.IsFinite(atPoint[0].Data[0])) (what, bad) = ($"the cost '{model.Model.Minimize!.Name}'", atPoint[0].Data[0]);
        for (int j = 1; j < atPoint.Length && what is null; j++)
        {
            var data = atPoint[j].Data;
            for (int k = 0; k < data.Length; k++)
            {
                if (double.IsFinite(data[k])) continue;
                (what, bad) = ($"the gradient entry d{model.Model.Minimize!.Name}/d{SampledCheck.Label(model.Wrt[j - 1], atPoint[j].Dims, k)}", data[k]);
                break;
            }
        }
        if (what is null) return;
        string value = double.IsNaN(bad) ? "NaN" : bad > 0 ? "+Infinity" : "-Infinity";
        throw CliException.Invalid(
            $"check: {what} is {value} {point.Description}, so finite differences cannot be compared there; " +
            "choose a point where the model is finite (another --seed, or --at VALUES.json)");
    }

    private static CheckResult CheckGradient(LoadedModel model, Node cost, Point point, Tensor[] symbolic, FiniteDifferenceOptions options, int samples, int seed)
    {
        long total = model.Wrt.Sum(w => (long)point.Resolve(w.Shape).Aggregate(1, (p, d) => p * d));
        if (total <= samples)
            return CheckResult.From(Guard(point, () => FiniteDifferences.CheckGradient(cost, model.Wrt, point.ByNode, options)), sampled: false, total: total);
        // Too many entries for two interpreter runs each: sample them, differencing compiled code.
        var value = ExpressionCompiler.Compile(Simplifier.Simplify(new[] { cost }), model.Arguments, new ExpressionCompilerOptions { Simplify = false });
        return SampledCheck.Run(model, value, symbolic, point, options, samples, seed, total);
    }

    private static string Short(double value) => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e", System.StringComparison.Ordinal);

    private static T Guard<T>(Point point, System.Func<T> check)
    {
        try
        {
            return check();
        }
        catch (System.ArgumentException e) when (e is not System.ArgumentNullException)
        {
            throw CliException.Invalid($"evaluation failed {point.Description}: {CliException.MessageOf(e)}");
        }
    }
}
