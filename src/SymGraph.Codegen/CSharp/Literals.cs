using System;
using System.Globalization;

namespace SymGraph.Codegen.CSharp;

/// <summary>C# spellings of numbers and element types, exact and culture-independent.</summary>
internal static class Literals
{
    /// <summary>The element type keyword: <c>double</c> or <c>float</c>.</summary>
    public static string Type(DType dtype) => dtype switch
    {
        DType.Float64 => "double",
        DType.Float32 => "float",
        _ => throw new InvalidOperationException($"Unexpected element type '{dtype}'."),
    };

    /// <summary>The math class for the element type (<c>System.Math</c> or <c>System.MathF</c>).</summary>
    public static string MathClass(DType dtype) => dtype == DType.Float64 ? "global::System.Math" : "global::System.MathF";

    /// <summary>
    /// A literal that reads back as exactly <paramref name="value"/> (rounded to float for f32):
    /// shortest round-trip digits, a decimal point or exponent so it is never an integer, negative
    /// values in parentheses so they can stand as any operand.
    /// </summary>
    public static string Number(double value, DType dtype)
    {
        string type = Type(dtype);
        if (double.IsNaN(value)) return type + ".NaN";
        if (double.IsPositiveInfinity(value)) return type + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return type + ".NegativeInfinity";
        string s;
        if (dtype == DType.Float64)
        {
            s = value.ToString("R", CultureInfo.InvariantCulture);
            // .NET Framework's "R" is not always round-trip; G17 always is.
            if (BitConverter.DoubleToInt64Bits(double.Parse(s, CultureInfo.InvariantCulture)) != BitConverter.DoubleToInt64Bits(value))
                s = value.ToString("G17", CultureInfo.InvariantCulture);
            if (s.IndexOf('.') < 0 && s.IndexOf('E') < 0) s += ".0";
        }
        else
        {
            float f = (float)value;
            if (float.IsInfinity(f)) return type + (f > 0 ? ".PositiveInfinity" : ".NegativeInfinity");
            s = f.ToString("R", CultureInfo.InvariantCulture);
            if (float.Parse(s, CultureInfo.InvariantCulture) != f) s = f.ToString("G9", CultureInfo.InvariantCulture);
            s += "f";
        }
        return s[0] == '-' ? "(" + s + ")" : s;
    }

    /// <summary>An int literal.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A string literal: printable ASCII as it is, everything else (quotes, backslashes, controls, non-ASCII) escaped.</summary>
    public static string String(string value)
    {
        var b = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c == '"' || c == '\\') b.Append('\\').Append(c);
            else if (c >= ' ' && c <= '~') b.Append(c);
            else b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return b.Append('"').ToString();
    }
}
