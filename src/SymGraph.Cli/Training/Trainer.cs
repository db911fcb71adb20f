using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Spectre.Console;
using SymGraph.Codegen.Expressions;
using SymGraph.Training;

namespace SymGraph.Cli;

/// <summary>What a finished (or stopped) run reports.</summary>
internal sealed record TrainOutcome(int Epochs, double TrainLoss, double? ValLoss, double? ValAccuracy, string? Stopped);

/// <summary>Raised when the loss stops being a finite number; the last checkpoint stays as it was.</summary>
internal sealed class DivergedException : Exception
{
    public DivergedException(string message) : base(message) { }
}

/// <summary>
/// The training loop of <c>symgraph train</c> over element type <typeparamref name="T"/>: minibatches
/// reshuffled every epoch from one seeded generator, a compiled zero-allocation step per batch (the last
/// partial batch included), the validation figures and a checkpoint after every epoch.
/// </summary>
internal sealed class Trainer<T> where T : unmanaged
{
    private readonly CliContext _context;
    private readonly LoadedModel _model;
    private readonly ModelData _data;
    private readonly DataSpec _spec;
    private readonly Dataset _train;
    private readonly Dataset? _val;
    private readonly TrainOptions _options;
    private readonly string _dir;
    private readonly CancellationToken _interrupt;
    private readonly TrainingStep<T> _step;
    private readonly CompiledFunction<T> _evaluate;
    private readonly bool _hasScores;
    private readonly LearningRateSchedule _schedule;
    private readonly List<EpochRecord> _history = new();
    private SplitMix64 _rng;
    private int _epoch;
    private double _bestValLoss = double.PositiveInfinity;
    private int _bestEpoch = -1;

    public Trainer(CliContext context, LoadedModel model, ModelData data, DataSpec spec, Dataset train, Dataset? val, TrainOptions options,
        string dir, CancellationToken interrupt)
    {
        _context = context;
        _model = model;
        _data = data;
        _spec = spec;
        _train = train;
        _val = val;
        _options = options;
        _dir = dir;
        _interrupt = interrupt;
        _schedule = LearningRateSchedule.Parse(options.Schedule);
        _rng = new SplitMix64((ulong)options.Seed ^ 0xA5A5A5A5DEADBEEFUL);

        // The graph in the run's element type: a copy for f32 (model files are f64).
        var scores = Predictions.ClassScores(model, data)?.Node;
        var roots = new List<Node> { model.Cost! };
        if (scores is not null) roots.Add(scores);
        Func<Node, Node> map = n => n;
        if (typeof(T) == typeof(float))
        {
            var m = ElementTypes.Convert(roots, DType.Float32);
            map = n => m[n];
        }
        var parameters = model.Model.Parameters.Select(map).ToArray();
        var dataLeaves = new[] { map(data.Features), map(data.Target) };
        var rule = UpdateRule.Build(map(model.Cost!), parameters, dataLeaves, options.CreateOptimizer(), options.CreateRegularization());
        _step = StepCompiler.Compile<T>(rule, options.Backend);
        var outputs = new List<Node> { map(model.Cost!) };
        if (scores is not null) outputs.Add(map(scores));
        _hasScores = scores is not null;
        _evaluate = ExpressionCompiler.Compile<T>(outputs, dataLeaves.Concat(parameters).ToArray());
    }

    public string InitRule { get; set; } = "";

    /// <summary>Sets the starting parameters (declaration order).</summary>
    public void Start(double[][] parameters)
    {
        for (int i = 0; i < parameters.Length; i++) _step.SetParameter(i, Convert(parameters[i]));
    }

    /// <summary>Continues from <paramref name="checkpoint"/>: parameters, optimizer state, counters, generator, history.</summary>
    public void Resume(Checkpoint checkpoint)
    {
        var rule = _step.Rule;
        for (int i = 0; i < rule.Parameters.Count; i++)
        {
            string name = rule.Parameters[i].Name!;
            var saved = checkpoint.Parameters.FirstOrDefault(p => p.Name == name);
            if (saved.Values is null) throw CliException.Invalid($"{Checkpoint.StatePath(_dir)}: no values for the parameter '{name}'");
            if (saved.Values.Length != _step.Parameter(i).Length)
                throw CliException.Invalid($"{Checkpoint.StatePath(_dir)}: '{name}' has {saved.Values.Length} values; the model declares {rule.Parameters[i].Shape} ({_step.Parameter(i).Length})");
            _step.SetParameter(i, Convert(saved.Values));
        }
        for (int s = 0; s < rule.State.Count; s++)
        {
            string name = rule.State[s].Name!.Substring(UpdateRule.LeafPrefix.Length);
            var saved = checkpoint.OptimizerState.FirstOrDefault(p => p.Name == name);
            if (saved.Values is null || saved.Values.Length != _step.StateValue(s).Length)
                throw CliException.Invalid($"{Checkpoint.StatePath(_dir)}: no values (or the wrong number) for the optimizer state '{name}'");
            _step.SetState(s, Convert(saved.Values));
        }
        _step.StepCount = checkpoint.Step;
        _epoch = checkpoint.Epoch;
        _rng = new SplitMix64(checkpoint.Random);
        _bestValLoss = checkpoint.BestValLoss;
        _bestEpoch = checkpoint.BestEpoch;
        _history.AddRange(checkpoint.History);
    }

    public int EpochsDone => _epoch;

    public IReadOnlyList<EpochRecord> History => _history;

    /// <summary>Runs the remaining epochs, reporting progress on standard error.</summary>
    public TrainOutcome Run()
    {
        if (_context.Environment.IsErrorTerminal)
        {
            TrainOutcome? outcome = null;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(_context.Err),
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.Standard,
                Interactive = InteractionSupport.Yes,
            });
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("epoch", maxValue: _options.Epochs);
                    task.Value = _epoch;
                    outcome = Loop((record, rate, _) =>
                    {
                        task.Value = record.Epoch;
                        task.Description = Markup.Escape(Describe(record, rate, left: null)); // the time left has its own column
                    });
                });
            return outcome!;
        }
        return Loop((record, rate, left) => _context.Err.WriteLine(Describe(record, rate, left)));
    }

    private TrainOutcome Loop(Action<EpochRecord, double, double> progress)
    {
        int n = _train.Rows, batch = Math.Min(_options.Batch, n);
        int d = _train.Width, k = _train.TargetWidth;
        var full = new[] { new T[batch * d], new T[batch * k] };
        int rest = n % batch;
        var last = rest > 0 ? new[] { new T[rest * d], new T[rest * k] } : null;
        var order = new int[n];
        var clock = Stopwatch.StartNew();
        long samples = 0;
        int epochsRun = 0;
        double stepSeconds = 0;
        string? stopped = null;
        while (_epoch < _options.Epochs)
        {
            double epochStart = clock.Elapsed.TotalSeconds;
            double lr = _schedule.Rate(_options.LearningRate, _epoch, _options.Epochs);
            for (int i = 0; i < n; i++) order[i] = i;
            Dataset.Shuffle(order, _rng);
            double sum = 0;
            int steps = (n + batch - 1) / batch;
            for (int s = 0; s < steps; s++)
            {
                int start = s * batch, count = Math.Min(batch, n - start);
                var arrays = count == batch ? full : last!;
                Gather(_train.X, order, start, count, d, arrays[0]);
                Gather(_train.Y!, order, start, count, k, arrays[1]);
                double loss = _step.Run(arrays, lr);
                if (double.IsNaN(loss) || double.IsInfinity(loss))
                    throw new DivergedException($"training diverged: the loss is {Json0(loss)} at epoch {_epoch + 1}, step {s + 1} of {steps}" +
                        (_epoch == 0 ? "; no checkpoint was written" : $"; {Checkpoint.ParamsPath(_dir)} holds epoch {_epoch}") + "; try a smaller --lr");
                sum += loss * count;
                if (_interrupt.IsCancellationRequested)
                {
                    stopped = $"interrupted at epoch {_epoch + 1}, step {s + 1} of {steps}" +
                        (_epoch == 0 ? "; no epoch finished, so no checkpoint was written" : $"; {Checkpoint.ParamsPath(_dir)} holds epoch {_epoch} (continue with --resume)");
                    return Outcome(stopped);
                }
            }
            samples += n;
            epochsRun++;
            stepSeconds += clock.Elapsed.TotalSeconds - epochStart;
            var (valLoss, valAccuracy) = Evaluate(_val);
            double seconds = clock.Elapsed.TotalSeconds - epochStart;
            var record = new EpochRecord(_epoch + 1, lr, sum / n, valLoss, valAccuracy, seconds);
            _history.Add(record);
            _epoch++;
            if (valLoss is { } v && v < _bestValLoss)
            {
                _bestValLoss = v;
                _bestEpoch = _epoch;
            }
            SaveCheckpoint();
            // samples/s of the steps alone; the time left counts validation and checkpoints too
            double rate = samples / Math.Max(1e-9, stepSeconds);
            double left = (_options.Epochs - _epoch) * clock.Elapsed.TotalSeconds / epochsRun;
            progress(record, rate, left);
            if (_options.EarlyStop > 0 && _val is not null && _epoch - _bestEpoch >= _options.EarlyStop)
            {
                stopped = $"stopped early at epoch {_epoch}: the validation loss has not improved for {_options.EarlyStop} epochs (best {Json0(_bestValLoss)} at epoch {_bestEpoch})";
                break;
            }
        }
        return Outcome(stopped);
    }

    private TrainOutcome Outcome(string? stopped)
    {
        var r = _history.Count > 0 ? _history[^1] : null;
        return new TrainOutcome(_epoch, r?.TrainLoss ?? double.NaN, r?.ValLoss, r?.ValAccuracy, stopped);
    }

    private string Describe(EpochRecord r, double? rate, double? left)
    {
        var parts = new List<string>
        {
            $"epoch {r.Epoch}/{_options.Epochs}",
            $"train loss {TextFormat.Number(r.TrainLoss)}",
        };
        if (r.ValLoss is { } v) parts.Add($"val loss {TextFormat.Number(v)}");
        if (r.ValAccuracy is { } a) parts.Add($"val accuracy {a:0.0000}");
        if (rate is { } s) parts.Add($"{TextFormat.Integer((long)s)} samples/s");
        if (left is { } l) parts.Add($"{TimeSpan.FromSeconds(Math.Round(l)):c} left");
        return string.Join("  ", parts);
    }

    private static string Json0(double x) => double.IsNaN(x) ? "NaN" : TextFormat.Number(x);

    /// <summary>The cost and (for a classifier with class scores) the accuracy over <paramref name="set"/> in one call.</summary>
    public (double? Loss, double? Accuracy) Evaluate(Dataset? set)
    {
        if (set is null || set.Rows == 0) return (null, null);
        int d = set.Width, k = set.TargetWidth;
        var all = Enumerable.Range(0, set.Rows).ToArray();
        var x = new T[set.Rows * d];
        var y = new T[set.Rows * k];
        Gather(set.X, all, 0, set.Rows, d, x);
        Gather(set.Y!, all, 0, set.Rows, k, y);
        var arguments = new[] { x, y }.Concat(Enumerable.Range(0, _step.Rule.Parameters.Count).Select(_step.Parameter)).ToArray();
        var results = new List<T[]> { new T[1] };
        if (_hasScores) results.Add(new T[set.Rows * k]);
        _evaluate.Invoke(arguments, results.ToArray());
        double loss = results[0] is double[] dl ? dl[0] : ((float[])(object)results[0])[0];
        if (!_hasScores || set.Labels is null) return (loss, null);
        int correct = 0;
        for (int r = 0; r < set.Rows; r++)
            if (Predictions.ArgMax(results[1], r * k, k) == set.Labels[r]) correct++;
        return (loss, (double)correct / set.Rows);
    }

    private void SaveCheckpoint()
    {
        var rule = _step.Rule;
        var checkpoint = new Checkpoint
        {
            Model = _model.File,
            Spec = _spec,
            Options = _options,
            Epoch = _epoch,
            Step = _step.StepCount,
            Random = _rng.State,
            BestValLoss = _bestValLoss,
            BestEpoch = _bestEpoch,
            History = _history,
            Parameters = rule.Parameters.Select((p, i) => (p.Name!, Dims(p), ToDouble(_step.Parameter(i)))).ToList(),
            OptimizerState = rule.State.Select((s, i) => (s.Name!.Substring(UpdateRule.LeafPrefix.Length), Dims(s), ToDouble(_step.StateValue(i)))).ToList(),
        };
        checkpoint.Save(_context, _dir);
    }

    private static int[] Dims(Node n) => n.Shape.Select(dim => dim.Size).ToArray();

    private static double[] ToDouble(T[] values) => values is double[] d ? (double[])d.Clone() : ((float[])(object)values).Select(v => (double)v).ToArray();

    private static T[] Convert(double[] values)
    {
        if (typeof(T) == typeof(double)) return (T[])(object)values.Clone();
        return (T[])(object)values.Select(v => (float)v).ToArray();
    }

    /// <summary>Copies rows <paramref name="order"/>[start..start+count) of <paramref name="source"/> into <paramref name="target"/> (no allocation).</summary>
    private static void Gather(double[] source, int[] order, int start, int count, int width, T[] target)
    {
        if (target is double[] dt)
        {
            for (int i = 0; i < count; i++) Array.Copy(source, order[start + i] * width, dt, i * width, width);
            return;
        }
        var ft = (float[])(object)target;
        for (int i = 0; i < count; i++)
        {
            int from = order[start + i] * width, to = i * width;
            for (int j = 0; j < width; j++) ft[to + j] = (float)source[from + j];
        }
    }
}
