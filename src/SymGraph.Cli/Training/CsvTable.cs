using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Sylvan.Data.Csv;

namespace SymGraph.Cli;

/// <summary>
/// A CSV data file read whole by Sylvan.Data.Csv, as text cells. A first row with any cell that is not
/// a number is a header (the column names); otherwise, or with <c>--no-header</c>, the columns are named
/// <c>c0…cN</c>. Every row must have as many cells as the first.
/// </summary>
internal sealed class CsvTable
{
    private readonly List<int> _lines;

    private CsvTable(string file, string[] columns, bool hasHeader, List<string[]> rows, List<int> lines)
    {
        _lines = lines;
        File = file;
        Columns = columns;
        HasHeader = hasHeader;
        Rows = rows;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    public string[] Columns { get; }

    public bool HasHeader { get; }

    /// <summary>The data rows (the header excluded), each with <see cref="Columns"/>.Length cells.</summary>
    public List<string[]> Rows { get; }

    /// <summary>The line of data row <paramref name="row"/> (0-based) in the file, for messages (1-based, the header counted).</summary>
    public int Line(int row) => _lines[row];

    /// <summary>The index of column <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Columns, name);

    /// <summary>Reads <paramref name="path"/>; reports problems as diagnostics naming file, row and column and throws <see cref="CliException"/>.</summary>
    public static CsvTable Read(CliContext context, string path, bool noHeader)
    {
        var raw = new List<string[]>();
        var lines = new List<int>();
        using (var text = TextFile.Open(context, path, "a CSV data file"))
        {
            try
            {
                using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',' });
                while (reader.Read())
                {
                    int n = reader.RowFieldCount;
                    var cells = new string[n];
                    for (int i = 0; i < n; i++) cells[i] = reader.GetString(i);
                    if (n == 0 || (n == 1 && cells[0].Length == 0)) continue; // blank lines
                    raw.Add(cells);
                    lines.Add(reader.RowNumber);
                }
            }
            catch (CsvFormatException e)
            {
                Fail(context, CliDiagnostics.EmptyData(path, $"not a valid CSV file (row {e.RowNumber}): {e.Message.TrimEnd('.')}"));
            }
        }
        if (raw.Count == 0) Fail(context, CliDiagnostics.EmptyData(path, "the data file has no rows"));
        bool header = !noHeader && raw[0].Any(cell => !IsNumber(cell));
        int width = raw[0].Length;
        for (int r = 1; r < raw.Count; r++)
            if (raw[r].Length != width) Fail(context, CliDiagnostics.Ragged(path, lines[r], raw[r].Length, width));
        string[] columns;
        if (header)
        {
            columns = raw[0].Select(c => c.Trim()).ToArray();
            raw.RemoveAt(0);
            lines.RemoveAt(0);
            if (raw.Count == 0) Fail(context, CliDiagnostics.EmptyData(path, "the data file has a header but no rows"));
        }
        else columns = Enumerable.Range(0, width).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new CsvTable(path, columns, header, raw, lines);
    }

    /// <summary>A number as data files write them (invariant culture; <c>1e-3</c>, <c>-0.5</c>, <c>NaN</c> is not one).</summary>
    public static bool TryParse(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);

    public static bool IsNumber(string cell) => TryParse(cell, out _);

    private static void Fail(CliContext context, SymGraph.Model.Diagnostic diagnostic)
    {
        context.Report(new[] { diagnostic });
        throw CliException.Reported();
    }
}
