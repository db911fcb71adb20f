namespace SymGraph.Cli;

/// <summary>The outcome of one derivative check, from <see cref="FiniteDifferences"/> or <see cref="SampledCheck"/>.</summary>
internal sealed class CheckResult
{
    public CheckResult(double maxAbs, string worstAbs, double maxRel, string worstRel, bool passed, long entries, long total, bool sampled)
    {
        MaxAbsoluteError = maxAbs;
        WorstAbsolute = worstAbs;
        MaxRelativeError = maxRel;
        WorstRelative = worstRel;
        Passed = passed;
        Entries = entries;
        Total = total;
        Sampled = sampled;
    }

    public double MaxAbsoluteError { get; }

    public string WorstAbsolute { get; }

    public double MaxRelativeError { get; }

    public string WorstRelative { get; }

    public bool Passed { get; }

    /// <summary>The entries compared.</summary>
    public long Entries { get; }

    /// <summary>The entries there are (more than <see cref="Entries"/> when sampled).</summary>
    public long Total { get; }

    public bool Sampled { get; }

    public static CheckResult From(DerivativeCheck check, bool sampled, long total) =>
        new(check.MaxAbsoluteError, check.WorstAbsolute, check.MaxRelativeError, check.WorstRelative, check.Passed, check.Entries,
            total > 0 ? total : check.Entries, sampled);

    public void WriteJson(Json w)
    {
        w.StartObject();
        w.Member("ok", Passed);
        w.Member("max_abs_error", MaxAbsoluteError);
        w.Member("max_rel_error", MaxRelativeError);
        w.Member("worst", WorstAbsolute);
        w.Member("worst_rel", WorstRelative);
        w.Member("entries", Entries);
        w.Member("total_entries", Total);
        w.Member("sampled", Sampled);
        w.EndObject();
    }

    public void AddRow(ResultTable table, string what) =>
        table.Add(Passed ? "green" : "red", what, Passed ? "ok" : "FAILED",
            TextFormat.Error(MaxAbsoluteError), WorstAbsolute, TextFormat.Error(MaxRelativeError), WorstRelative,
            Sampled ? $"{TextFormat.Integer(Entries)} of {TextFormat.Integer(Total)}" : TextFormat.Integer(Entries));
}
