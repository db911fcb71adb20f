using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SymGraph.Cli;

/// <summary>
/// JSON results on standard output: one indented document per command, except that each innermost
/// array of numbers stays on one line (a vector is one line, a matrix one line per row), so large
/// tensors stay readable and diffable. Numbers are written in the shortest form that reads back to the
/// same double; NaN and infinities, which JSON has no numbers for, are written as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal sealed class Json
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _hasItems = new(); // one entry per open container: has it an item yet?
    private bool _afterName;

    /// <summary>Builds a document with <paramref name="write"/> and prints it with a final newline.</summary>
    public static void Write(TextWriter output, Action<Json> write)
    {
        var json = new Json();
        write(json);
        output.Write(json._sb.Append('\n').ToString());
    }

    public void StartObject() => Open('{');

    public void EndObject() => Close('}');

    public void StartArray() => Open('[');

    public void EndArray() => Close(']');

    /// <summary>A member name; the next value is its value.</summary>
    public void Name(string name)
    {
        BeforeValue();
        _sb.Append(Quote(name)).Append(": ");
        _afterName = true;
    }

    public void Number(double value)
    {
        BeforeValue();
        AppendNumber(_sb, value);
    }

    public void Integer(long value)
    {
        BeforeValue();
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void String(string value)
    {
        BeforeValue();
        _sb.Append(Quote(value));
    }

    public void Bool(bool value)
    {
        BeforeValue();
        _sb.Append(value ? "true" : "false");
    }

    public void Null()
    {
        BeforeValue();
        _sb.Append("null");
    }

    public void Member(string name, double value) { Name(name); Number(value); }

    public void Member(string name, long value) { Name(name); Integer(value); }

    public void Member(string name, string value) { Name(name); String(value); }

    public void Member(string name, bool value) { Name(name); Bool(value); }

    /// <summary>A number, or nested arrays in row-major order for a tensor, each innermost row on one line. Iterative: rank does not matter.</summary>
    public void Tensor(Tensor t)
    {
        var dims = t.Dims;
        if (dims.Length == 0)
        {
            Number(t.Data[0]);
            return;
        }
        int rank = dims.Length;
        int zero = Array.IndexOf(dims, 0);
        if (zero >= 0)
        {
            // An empty tensor: arrays down to the first empty axis.
            BeforeValue();
            _sb.Append('[', zero + 1).Append(']', zero + 1);
            return;
        }
        int row = dims[rank - 1], rows = t.Length / row;
        // Odometer over the outer axes: open arrays as an index starts, close them after its last row.
        var index = new int[rank - 1];
        for (int a = 0; a < rank - 1; a++) StartArray();
        for (int r = 0; r < rows; r++)
        {
            Row(t.Data, r * row, row);
            int axis = rank - 2;
            while (axis >= 0 && ++index[axis] == dims[axis])
            {
                index[axis] = 0;
                EndArray();
                axis--;
            }
            if (axis < 0) break;
            for (int a = axis + 1; a < rank - 1; a++) StartArray();
        }
    }

    /// <summary>A matrix, one row per line.</summary>
    public void Matrix(double[][] rows)
    {
        StartArray();
        foreach (var row in rows) Row(row, 0, row.Length);
        EndArray();
    }

    /// <summary>An array of integers on one line.</summary>
    public void Integers(IReadOnlyList<int> data)
    {
        BeforeValue();
        _sb.Append('[');
        for (int k = 0; k < data.Count; k++)
        {
            if (k > 0) _sb.Append(", ");
            _sb.Append(data[k].ToString(CultureInfo.InvariantCulture));
        }
        _sb.Append(']');
    }

    /// <summary>An array of numbers on one line.</summary>
    public void Row(double[] data, int offset, int count)
    {
        BeforeValue();
        _sb.Append('[');
        for (int k = 0; k < count; k++)
        {
            if (k > 0) _sb.Append(", ");
            AppendNumber(_sb, data[offset + k]);
        }
        _sb.Append(']');
    }

    private void Open(char bracket)
    {
        BeforeValue();
        _sb.Append(bracket);
        _hasItems.Push(false);
    }

    private void Close(char bracket)
    {
        bool hadItems = _hasItems.Pop();
        if (hadItems) NewLine();
        _sb.Append(bracket);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_hasItems.Count == 0) return;
        if (_hasItems.Pop()) _sb.Append(',');
        _hasItems.Push(true);
        NewLine();
    }

    private void NewLine() => _sb.Append('\n').Append(' ', 2 * _hasItems.Count);

    private static void AppendNumber(StringBuilder sb, double value)
    {
        if (double.IsNaN(value)) sb.Append("\"NaN\"");
        else if (double.IsPositiveInfinity(value)) sb.Append("\"Infinity\"");
        else if (double.IsNegativeInfinity(value)) sb.Append("\"-Infinity\"");
        else sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
