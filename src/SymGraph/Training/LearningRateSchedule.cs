using System;
using System.Globalization;

namespace SymGraph.Training;

/// <summary>The shapes of <see cref="LearningRateSchedule"/>.</summary>
public enum ScheduleKind
{
    /// <summary>η₀ throughout.</summary>
    Constant,

    /// <summary>η₀·factorᵏ with k = ⌊e / every⌋ (PyTorch's <c>StepLR</c>).</summary>
    Step,

    /// <summary>η₀·γᵉ (<c>ExponentialLR</c>).</summary>
    Exponential,

    /// <summary>η₀ / (1 + decay·e): the 1/t schedule.</summary>
    Inverse,

    /// <summary>η_min + (η₀ − η_min)·(1 + cos(π·e / E))/2 over the E epochs after warm-up (<c>CosineAnnealingLR</c>).</summary>
    Cosine,
}

/// <summary>
/// A learning rate per epoch: a base schedule, optionally after a linear warm-up. Parsed from the
/// command line's spelling (<see cref="Parse"/>): <c>constant</c>, <c>step:EVERY:FACTOR</c>,
/// <c>exp:GAMMA</c>, <c>inv:DECAY</c>, <c>cosine[:MIN_LR]</c>, each optionally followed by
/// <c>,warmup:EPOCHS</c>.
/// </summary>
/// <remarks>
/// Epochs count from 0. During a warm-up of W epochs, epoch e &lt; W uses η₀·(e + 1)/W; from epoch W
/// on, the base schedule runs with e counted from the end of the warm-up (e − W), so a warm-up delays
/// the decay rather than eating into it. The rate is constant within an epoch.
/// </remarks>
public sealed class LearningRateSchedule
{
    private LearningRateSchedule(ScheduleKind kind, double a, double b, int warmup, string text)
    {
        Kind = kind;
        _a = a;
        _b = b;
        WarmupEpochs = warmup;
        _text = text;
    }

    private readonly double _a, _b;
    private readonly string _text;

    /// <summary>The base schedule.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>The length of the linear warm-up, in epochs (0: none).</summary>
    public int WarmupEpochs { get; }

    /// <summary>η₀ throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new(ScheduleKind.Constant, 0, 0, 0, "constant");

    /// <summary>
    /// Parses <paramref name="spec"/>; throws <see cref="FormatException"/> with a message naming what
    /// is wrong and the accepted forms.
    /// </summary>
    public static LearningRateSchedule Parse(string spec)
    {
        if (spec is null) throw new ArgumentNullException(nameof(spec));
        string text = spec.Trim();
        int warmup = 0;
        int comma = text.IndexOf(',');
        string baseText = comma < 0 ? text : text.Substring(0, comma);
        if (comma >= 0)
        {
            var w = text.Substring(comma + 1).Split(':');
            if (w.Length != 2 || w[0] != "warmup" || !int.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out warmup) || warmup < 1)
                throw Error(spec, $"'{text.Substring(comma + 1)}' is not 'warmup:EPOCHS' with EPOCHS a positive integer");
        }
        var parts = baseText.Split(':');
        switch (parts[0])
        {
            case "constant" when parts.Length == 1:
                return new(ScheduleKind.Constant, 0, 0, warmup, text);
            case "step" when parts.Length == 3:
                if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int every) || every < 1)
                    throw Error(spec, $"EVERY must be a positive integer, not '{parts[1]}'");
                return new(ScheduleKind.Step, every, Number(spec, parts[2], "FACTOR", positive: true), warmup, text);
            case "exp" when parts.Length == 2:
                return new(ScheduleKind.Exponential, Number(spec, parts[1], "GAMMA", positive: true), 0, warmup, text);
            case "inv" when parts.Length == 2:
                return new(ScheduleKind.Inverse, Number(spec, parts[1], "DECAY", positive: false), 0, warmup, text);
            case "cosine" when parts.Length <= 2:
                return new(ScheduleKind.Cosine, parts.Length == 2 ? Number(spec, parts[1], "MIN_LR", positive: false) : 0, 0, warmup, text);
            default:
                throw Error(spec, "not a schedule");
        }
    }

    /// <summary>
    /// The rate of epoch <paramref name="epoch"/> (from 0) of a run of <paramref name="epochs"/> epochs
    /// starting from <paramref name="baseRate"/> η₀.
    /// </summary>
    public double Rate(double baseRate, int epoch, int epochs)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epochs count from 0.");
        if (epoch < WarmupEpochs) return baseRate * (epoch + 1) / WarmupEpochs;
        int e = epoch - WarmupEpochs;
        switch (Kind)
        {
            case ScheduleKind.Constant: return baseRate;
            case ScheduleKind.Step: return baseRate * Math.Pow(_b, e / (int)_a);
            case ScheduleKind.Exponential: return baseRate * Math.Pow(_a, e);
            case ScheduleKind.Inverse: return baseRate / (1 + _a * e);
            case ScheduleKind.Cosine:
            {
                int span = epochs - WarmupEpochs;
                if (span <= 0) return baseRate;
                return _a + (baseRate - _a) * (1 + Math.Cos(Math.PI * Math.Min(e, span) / span)) / 2;
            }
            default: throw Unexpected.Value(Kind);
        }
    }

    /// <summary>The spelling this schedule was parsed from.</summary>
    public override string ToString() => _text;

    private static double Number(string spec, string text, string what, bool positive)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value) || double.IsInfinity(value)
            || (positive ? value <= 0 : value < 0))
            throw Error(spec, $"{what} must be a {(positive ? "positive" : "non-negative")} number, not '{text}'");
        return value;
    }

    private static FormatException Error(string spec, string detail) =>
        new($"'{spec}': {detail}; a schedule is constant, step:EVERY:FACTOR, exp:GAMMA, inv:DECAY or cosine[:MIN_LR], optionally followed by ,warmup:EPOCHS");
}
