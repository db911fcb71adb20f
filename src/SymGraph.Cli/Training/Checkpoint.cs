using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SymGraph.Cli;

/// <summary>One finished epoch's figures.</summary>
internal sealed record EpochRecord(int Epoch, double LearningRate, double TrainLoss, double? ValLoss, double? ValAccuracy, double Seconds);

/// <summary>
/// Everything a run needs to continue: the data's specification, the options, the parameters and the
/// optimizer state, the epoch and step counts, the shuffling generator's state and the history. Written
/// after every epoch as <c>state.json</c>, together with <c>params.json</c> (the parameters alone, in the
/// values-file format), <c>metrics.csv</c> and <c>loss.svg</c>, each atomically; <c>state.json</c> first
/// and self-contained, so <c>--resume</c> never mixes two epochs.
/// </summary>
internal sealed class Checkpoint
{
    public const string Format = "symgraph-train-state/1";

    public required string Model { get; init; }

    public required DataSpec Spec { get; init; }

    public required TrainOptions Options { get; init; }

    /// <summary>Epochs finished.</summary>
    public required int Epoch { get; init; }

    public required long Step { get; init; }

    public required ulong Random { get; init; }

    public required double BestValLoss { get; init; }

    public required int BestEpoch { get; init; }

    public required IReadOnlyList<EpochRecord> History { get; init; }

    /// <summary>Parameter name → shape and values.</summary>
    public required IReadOnlyList<(string Name, int[] Dims, double[] Values)> Parameters { get; init; }

    /// <summary>State leaf name (<c>velocity.W1</c>) → values.</summary>
    public required IReadOnlyList<(string Name, int[] Dims, double[] Values)> OptimizerState { get; init; }

    public static string ParamsPath(string dir) => Path.Combine(dir, "params.json");

    public static string StatePath(string dir) => Path.Combine(dir, "state.json");

    /// <summary>Writes the four files into <paramref name="dir"/>.</summary>
    public void Save(CliContext context, string dir)
    {
        Files.Write(context, StatePath(dir), StateText());
        Files.Write(context, ParamsPath(dir), ParamsText(Parameters));
        Files.Write(context, Path.Combine(dir, "metrics.csv"), MetricsText(History));
        Files.Write(context, Path.Combine(dir, "loss.svg"), temp => LossPlot.Save(History, temp));
    }

    public static string ParamsText(IEnumerable<(string Name, int[] Dims, double[] Values)> parameters)
    {
        var text = new StringWriter { NewLine = "\n" };
        Json.Write(text, w =>
        {
            w.StartObject();
            foreach (var (name, dims, values) in parameters)
            {
                w.Name(name);
                w.Tensor(new Tensor(dims, values));
            }
            w.EndObject();
        });
        return text.ToString();
    }

    public static string MetricsText(IEnumerable<EpochRecord> history)
    {
        var sb = new StringBuilder("epoch,lr,train_loss,val_loss,val_accuracy,seconds\n");
        foreach (var r in history)
            sb.Append(r.Epoch).Append(',').Append(R(r.LearningRate)).Append(',').Append(R(r.TrainLoss)).Append(',')
              .Append(r.ValLoss is { } v ? R(v) : "").Append(',').Append(r.ValAccuracy is { } a ? R(a) : "").Append(',')
              .Append(r.Seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private string StateText()
    {
        var text = new StringWriter { NewLine = "\n" };
        Json.Write(text, w =>
        {
            w.StartObject();
            w.Member("format", Format);
            w.Member("model", Model);
            w.Name("options");
            Options.Write(w);
            w.Name("features");
            Strings(w, Spec.FeatureColumns);
            w.Member("target", Spec.TargetColumn);
            w.Name("classes");
            if (Spec.Classes is null) w.Null(); else Strings(w, Spec.Classes);
            w.Name("mean");
            w.Row(Spec.Mean, 0, Spec.Mean.Length);
            w.Name("deviation");
            w.Row(Spec.Deviation, 0, Spec.Deviation.Length);
            w.Member("epoch", Epoch);
            w.Member("step", Step);
            w.Member("random", Random.ToString(CultureInfo.InvariantCulture));
            w.Member("best_val_loss", BestValLoss);
            w.Member("best_epoch", BestEpoch);
            w.Name("history");
            w.StartArray();
            foreach (var r in History)
            {
                w.Row(new[] { r.Epoch, r.LearningRate, r.TrainLoss, r.ValLoss ?? double.NaN, r.ValAccuracy ?? double.NaN, r.Seconds }, 0, 6);
            }
            w.EndArray();
            w.Name("parameters");
            Tensors(w, Parameters);
            w.Name("optimizer_state");
            Tensors(w, OptimizerState);
            w.EndObject();
        });
        return text.ToString();
    }

    private static void Strings(Json w, IEnumerable<string> values)
    {
        w.StartArray();
        foreach (var s in values) w.String(s);
        w.EndArray();
    }

    private static void Tensors(Json w, IEnumerable<(string Name, int[] Dims, double[] Values)> tensors)
    {
        w.StartObject();
        foreach (var (name, dims, values) in tensors)
        {
            w.Name(name);
            w.Tensor(new Tensor(dims, values));
        }
        w.EndObject();
    }

    /// <summary>Reads the <c>state.json</c> at <paramref name="path"/> (shapes are checked against the model by the caller).</summary>
    public static Checkpoint Load(CliContext context, string path)
    {
        var v = JsonValues.Parse(TextFile.Read(context, path, "a training state file"), path);
        if (!v.Has("format") || v.String("format") != Format)
            throw CliException.Invalid($"{path}: not a state file of this version of 'symgraph train' (format '{Format}')");
        var history = new List<EpochRecord>();
        var flat = v.Numbers("history");
        for (int i = 0; i + 5 < flat.Length; i += 6)
            history.Add(new EpochRecord((int)flat[i], flat[i + 1], flat[i + 2], NaNToNull(flat[i + 3]), NaNToNull(flat[i + 4]), flat[i + 5]));
        var classes = v.Has("classes") ? v.Strings("classes") : null;
        return new Checkpoint
        {
            Model = v.String("model"),
            Spec = new DataSpec(v.Strings("features"), v.String("target"), classes, v.Numbers("mean"), v.Numbers("deviation")),
            Options = TrainOptions.Read(v.Object("options")),
            Epoch = (int)v.Number("epoch"),
            Step = (long)v.Number("step"),
            Random = v.UInt64("random"),
            BestValLoss = v.Number("best_val_loss"),
            BestEpoch = (int)v.Number("best_epoch"),
            History = history,
            Parameters = ReadTensors(v.Object("parameters")),
            OptimizerState = ReadTensors(v.Object("optimizer_state")),
        };
    }

    private static double? NaNToNull(double x) => double.IsNaN(x) ? null : x;

    private static IReadOnlyList<(string, int[], double[])> ReadTensors(JsonValues v) =>
        v.Names().Select(n => (n, Array.Empty<int>(), v.Numbers(n))).ToList();
}
