using System.Collections.Generic;
using System.Linq;
using Spectre.Console;

namespace SymGraph.Cli;

/// <summary>
/// Rows of results: a Spectre.Console table on a terminal, aligned plain-text columns otherwise (two
/// spaces apart, numbers right-aligned), which scripts and diffs read easily.
/// </summary>
internal sealed class ResultTable
{
    private readonly string[] _headers;
    private readonly bool[] _right;
    private readonly List<(string[] Cells, string? Style)> _rows = new();

    /// <param name="headers">Column headers; a header ending in <c>&gt;</c> marks a right-aligned column (the marker is not shown).</param>
    public ResultTable(params string[] headers)
    {
        _right = headers.Select(h => h.EndsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimEnd('>')).ToArray();
    }

    /// <summary>Adds a row; <paramref name="style"/> colours it on a terminal (a Spectre style such as <c>red</c>).</summary>
    public void Add(string? style, params string[] cells) => _rows.Add((cells, style));

    public void Write(CliContext context)
    {
        if (context.IsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (int c = 0; c < _headers.Length; c++)
            {
                var column = new TableColumn(new Markup("[bold]" + Markup.Escape(_headers[c]) + "[/]"));
                if (_right[c]) column.RightAligned();
                table.AddColumn(column);
            }
            foreach (var (cells, style) in _rows)
                table.AddRow(cells.Select(cell => (Spectre.Console.Rendering.IRenderable)(style is null ? new Text(cell) : new Markup($"[{style}]{Markup.Escape(cell)}[/]"))).ToArray());
            context.Console.Write(table);
            return;
        }
        var widths = _headers.Select((h, c) => _rows.Select(r => r.Cells[c].Length).Append(h.Length).Max()).ToArray();
        WriteLine(context, _headers, widths);
        foreach (var (cells, _) in _rows) WriteLine(context, cells, widths);
    }

    private void WriteLine(CliContext context, string[] cells, int[] widths)
    {
        var parts = cells.Select((cell, c) => _right[c] ? cell.PadLeft(widths[c]) : c == cells.Length - 1 ? cell : cell.PadRight(widths[c]));
        context.Out.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
