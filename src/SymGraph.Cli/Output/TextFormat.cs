using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymGraph.Cli;

/// <summary>How numbers and tensors read in text output (JSON has every digit).</summary>
internal static class TextFormat
{
    /// <summary>Tensors with at most this many elements are printed in full; larger ones are summarized.</summary>
    public const int MaxPrintedElements = 64;

    public static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A short number for error magnitudes: <c>1.234e-09</c>.</summary>
    public static string Error(double value) => value.ToString("0.000e+00", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A size in bytes, in binary units and at most three significant digits: <c>16 GB</c>, <c>1.5 MB</c>, <c>800 bytes</c>.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = { "KB", "MB", "GB", "TB", "PB", "EB" };
        if (bytes < 1024) return bytes == 1 ? "1 byte" : $"{bytes} bytes";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Shape(int[] dims) => "[" + string.Join(",", dims) + "]";

    /// <summary><c>[[1, 2], [3, 4]]</c>, or a summary (<c>200704 values: min …, max …, mean …</c>) for a large tensor.</summary>
    public static string Tensor(Tensor t)
    {
        if (t.Rank == 0) return Number(t.Data[0]);
        if (t.Length > MaxPrintedElements)
        {
            var finite = t.Data.Where(double.IsFinite).ToArray();
            string stats = finite.Length == 0 ? "no finite values" :
                $"min {Number(finite.Min())}, max {Number(finite.Max())}, mean {Number(finite.Average())}, norm {Number(Math.Sqrt(finite.Sum(v => v * v)))}";
            return $"{Integer(t.Length)} values: {stats} (--json prints every value)";
        }
        var sb = new StringBuilder();
        var dims = t.Dims;
        if (dims.Contains(0)) return "[]";
        var index = new int[dims.Length];
        sb.Append('[', dims.Length);
        for (int k = 0; k < t.Length; k++)
        {
            sb.Append(Number(t.Data[k]));
            int axis = dims.Length - 1;
            int closed = 0;
            while (axis >= 0 && ++index[axis] == dims[axis])
            {
                index[axis] = 0;
                closed++;
                axis--;
            }
            sb.Append(']', closed);
            if (axis < 0) break;
            sb.Append(", ");
            sb.Append('[', closed);
        }
        return sb.ToString();
    }
}
