using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace SymGraph.Cli;

/// <summary>
/// Reads the checkpoint files <c>train</c> writes (<c>state.json</c>, <c>params.json</c>) and <c>--init</c>
/// values: members by name, numbers (the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> too),
/// nested arrays flattened row-major. Every problem is a <see cref="CliException"/> naming the file and the member.
/// </summary>
internal sealed class JsonValues
{
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly string _path;

    private JsonValues(JsonElement element, string file, string path)
    {
        _element = element;
        _file = file;
        _path = path;
    }

    /// <summary>Parses <paramref name="text"/> of <paramref name="file"/>; the root must be an object.</summary>
    public static JsonValues Parse(string text, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object) throw CliException.Invalid($"{file}: expected a JSON object");
            return new JsonValues(root, file, "");
        }
        catch (JsonException e)
        {
            throw CliException.Invalid($"{file}: not valid JSON ({e.Message.TrimEnd('.')}); was it written by 'symgraph train'?");
        }
    }

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>The member names, in file order.</summary>
    public IEnumerable<string> Names()
    {
        foreach (var p in _element.EnumerateObject()) yield return p.Name;
    }

    public JsonValues Object(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Object) throw Wrong(name, "an object");
        return new JsonValues(v, _file, Path(name));
    }

    public string String(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong(name, "a string");
    }

    public string? OptionalString(string name) => Has(name) ? String(name) : null;

    public bool Bool(string name)
    {
        var v = Get(name);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong(name, "true or false");
    }

    public double Number(string name) => ToNumber(Get(name), name);

    public double? OptionalNumber(string name) => Has(name) ? Number(name) : null;

    public ulong UInt64(string name)
    {
        string text = String(name);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : throw Wrong(name, "an unsigned integer in a string");
    }

    public string[] Strings(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array) throw Wrong(name, "an array of strings");
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong(name, "an array of strings"));
        return list.ToArray();
    }

    /// <summary>A number or nested arrays of numbers, flattened row-major.</summary>
    public double[] Numbers(string name)
    {
        var result = new List<double>();
        var stack = new Stack<JsonElement>();
        stack.Push(Get(name));
        // Depth-first, children pushed in reverse so they come out in order.
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e.ValueKind == JsonValueKind.Array)
            {
                var items = new List<JsonElement>();
                foreach (var item in e.EnumerateArray()) items.Add(item);
                for (int i = items.Count - 1; i >= 0; i--) stack.Push(items[i]);
            }
            else result.Add(ToNumber(e, name));
        }
        return result.ToArray();
    }

    private JsonElement Get(string name) =>
        _element.TryGetProperty(name, out var v) ? v : throw CliException.Invalid($"{_file}: '{Path(name)}' is missing");

    private double ToNumber(JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        if (e.ValueKind == JsonValueKind.String)
            switch (e.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        throw Wrong(name, "numbers");
    }

    private string Path(string name) => _path.Length == 0 ? name : _path + "." + name;

    private CliException Wrong(string name, string what) => CliException.Invalid($"{_file}: '{Path(name)}' should be {what}");
}
