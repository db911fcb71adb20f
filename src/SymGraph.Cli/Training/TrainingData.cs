using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// How a model meets its data: its first input is the features <c>[batch, d]</c>, its second the target
/// <c>[batch, k]</c>; k &gt; 1 makes it a classifier over k classes (one-hot targets), k = 1 a regression.
/// </summary>
internal sealed class ModelData
{
    private ModelData(Node features, Node target)
    {
        Features = features;
        Target = target;
    }

    public Node Features { get; }

    public Node Target { get; }

    public int FeatureCount => Features.Shape[1].Size;

    public int TargetWidth => Target.Shape[1].Size;

    public bool IsClassifier => TargetWidth > 1;

    /// <summary>The model's data inputs, or a message saying what a trainable model declares.</summary>
    public static ModelData Of(LoadedModel model, string what)
    {
        var inputs = model.Model.Inputs;
        const string form = "a model to train declares its features first, 'input x[batch, d]', then its target, 'input y[batch, k]' (k classes, or 1 for a regression)";
        if (inputs.Count != 2)
            throw CliException.Invalid($"{what}: {model.File} has {inputs.Count} input{(inputs.Count == 1 ? "" : "s")}; {form}");
        foreach (var input in inputs)
        {
            if (input.Shape.Rank != 2 || input.Shape[0].IsStatic || !input.Shape[1].IsStatic)
                throw CliException.Invalid($"{what}: the input '{input.Name}' has shape {input.Shape}; {form}");
        }
        if (inputs[0].Shape[0] != inputs[1].Shape[0])
            throw CliException.Invalid($"{what}: the inputs '{inputs[0].Name}' and '{inputs[1].Name}' have different batch sizes ({inputs[0].Shape[0]}, {inputs[1].Shape[0]}); {form}");
        return new ModelData(inputs[0], inputs[1]);
    }
}

/// <summary>
/// What training learns about the data and prediction reuses (kept in <c>state.json</c>): the feature
/// and target columns, the classes (sorted: numerically when all are numbers, else ordinally), and the
/// training rows' mean and standard deviation per feature (population; 1 for a constant column).
/// </summary>
internal sealed class DataSpec
{
    public DataSpec(string[] featureColumns, string targetColumn, string[]? classes, double[] mean, double[] deviation)
    {
        FeatureColumns = featureColumns;
        TargetColumn = targetColumn;
        Classes = classes;
        Mean = mean;
        Deviation = deviation;
    }

    public string[] FeatureColumns { get; }

    public string TargetColumn { get; }

    /// <summary>The class labels in one-hot order; <c>null</c> for a regression.</summary>
    public string[]? Classes { get; }

    public double[] Mean { get; }

    public double[] Deviation { get; }

    /// <summary>
    /// The columns and classes of <paramref name="table"/> for <paramref name="shape"/>: the target is
    /// <paramref name="target"/> (default: the last column), the features every other column in order.
    /// Mean and deviation are left empty (<see cref="Standardize"/> fills them from the training rows).
    /// </summary>
    public static (string[] Features, int TargetIndex, string[]? Classes) Columns(CliContext context, CsvTable table, string? target, ModelData shape)
    {
        int targetIndex = target is null ? table.Columns.Length - 1 : table.IndexOf(target);
        if (targetIndex < 0) Fail(context, CliDiagnostics.MissingColumn(table.File, 1, target!, table.Columns, "--target"));
        var features = table.Columns.Where((_, i) => i != targetIndex).ToArray();
        if (features.Length != shape.FeatureCount)
            Fail(context, CliDiagnostics.ModelMismatch(table.File,
                $"the data has {features.Length} feature column{(features.Length == 1 ? "" : "s")} besides the target '{table.Columns[targetIndex]}'; " +
                $"the model's input '{shape.Features.Name}' {shape.Features.Shape} takes {shape.FeatureCount}"));
        if (!shape.IsClassifier)
        {
            for (int r = 0; r < table.Rows.Count; r++)
                if (!CsvTable.IsNumber(table.Rows[r][targetIndex]))
                    Fail(context, CliDiagnostics.NotANumber(table.File, table.Line(r), targetIndex + 1, table.Columns[targetIndex], table.Rows[r][targetIndex]));
            return (features, targetIndex, null);
        }
        var labels = table.Rows.Select(row => row[targetIndex].Trim()).Distinct(StringComparer.Ordinal).ToList();
        var classes = SortLabels(labels);
        if (classes.Length != shape.TargetWidth)
            Fail(context, CliDiagnostics.ModelMismatch(table.File,
                $"the target column '{table.Columns[targetIndex]}' has {classes.Length} class{(classes.Length == 1 ? "" : "es")} ({Preview(classes)}); " +
                $"the model's target input '{shape.Target.Name}' {shape.Target.Shape} takes {shape.TargetWidth}" +
                (classes.Length > 30 ? " (is it a numeric column? a regression target needs 'input y[batch, 1]')" : "")));
        return (features, targetIndex, classes);
    }

    /// <summary>Numbers in numeric order when every label is one (<c>2</c> before <c>10</c>), otherwise ordinal order.</summary>
    public static string[] SortLabels(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        if (list.All(CsvTable.IsNumber))
            return list.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray();
        return list.OrderBy(l => l, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The per-feature mean and population deviation of <paramref name="rows"/> of <paramref name="x"/> (1 where a column is constant).</summary>
    public static (double[] Mean, double[] Deviation) Standardize(double[] x, int width, IReadOnlyList<int> rows)
    {
        var mean = new double[width];
        var deviation = new double[width];
        foreach (int r in rows)
            for (int j = 0; j < width; j++) mean[j] += x[r * width + j];
        for (int j = 0; j < width; j++) mean[j] /= Math.Max(1, rows.Count);
        foreach (int r in rows)
            for (int j = 0; j < width; j++)
            {
                double d = x[r * width + j] - mean[j];
                deviation[j] += d * d;
            }
        for (int j = 0; j < width; j++)
        {
            double s = Math.Sqrt(deviation[j] / Math.Max(1, rows.Count));
            deviation[j] = s > 0 ? s : 1;
        }
        return (mean, deviation);
    }

    private static string Preview(string[] classes) =>
        classes.Length <= 12 ? string.Join(", ", classes) : string.Join(", ", classes.Take(10)) + $", … {classes.Length - 10} more";

    private static void Fail(CliContext context, Diagnostic diagnostic)
    {
        context.Report(new[] { diagnostic });
        throw CliException.Reported();
    }
}

/// <summary>
/// Rows of a data file as numbers: features (raw, row-major), the target (one-hot rows for a classifier,
/// the value for a regression) and class indices.
/// </summary>
internal sealed class Dataset
{
    private Dataset(int rows, int width, int targetWidth, double[] x, double[]? y, int[]? labels)
    {
        Rows = rows;
        Width = width;
        TargetWidth = targetWidth;
        X = x;
        Y = y;
        Labels = labels;
    }

    public int Rows { get; }

    public int Width { get; }

    public int TargetWidth { get; }

    /// <summary>The features, row-major.</summary>
    public double[] X { get; }

    /// <summary>The targets, row-major (<c>null</c> when the file has no target column).</summary>
    public double[]? Y { get; }

    /// <summary>The class index of each row (classifiers with a target only).</summary>
    public int[]? Labels { get; }

    /// <summary>
    /// Reads the columns <paramref name="featureIndices"/> and, when <paramref name="targetIndex"/> ≥ 0,
    /// the target of every row; a non-numeric cell or an unknown class is a diagnostic naming file, row and column.
    /// </summary>
    public static Dataset Read(CliContext context, CsvTable table, IReadOnlyList<int> featureIndices, int targetIndex, string[]? classes, int targetWidth)
    {
        int n = table.Rows.Count, d = featureIndices.Count;
        var x = new double[(long)n * d];
        for (int r = 0; r < n; r++)
        {
            var row = table.Rows[r];
            for (int j = 0; j < d; j++)
            {
                int c = featureIndices[j];
                if (!CsvTable.TryParse(row[c], out double v))
                    Fail(context, CliDiagnostics.NotANumber(table.File, table.Line(r), c + 1, table.Columns[c], row[c]));
                x[r * d + j] = v;
            }
        }
        if (targetIndex < 0) return new Dataset(n, d, targetWidth, x, null, null);
        var y = new double[(long)n * targetWidth];
        int[]? labels = null;
        if (classes is not null)
        {
            labels = new int[n];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int k = 0; k < classes.Length; k++) index[classes[k]] = k;
            for (int r = 0; r < n; r++)
            {
                string cell = table.Rows[r][targetIndex].Trim();
                if (!index.TryGetValue(cell, out int k) && !TryNumericMatch(cell, classes, out k))
                    Fail(context, CliDiagnostics.UnknownClass(table.File, table.Line(r), targetIndex + 1, table.Columns[targetIndex], cell, classes));
                labels[r] = k;
                y[r * targetWidth + k] = 1;
            }
        }
        else
        {
            for (int r = 0; r < n; r++)
            {
                if (!CsvTable.TryParse(table.Rows[r][targetIndex], out double v))
                    Fail(context, CliDiagnostics.NotANumber(table.File, table.Line(r), targetIndex + 1, table.Columns[targetIndex], table.Rows[r][targetIndex]));
                y[r] = v;
            }
        }
        return new Dataset(n, d, targetWidth, x, y, labels);
    }

    /// <summary>Standardizes the features in place: (x − mean) / deviation.</summary>
    public void Standardize(double[] mean, double[] deviation)
    {
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Width; j++) X[r * Width + j] = (X[r * Width + j] - mean[j]) / deviation[j];
    }

    /// <summary>The rows <paramref name="rows"/> as a new data set.</summary>
    public Dataset Subset(IReadOnlyList<int> rows)
    {
        var x = new double[(long)rows.Count * Width];
        var y = Y is null ? null : new double[(long)rows.Count * TargetWidth];
        var labels = Labels is null ? null : new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(X, (long)rows[i] * Width, x, (long)i * Width, Width);
            if (y is not null) Array.Copy(Y!, (long)rows[i] * TargetWidth, y, (long)i * TargetWidth, TargetWidth);
            if (labels is not null) labels[i] = Labels![rows[i]];
        }
        return new Dataset(rows.Count, Width, TargetWidth, x, y, labels);
    }

    /// <summary>
    /// A seeded split of <paramref name="rows"/> rows into training and held-out rows: ⌈fraction·n⌉ held
    /// out (as scikit-learn's <c>train_test_split</c> counts), stratified when <paramref name="labels"/> are
    /// given (each class gives ⌊fraction·nᶜ⌋, the rest going to the classes with the largest remainders,
    /// the first class first on ties). Rows within each part keep the file's order.
    /// </summary>
    public static (int[] Train, int[] HeldOut) Split(int rows, int[]? labels, double fraction, ulong seed)
    {
        if (fraction <= 0) return (Enumerable.Range(0, rows).ToArray(), Array.Empty<int>());
        int total = Math.Min(rows - 1, (int)Math.Ceiling(fraction * rows - 1e-9));
        var rng = new SplitMix64(seed);
        int classes = labels is null ? 1 : labels.Max() + 1;
        var groups = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (int r = 0; r < rows; r++) groups[labels is null ? 0 : labels[r]].Add(r);
        var take = groups.Select(g => (int)Math.Floor(fraction * g.Count)).ToArray();
        int remaining = total - take.Sum();
        foreach (int c in Enumerable.Range(0, classes).OrderByDescending(c => fraction * groups[c].Count - take[c]).ThenBy(c => c))
        {
            if (remaining <= 0) break;
            if (take[c] < groups[c].Count) { take[c]++; remaining--; }
        }
        var heldOut = new List<int>();
        for (int c = 0; c < classes; c++)
        {
            var g = groups[c];
            Shuffle(g, rng);
            heldOut.AddRange(g.Take(take[c]));
        }
        var held = new HashSet<int>(heldOut);
        return (Enumerable.Range(0, rows).Where(r => !held.Contains(r)).ToArray(), heldOut.OrderBy(r => r).ToArray());
    }

    /// <summary>Fisher–Yates with <paramref name="rng"/>: the same permutation for the same generator state, on every platform.</summary>
    public static void Shuffle(IList<int> items, SplitMix64 rng)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = (int)rng.NextLong(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // "1.0" in a test file for the class "1".
    private static bool TryNumericMatch(string cell, string[] classes, out int k)
    {
        k = -1;
        if (!CsvTable.TryParse(cell, out double v)) return false;
        for (int i = 0; i < classes.Length; i++)
            if (CsvTable.TryParse(classes[i], out double c) && c == v) { k = i; return true; }
        return false;
    }

    private static void Fail(CliContext context, Diagnostic diagnostic)
    {
        context.Report(new[] { diagnostic });
        throw CliException.Reported();
    }
}
