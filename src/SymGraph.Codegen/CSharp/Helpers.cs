using System;
using System.Collections.Generic;

namespace SymGraph.Codegen.CSharp;

/// <summary>The small private methods a generated class may carry, so scalar code needs nothing but the base library.</summary>
[Flags]
internal enum Helper
{
    None = 0,
    Sigmoid = 1 << 0,
    Softplus = 1 << 1,
    Log1p = 1 << 2,
    Relu = 1 << 3,
    Sign = 1 << 4,
    Maximum = 1 << 5,
    Minimum = 1 << 6,
    LengthError = 1 << 7,
    InferSize = 1 << 8,
    Buffer = 1 << 9,
    EntryChecks = 1 << 10,
    EntrySize = 1 << 11,
}

/// <summary>
/// The source of each helper. The element-wise ones are copies of <c>SymGraph.Runtime.ScalarMath</c>
/// (the Expression backend calls those): same formulas, so both backends compute the same numbers.
/// </summary>
internal static class Helpers
{
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>Every helper name, reserved in every generated method so no local can hide one.</summary>
    public static IEnumerable<string> Names
    {
        get
        {
            foreach (Helper h in Enum.GetValues(typeof(Helper)))
                if (h != Helper.None) yield return h.ToString();
            yield return "Buffers"; // written with Buffer
            foreach (var name in new[] { "CountError", "ArrayError" }) yield return name; // EntryChecks
        }
    }

    /// <summary>The helpers <paramref name="used"/> needs, including those they call.</summary>
    public static Helper Closure(Helper used, DType dtype)
    {
        if ((used & Helper.Softplus) != 0) used |= Helper.Log1p;
        if ((used & Helper.EntrySize) != 0) used |= Helper.EntryChecks;
        return used;
    }

    /// <summary>Writes the helpers in <paramref name="used"/>, in a fixed order, each preceded by a blank line.</summary>
    /// <param name="w">The class body.</param>
    /// <param name="used">The helpers the methods call.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="nullable">True when the file is in a nullable context (it annotates possibly-null arrays).</param>
    public static void Write(IndentedWriter w, Helper used, DType dtype, bool nullable)
    {
        used = Closure(used, dtype);
        string t = Literals.Type(dtype);
        bool f32 = dtype == DType.Float32;
        const string M = "global::System.Math";

        if ((used & Helper.Sigmoid) != 0)
        {
            Comment(w, "σ(x) without overflow (as SymGraph.Runtime.ScalarMath.Sigmoid).");
            w.Line(Inline).Line("private static double Sigmoid(double x)").Open()
                .Line($"if (x >= 0) return 1.0 / (1.0 + {M}.Exp(-x));")
                .Line($"double e = {M}.Exp(x);")
                .Line("return e / (1.0 + e);")
                .Close();
            if (f32) w.Line().Line(Inline).Line("private static float Sigmoid(float x) => (float)Sigmoid((double)x);");
        }
        if ((used & Helper.Softplus) != 0)
        {
            Comment(w, "ln(1 + eˣ) as max(x, 0) + ln(1 + e^−|x|) (as SymGraph.Runtime.ScalarMath.Softplus).");
            w.Line($"private static double Softplus(double x) => {M}.Max(x, 0.0) + Log1p({M}.Exp(-{M}.Abs(x)));");
            if (f32) w.Line().Line("private static float Softplus(float x) => (float)Softplus((double)x);");
        }
        if ((used & Helper.Log1p) != 0)
        {
            Comment(w, "ln(1 + u), accurate for small u (as SymGraph.Runtime.ScalarMath.Log1p).");
            w.Line("private static double Log1p(double u)").Open()
                .Line("double w = 1.0 + u;")
                .Line("if (w == 1.0) return u;")
                .Line("if (double.IsInfinity(w)) return w;")
                .Line($"return {M}.Log(w) * u / (w - 1.0);")
                .Close();
        }
        if ((used & Helper.Relu) != 0)
        {
            Comment(w, "max(x, 0); NaN stays NaN.");
            w.Line(Inline).Line(f32
                ? "private static float Relu(float x) => x > 0 || float.IsNaN(x) ? x : 0f;"
                : "private static double Relu(double x) => x > 0 || double.IsNaN(x) ? x : 0.0;");
        }
        if ((used & Helper.Sign) != 0)
        {
            Comment(w, "−1, 0 or 1; NaN stays NaN.");
            w.Line(Inline).Line(f32
                ? "private static float Sign(float x) => x > 0 ? 1f : x < 0 ? -1f : x == 0 ? 0f : float.NaN;"
                : "private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;");
        }
        if ((used & Helper.Maximum) != 0)
        {
            Comment(w, "max(a, b), the first on ties, NaN if either is NaN.");
            w.Line(Inline).Line($"private static {t} Maximum({t} a, {t} b) => {t}.IsNaN(a) || {t}.IsNaN(b) ? {t}.NaN : a >= b ? a : b;");
        }
        if ((used & Helper.Minimum) != 0)
        {
            Comment(w, "min(a, b), the first on ties, NaN if either is NaN.");
            w.Line(Inline).Line($"private static {t} Minimum({t} a, {t} b) => {t}.IsNaN(a) || {t}.IsNaN(b) ? {t}.NaN : a <= b ? a : b;");
        }
        if ((used & Helper.LengthError) != 0)
        {
            Comment(w, "The error for a caller's array that is missing or has the wrong length (thrown by the caller, so checks stay inline).");
            w.Line($"private static global::System.Exception LengthError({t}[]{(nullable ? "?" : "")} array, int length, string name)").Open()
                .Line("if (array == null) return new global::System.ArgumentNullException(name);")
                .Line("return new global::System.ArgumentException(\"Expected \" + length + \" elements, got \" + array.Length + \".\", name);")
                .Close();
        }
        if ((used & Helper.InferSize) != 0)
        {
            Comment(w, "A symbolic size, read off the length of an array whose other dimensions are static.");
            w.Line($"private static int InferSize({t}[] array, int rest, string name)").Open()
                .Line("if (array == null) throw new global::System.ArgumentNullException(name);")
                .Line("if (rest == 0) return 0;")
                .Line("if (array.Length % rest != 0)")
                .Line("    throw new global::System.ArgumentException(\"Expected a multiple of \" + rest + \" elements, got \" + array.Length + \".\", name);")
                .Line("return array.Length / rest;")
                .Close();
        }
        if ((used & Helper.EntryChecks) != 0)
        {
            // The sentences of SymGraph.Codegen.EntryPointChecks, word for word: both array entry points say the same.
            string q = nullable ? "?" : "";
            Comment(w, "The wrong number of arrays given to an array entry point, worded as CompiledFunction<T>.Invoke words it.");
            w.Line("private static global::System.Exception CountError(string what, int expected, int actual)").Open()
                .Line("return new global::System.ArgumentException(\"Expected \" + expected + \" \" + what + \"s, got \" + actual + \".\", what + \"s\");")
                .Close();
            Comment(w, "A missing array or one of the wrong length, worded as CompiledFunction<T>.Invoke words it.");
            w.Line($"private static global::System.Exception ArrayError({t}[]{q} array, long expected, string what, int index, string description)").Open()
                .Line("if (array == null) return new global::System.ArgumentNullException(what + \"s\", \"The \" + what + \" array \" + index + \" (\" + description + \") is null.\");")
                .Line("return new global::System.ArgumentException(\"The \" + what + \" array \" + index + \" (\" + description + \") has \" + array.Length + \" elements; expected \" + expected + \".\", what + \"s\");")
                .Close();
        }
        if ((used & Helper.EntrySize) != 0)
        {
            Comment(w, "A symbolic size for an array entry point: the length of the argument it is read off, divided by the static rest.");
            w.Line($"private static int EntrySize({t}[][] arguments, int index, int rest, int count, string description)").Open()
                .Line("if (index >= arguments.Length) throw CountError(\"argument\", count, arguments.Length);")
                .Line("var array = arguments[index];")
                .Line("if (array == null) throw ArrayError(array, 0, \"argument\", index, description);")
                .Line("if (rest == 0) return 0;")
                .Line("if (array.Length % rest != 0)")
                .Line("    throw new global::System.ArgumentException(\"The argument array \" + index + \" (\" + description + \") has \" + array.Length + \" elements; expected a multiple of \" + rest + \".\", \"arguments\");")
                .Line("return array.Length / rest;")
                .Close();
        }
        if ((used & Helper.Buffer) != 0)
        {
            Comment(w, "A function's work buffers, kept per thread: calls allocate nothing once sizes settle.");
            w.Line($"private static {t}[]?[] Buffers(ref {t}[]?[]? slot, int count)").Open()
                .Line($"return slot ??= new {t}[]?[count];")
                .Close();
            Comment(w, "A work buffer of at least the given length.");
            w.Line($"private static {t}[] Buffer(ref {t}[]? slot, int length)").Open()
                .Line($"{t}[]? buffer = slot;")
                .Line($"if (buffer == null || buffer.Length < length) slot = buffer = new {t}[length];")
                .Line("return buffer;")
                .Close();
        }
    }

    private static void Comment(IndentedWriter w, string text) => w.Line().Line("// " + text);
}
