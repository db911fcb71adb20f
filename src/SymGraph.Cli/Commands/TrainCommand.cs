using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using SymGraph.Training;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph train MODEL.sg --data FILE.csv -o DIR [options]</c>: trains the model's parameters on a CSV
/// file with a compiled update step (loss, gradient and optimizer update in one zero-allocation call),
/// minibatches reshuffled every epoch, and a checkpoint in <c>DIR</c> after every epoch.
/// </summary>
/// <remarks>
/// The model's first input takes the features <c>[batch, d]</c>, its second the target <c>[batch, k]</c>.
/// After each epoch <c>DIR/state.json</c>, <c>DIR/params.json</c>, <c>DIR/metrics.csv</c> and
/// <c>DIR/loss.svg</c> are written atomically; <c>--resume</c> continues from <c>state.json</c> to the
/// same parameters an uninterrupted run reaches. Ctrl-C stops after the current step (exit code 130); a
/// loss that is NaN or infinite stops the run naming the epoch and step (exit code 1). Either way the
/// last complete checkpoint stays.
/// </remarks>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = new Option<string>("--data") { Description = "The training data (CSV): one row per sample, features and a target column.", HelpName = "FILE.csv", Required = true };
        var target = new Option<string?>("--target") { Description = "The target column, by name (default: the last column).", HelpName = "COL" };
        var noHeader = new Option<bool>("--no-header") { Description = "The first row is data, not column names (columns are then c0, c1, …)." };
        var epochs = CommonOptions.Integer(new Option<int>("--epochs") { Description = "Passes over the training rows.", DefaultValueFactory = _ => 20, HelpName = "N" }, v => Positive("--epochs", v));
        var batch = CommonOptions.Integer(new Option<int>("--batch") { Description = "Rows per step (the last step of an epoch takes the rest).", DefaultValueFactory = _ => 32, HelpName = "B" }, v => Positive("--batch", v));
        var optimizer = CommonOptions.OneOf(new Option<string>("--optimizer") { Description = "The update rule.", DefaultValueFactory = _ => "adam", HelpName = "sgd|momentum|nesterov|adam|adamw" }, Optimizer.Names.ToArray());
        var lr = CommonOptions.Number(new Option<double>("--lr") { Description = "The learning rate (before the schedule).", DefaultValueFactory = _ => 0.01, HelpName = "X" }, v => v > 0 && !double.IsInfinity(v) ? null : "--lr: must be a positive number");
        var momentum = CommonOptions.Number(new Option<double>("--momentum") { Description = "μ of momentum and nesterov.", DefaultValueFactory = _ => 0.9, HelpName = "X" }, v => v >= 0 && v < 1 ? null : "--momentum: must be in [0, 1)");
        var l1 = NonNegative("--l1", "λ₁ of the L1 penalty λ₁·Σ|w| (adds λ₁·sign(w) to the gradient).");
        var l2 = NonNegative("--l2", "λ₂ of the L2 penalty (λ₂/2)·Σw² (adds λ₂·w to the gradient; PyTorch's weight_decay).");
        var weightDecay = CommonOptions.Number(new Option<double>("--weight-decay") { Description = "Decoupled weight decay λ: w ← w·(1 − lr·λ) each step (default 0.01 for adamw, else 0).", HelpName = "X" }, v => v >= 0 ? null : "--weight-decay: must not be negative");
        var clip = CommonOptions.Number(new Option<double>("--clip") { Description = "Scale the gradient down to this L2 norm when it is longer (PyTorch's clip_grad_norm_).", HelpName = "X" }, v => v > 0 ? null : "--clip: must be positive");
        var schedule = new Option<string>("--schedule")
        {
            Description = "The learning rate per epoch: constant, step:EVERY:FACTOR, exp:GAMMA, inv:DECAY or cosine[:MIN_LR], optionally followed by ,warmup:EPOCHS.",
            DefaultValueFactory = _ => "constant",
            HelpName = "SPEC",
        };
        schedule.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            try { LearningRateSchedule.Parse(result.Tokens[^1].Value); }
            catch (FormatException e) { result.AddError("--schedule: " + e.Message); }
        });
        var val = CommonOptions.Number(new Option<double>("--val") { Description = "The fraction of rows held out for validation (seeded, stratified for classifiers; 0: none).", DefaultValueFactory = _ => 0.1, HelpName = "FRACTION" }, v => v >= 0 && v < 1 ? null : "--val: must be in [0, 1)");
        var earlyStop = CommonOptions.Integer(new Option<int>("--early-stop") { Description = "Stop when the validation loss has not improved for this many epochs (0: never).", HelpName = "PATIENCE" }, v => v >= 0 ? null : "--early-stop: must not be negative");
        var seed = CommonOptions.Integer(new Option<int>("--seed") { Description = "Seeds the split, the initialization and the shuffling: the same seed gives the same run, bit for bit.", HelpName = "S" });
        var init = new Option<string?>("--init") { Description = "Start from these parameter values (JSON, as params.json) instead of the seeded Glorot/He initialization.", HelpName = "VALUES.json" };
        var dtype = CommonOptions.OneOf(new Option<string>("--dtype") { Description = "The element type the step computes in.", DefaultValueFactory = _ => "f64", HelpName = "f64|f32" }, "f64", "f32");
        var backend = CommonOptions.OneOf(new Option<string>("--backend") { Description = "Compile the step as expression trees (expr) or as generated C# (cs).", DefaultValueFactory = _ => "expr", HelpName = "expr|cs" }, StepCompiler.Backends);
        var output = new Option<string>("-o", "--output") { Description = "The folder for params.json, state.json, metrics.csv and loss.svg.", HelpName = "DIR", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run whose state.json is in DIR (its options are kept; --epochs may raise the total)." };
        var json = CommonOptions.Json("only {\"epochs\": …, \"train_loss\": …, \"val_loss\": …, \"val_accuracy\": …} at the end");
        var command = new Command("train", "Train a model's parameters on a CSV file: compiled update steps, minibatches, checkpoints after every epoch.")
        {
            model, data, target, noHeader, epochs, batch, optimizer, lr, momentum, l1, l2, weightDecay, clip, schedule, val, earlyStop, seed, init, dtype, backend, output, resume, json,
        };
        command.SetAction(parse =>
        {
            var options = new TrainOptions
            {
                Optimizer = parse.GetValue(optimizer)!,
                LearningRate = parse.GetValue(lr),
                Momentum = parse.GetValue(momentum),
                L1 = parse.GetValue(l1),
                L2 = parse.GetValue(l2),
                WeightDecay = parse.GetResult(weightDecay) is { Implicit: false } ? parse.GetValue(weightDecay) : parse.GetValue(optimizer) == "adamw" ? 0.01 : 0,
                Clip = parse.GetResult(clip) is { Implicit: false } ? parse.GetValue(clip) : null,
                Schedule = parse.GetValue(schedule)!,
                Epochs = parse.GetValue(epochs),
                Batch = parse.GetValue(batch),
                Validation = parse.GetValue(val),
                EarlyStop = parse.GetValue(earlyStop),
                Seed = parse.GetValue(seed),
                DType = parse.GetValue(dtype)!,
                Backend = parse.GetValue(backend)!,
                Target = parse.GetValue(target),
                NoHeader = parse.GetValue(noHeader),
            };
            bool epochsGiven = parse.GetResult(epochs) is { Implicit: false };
            return Run(context, parse.GetValue(model)!, parse.GetValue(data)!, options, epochsGiven, parse.GetValue(init), parse.GetValue(output)!, parse.GetValue(resume), parse.GetValue(json));
        });
        return command;
    }

    private static Option<double> NonNegative(string name, string description) =>
        CommonOptions.Number(new Option<double>(name) { Description = description, HelpName = "X" }, v => v >= 0 && !double.IsInfinity(v) ? null : $"{name}: must be a non-negative number");

    private static string? Positive(string name, int v) => v > 0 ? null : $"{name}: must be positive";

    private static int Run(CliContext context, string modelPath, string dataPath, TrainOptions options, bool epochsGiven, string? initPath, string dir, bool resume, bool json)
    {
        var model = LoadedModel.Load(context, modelPath);
        model.RequireCost(context, "train");
        var shape = ModelData.Of(model, "train");
        if (!model.Wrt.SequenceEqual(model.Model.Parameters))
            throw CliException.Invalid($"train: {model.File} minimizes with respect to {string.Join(", ", model.Wrt.Select(w => w.Name))}; train updates every param (remove the 'wrt' list)");
        foreach (var p in model.Model.Parameters)
            if (!p.Shape.IsStatic) throw CliException.Invalid($"train: the param '{p.Name}' has shape {p.Shape}; parameters need static shapes");
        string fullDir = context.Resolve(dir);

        Checkpoint? checkpoint = null;
        if (resume)
        {
            string statePath = Checkpoint.StatePath(fullDir);
            if (!File.Exists(statePath))
                throw CliException.Invalid($"--resume: there is no {Path.Combine(dir, "state.json")} to continue from; run without --resume first");
            checkpoint = Checkpoint.Load(context, statePath);
            int total = epochsGiven ? options.Epochs : checkpoint.Options.Epochs;
            options = checkpoint.Options;
            options.Epochs = total;
        }

        var table = CsvTable.Read(context, dataPath, options.NoHeader);
        var (features, targetIndex, classes) = DataSpec.Columns(context, table, options.Target, shape);
        if (checkpoint is not null)
        {
            if (!features.SequenceEqual(checkpoint.Spec.FeatureColumns) || !(classes ?? Array.Empty<string>()).SequenceEqual(checkpoint.Spec.Classes ?? Array.Empty<string>()))
                throw CliException.Invalid($"--resume: {dataPath} does not have the columns and classes of the run in {dir}; resume with the same data");
        }
        var featureIndices = features.Select(table.IndexOf).ToArray();
        var all = Dataset.Read(context, table, featureIndices, targetIndex, classes, shape.TargetWidth);
        var (trainRows, valRows) = Dataset.Split(all.Rows, all.Labels, options.Validation, (ulong)options.Seed);
        if (trainRows.Length == 0) throw CliException.Invalid($"{dataPath}: no rows are left for training");
        var (mean, deviation) = DataSpec.Standardize(all.X, all.Width, trainRows);
        all.Standardize(mean, deviation);
        var spec = new DataSpec(features, table.Columns[targetIndex], classes, mean, deviation);
        var train = all.Subset(trainRows);
        var validation = valRows.Length > 0 ? all.Subset(valRows) : null;

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(context.Environment.Interrupt);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop after the current step instead of dying mid-write
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            TrainOutcome outcome = options.DType == "f32"
                ? Train<float>(context, model, shape, spec, train, validation, options, checkpoint, initPath, fullDir, interrupt.Token)
                : Train<double>(context, model, shape, spec, train, validation, options, checkpoint, initPath, fullDir, interrupt.Token);
            if (json)
            {
                Json.Write(context.Out, w =>
                {
                    w.StartObject();
                    w.Member("epochs", outcome.Epochs);
                    w.Member("train_loss", outcome.TrainLoss);
                    w.Name("val_loss");
                    if (outcome.ValLoss is { } v) w.Number(v); else w.Null();
                    w.Name("val_accuracy");
                    if (outcome.ValAccuracy is { } a) w.Number(a); else w.Null();
                    w.EndObject();
                });
            }
            else
            {
                var parts = $"train loss {TextFormat.Number(outcome.TrainLoss)}" +
                    (outcome.ValLoss is { } v ? $", val loss {TextFormat.Number(v)}" : "") +
                    (outcome.ValAccuracy is { } a ? $", val accuracy {a:0.0000}" : "");
                context.Out.WriteLine($"trained {outcome.Epochs} epoch{(outcome.Epochs == 1 ? "" : "s")}: {parts}");
                if (outcome.Epochs > 0) context.Out.WriteLine($"wrote {Path.Combine(dir, "params.json")}, state.json, metrics.csv, loss.svg");
            }
            if (outcome.Stopped is { } why)
            {
                if (why.StartsWith("interrupted", StringComparison.Ordinal))
                {
                    context.Error(why);
                    return ExitCodes.Interrupted;
                }
                context.Err.WriteLine("symgraph: " + why);
            }
            return ExitCodes.Success;
        }
        catch (DivergedException e)
        {
            context.Error(e.Message);
            return ExitCodes.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static TrainOutcome Train<T>(CliContext context, LoadedModel model, ModelData shape, DataSpec spec, Dataset train, Dataset? validation,
        TrainOptions options, Checkpoint? checkpoint, string? initPath, string dir, CancellationToken interrupt) where T : unmanaged
    {
        var trainer = new Trainer<T>(context, model, shape, spec, train, validation, options, dir, interrupt);
        if (checkpoint is not null)
        {
            trainer.Resume(checkpoint);
            context.Err.WriteLine($"resuming after epoch {checkpoint.Epoch} of {options.Epochs}");
        }
        else if (initPath is not null) trainer.Start(ReadInit(context, model, initPath));
        else
        {
            trainer.Start(Initializer.Initialize(model, options.Seed, out string rule));
            context.Err.WriteLine($"{train.Rows} training rows, {validation?.Rows ?? 0} validation rows; parameters: {rule}, seed {options.Seed}");
        }
        return trainer.Run();
    }

    /// <summary>Parameter values from <c>--init</c>: every param of the model by name (inputs, if present, are ignored).</summary>
    internal static double[][] ReadInit(CliContext context, LoadedModel model, string path)
    {
        var values = JsonValues.Parse(TextFile.Read(context, path, "a values file"), path);
        var names = model.Model.Parameters.Select(p => p.Name!).ToArray();
        foreach (var name in values.Names())
            if (!names.Contains(name) && !model.Model.Inputs.Any(i => i.Name == name))
            {
                string? suggestion = SymGraph.Model.Suggestions.ClosestOrPrefix(name, names);
                throw CliException.Invalid($"{path}: '{name}' is not a param of {model.File}{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}");
            }
        return model.Model.Parameters.Select(p =>
        {
            if (!values.Has(p.Name!)) throw CliException.Invalid($"{path}: no value for the param '{p.Name}' {p.Shape}");
            var data = values.Numbers(p.Name!);
            if (data.Length != (int)p.Shape.ElementCount)
                throw CliException.Invalid($"{path}: '{p.Name}' has {data.Length} values; the model declares {p.Name}{p.Shape} ({p.Shape.ElementCount})");
            return data;
        }).ToArray();
    }
}
