using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.CSharp;

/// <summary>The small private methods a generated class may carry, so scalar code needs nothing but the base library.</summary>
[Flags]
internal enum Helper
{
    None = 0,
    LengthError = 1 << 7,
    InferSize = 1 << 8,
    Buffer = 1 << 9,
    EntryChecks = 1 << 10,
    EntrySize = 1 << 11,
}

/// <summary>
/// The source of each helper: the named formulas the code called (printed from their
/// <see cref="SymGraph.Ops.NamedFormula"/>, the definition every executor uses), then the
/// entry-point and buffer plumbing.
/// </summary>
internal static class Helpers
{
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>Every helper name, reserved in every generated method so no local can hide one.</summary>
    public static IEnumerable<string> Names
    {
        get
        {
            foreach (var f in SymGraph.Ops.Formulas.All) yield return f.Name;
            yield return SymGraph.Codegen.Lowering.Vectorizer.Tanh.Name;
            foreach (Helper h in Enum.GetValues(typeof(Helper)))
                if (h != Helper.None) yield return h.ToString();
            yield return "Buffers"; // written with Buffer
            foreach (var name in new[] { "CountError", "ArrayError" }) yield return name; // EntryChecks
        }
    }

    /// <summary>The helpers <paramref name="used"/> needs, including those they call.</summary>
    public static Helper Closure(Helper used, DType dtype)
    {
        if ((used & Helper.EntrySize) != 0) used |= Helper.EntryChecks;
        return used;
    }

    /// <summary>Writes the helpers in <paramref name="used"/>, in a fixed order, each preceded by a blank line.</summary>
    /// <param name="w">The class body.</param>
    /// <param name="used">The helpers the methods call.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="nullable">True when the file is in a nullable context (it annotates possibly-null arrays).</param>
    /// <param name="formulas">The named formulas the methods call.</param>
    /// <param name="vectorFormulas">The named formulas the methods' vector loops call (written over <c>Vector&lt;T&gt;</c>).</param>
    public static void Write(IndentedWriter w, Helper used, IEnumerable<SymGraph.Ops.NamedFormula> formulas, IEnumerable<SymGraph.Ops.NamedFormula> vectorFormulas, DType dtype, bool nullable)
    {
        foreach (var f in Ordered(formulas)) FormulaWriter.WriteHelper(w, f, dtype);
        foreach (var f in Ordered(vectorFormulas)) FormulaWriter.WriteHelper(w, f, dtype, vector: true);
        used = Closure(used, dtype);
        string t = Literals.Type(dtype);

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

    /// <summary>The formulas and those they call, callees first, in a fixed order: the shared ones as listed in Formulas.All, then others by name.</summary>
    private static IEnumerable<SymGraph.Ops.NamedFormula> Ordered(IEnumerable<SymGraph.Ops.NamedFormula> used)
    {
        var all = new List<SymGraph.Ops.NamedFormula>();
        foreach (var f in used.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            foreach (var callee in f.Callees())
                if (!all.Contains(callee)) all.Add(callee);
            if (!all.Contains(f)) all.Add(f);
        }
        var shared = SymGraph.Ops.Formulas.All;
        return all.Where(shared.Contains).OrderBy(f => IndexOf(shared, f))
            .Concat(all.Where(f => !shared.Contains(f)).OrderBy(f => f.Name, StringComparer.Ordinal));
    }

    private static int IndexOf(IReadOnlyList<SymGraph.Ops.NamedFormula> list, SymGraph.Ops.NamedFormula f)
    {
        for (int i = 0; i < list.Count; i++)
            if (ReferenceEquals(list[i], f)) return i;
        return -1;
    }

    private static void Comment(IndentedWriter w, string text) => w.Line().Line("// " + text);
}
