using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SymGraph.Codegen.Expressions;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph predict MODEL.sg --params DIR/params.json --data FILE.csv [--target COL] [-o OUT.csv] [--json]</c>:
/// the model's <c>output</c> values for every row of a CSV file, with the standardization and classes
/// <c>train</c> stored in <c>state.json</c> beside the parameters; when the file has the target column,
/// the accuracy and confusion matrix (classifiers) or the root-mean-square error (regression).
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var parameters = new Option<string>("--params") { Description = "The trained parameters (params.json written by 'symgraph train'; state.json must be beside it).", HelpName = "DIR/params.json", Required = true };
        var data = new Option<string>("--data") { Description = "The rows to predict (CSV, with the training file's feature columns; the target column is optional).", HelpName = "FILE.csv", Required = true };
        var target = new Option<string?>("--target") { Description = "The target column (default: the one training used).", HelpName = "COL" };
        var output = new Option<string?>("-o", "--output") { Description = "Write the predictions per row to this CSV file.", HelpName = "OUT.csv" };
        var json = CommonOptions.Json("{\"rows\": n, \"accuracy\": x, \"confusion\": [[…]]} for a classifier, {\"rows\": n, \"rmse\": x} for a regression");
        var command = new Command("predict", "Predict with trained parameters: outputs per row of a CSV file, accuracy and confusion matrix or RMSE.")
        {
            model, parameters, data, target, output, json,
        };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(parameters)!, parse.GetValue(data)!, parse.GetValue(target),
            parse.GetValue(output), parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string paramsPath, string dataPath, string? targetName, string? outputPath, bool json)
    {
        var model = LoadedModel.Load(context, modelPath);
        var shape = ModelData.Of(model, "predict");
        string statePath = Path.Combine(Path.GetDirectoryName(paramsPath) ?? "", "state.json");
        if (!File.Exists(context.Resolve(statePath)))
            throw CliException.Invalid($"there is no {statePath}: predict reads the standardization and the classes from the state.json that 'symgraph train' writes beside params.json");
        var state = Checkpoint.Load(context, statePath);
        var spec = state.Spec;
        var values = TrainCommand.ReadInit(context, model, paramsPath);
        if (spec.FeatureColumns.Length != shape.FeatureCount || (spec.Classes?.Length ?? 1) != shape.TargetWidth)
            throw CliException.Invalid($"{statePath} was written for {spec.FeatureColumns.Length} features and {(spec.Classes is null ? "a regression target" : $"{spec.Classes.Length} classes")}; {model.File} takes {shape.FeatureCount} and {shape.TargetWidth}");

        var table = CsvTable.Read(context, dataPath, state.Options.NoHeader);
        var featureIndices = spec.FeatureColumns.Select(name =>
        {
            int i = table.IndexOf(name);
            if (i < 0)
            {
                context.Report(new[] { CliDiagnostics.MissingColumn(table.File, 1, name, table.Columns, "a feature the model was trained on") });
                throw CliException.Reported();
            }
            return i;
        }).ToArray();
        string targetColumn = targetName ?? spec.TargetColumn;
        int targetIndex = table.IndexOf(targetColumn);
        if (targetIndex < 0 && targetName is not null)
        {
            context.Report(new[] { CliDiagnostics.MissingColumn(table.File, 1, targetName, table.Columns, "--target") });
            throw CliException.Reported();
        }
        var set = Dataset.Read(context, table, featureIndices, targetIndex, spec.Classes, shape.TargetWidth);
        set.Standardize(spec.Mean, spec.Deviation);

        // What is computed: class probabilities (a classifier), then every other output read from the features alone.
        var outputs = Predictions.Outputs(model, shape);
        var scores = Predictions.ClassScores(model, shape);
        var nodes = new List<Node>();
        var names = new List<string>();
        if (scores is not null)
        {
            nodes.Add(Predictions.Probabilities(scores.Node));
            names.AddRange(spec.Classes!.Select(c => "p_" + c));
        }
        foreach (var o in outputs)
        {
            if (o == scores) continue;
            nodes.Add(o.Node);
            int width = o.Node.Shape.Rank == 1 ? 1 : (int)(o.Node.Shape.Skip(1).Aggregate(1L, (a, d) => a * d.Size));
            names.AddRange(width == 1 ? new[] { o.Name } : Enumerable.Range(0, width).Select(j => $"{o.Name}_{j}"));
        }
        if (nodes.Count == 0)
            throw CliException.Invalid($"predict: {model.File} has no 'output' computed from the features alone; add one, such as 'output z' for the logits");
        var arguments = new[] { shape.Features }.Concat(model.Model.Parameters).ToArray();
        var function = ExpressionCompiler.Compile(nodes, arguments);
        int n = set.Rows;
        var results = nodes.Select(node => new double[(long)n * RowWidth(node)]).ToArray();
        function.Invoke(new[] { set.X }.Concat(values).ToArray(), results);

        // Per row: the values, the predicted class, the true target.
        int k = shape.TargetWidth;
        int[]? predicted = scores is null ? null : Enumerable.Range(0, n).Select(r => Predictions.ArgMax(results[0], r * k, k)).ToArray();
        double? accuracy = null, rmse = null;
        long[][]? confusion = null;
        if (set.Y is not null && predicted is not null)
        {
            confusion = Enumerable.Range(0, k).Select(_ => new long[k]).ToArray();
            for (int r = 0; r < n; r++) confusion[set.Labels![r]][predicted[r]]++;
            accuracy = n == 0 ? double.NaN : (double)Enumerable.Range(0, n).Count(r => predicted[r] == set.Labels![r]) / n;
        }
        else if (set.Y is not null && !shape.IsClassifier)
        {
            // The first output with one value per row is the prediction.
            int first = Array.FindIndex(nodes.ToArray(), node => RowWidth(node) == 1);
            if (first >= 0)
            {
                double sum = 0;
                for (int r = 0; r < n; r++) sum += (results[first][r] - set.Y[r]) * (results[first][r] - set.Y[r]);
                rmse = Math.Sqrt(sum / Math.Max(1, n));
            }
        }

        if (outputPath is not null)
            Files.Write(context, outputPath, RowsCsv(names, results, nodes, n, predicted, spec.Classes, set, targetIndex >= 0 ? table.Columns[targetIndex] : null, table, targetIndex));

        if (json)
        {
            Json.Write(context.Out, w =>
            {
                w.StartObject();
                w.Member("rows", n);
                if (accuracy is { } a)
                {
                    w.Member("accuracy", a);
                    w.Name("confusion");
                    w.Matrix(confusion!.Select(row => row.Select(c => (double)c).ToArray()).ToArray());
                }
                if (rmse is { } e) w.Member("rmse", e);
                w.EndObject();
            });
            return ExitCodes.Success;
        }
        if (accuracy is { } acc)
        {
            context.Out.WriteLine($"{TextFormat.Integer(n)} rows: accuracy {acc:0.0000} ({Enumerable.Range(0, n).Count(r => predicted![r] == set.Labels![r])} of {n} right)");
            context.Out.WriteLine("confusion matrix (rows: true class, columns: predicted):");
            var t = new ResultTable(new[] { "true \\ predicted" }.Concat(spec.Classes!.Select(c => c + ">")).ToArray());
            for (int i = 0; i < k; i++) t.Add(null, new[] { spec.Classes![i] }.Concat(confusion![i].Select(c => c.ToString(CultureInfo.InvariantCulture))).ToArray());
            t.Write(context);
        }
        else if (rmse is { } e) context.Out.WriteLine($"{TextFormat.Integer(n)} rows: rmse {TextFormat.Number(e)}");
        if (outputPath is not null) context.Out.WriteLine($"wrote {outputPath} ({TextFormat.Integer(n)} rows)");
        else if (accuracy is null && rmse is null) context.Out.Write(RowsCsv(names, results, nodes, n, predicted, spec.Classes, set, null, table, -1));
        return ExitCodes.Success;
    }

    private static int RowWidth(Node node) => node.Shape.Rank <= 1 ? 1 : (int)node.Shape.Skip(1).Aggregate(1L, (a, d) => a * d.Size);

    private static string RowsCsv(List<string> names, double[][] results, List<Node> nodes, int n, int[]? predicted, string[]? classes, Dataset set,
        string? targetColumn, CsvTable table, int targetIndex)
    {
        var sb = new StringBuilder();
        var header = new List<string>(names);
        if (predicted is not null) header.Add("predicted");
        if (targetColumn is not null) header.Add(targetColumn);
        sb.Append(string.Join(",", header.Select(Quote))).Append('\n');
        for (int r = 0; r < n; r++)
        {
            var cells = new List<string>();
            for (int o = 0; o < nodes.Count; o++)
            {
                int w = RowWidth(nodes[o]);
                for (int j = 0; j < w; j++) cells.Add(results[o][r * w + j].ToString("R", CultureInfo.InvariantCulture));
            }
            if (predicted is not null) cells.Add(Quote(classes![predicted[r]]));
            if (targetColumn is not null) cells.Add(Quote(table.Rows[r][targetIndex].Trim()));
            sb.Append(string.Join(",", cells)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Quote(string cell) => cell.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
