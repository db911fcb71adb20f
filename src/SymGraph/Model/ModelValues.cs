using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>
/// Values for a model's inputs and parameters, read from a JSON file (<c>VALUES.json</c>): one
/// member per input and parameter, each a number (for a scalar) or nested arrays in row-major
/// order, e.g. <c>{ "x": [[1, 2], [3, 4]], "b": [0.5, 0.5], "lr": 0.1 }</c>; the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c> stand for the numbers JSON cannot write. Symbolic sizes
/// (<c>batch</c>) are inferred from the arrays and must agree across values; <c>[]</c> is no rows of a
/// value whose leading size is symbolic or 0 and whose other sizes are static. Every problem is a
/// diagnostic (SG04xx, SG0401 for malformed JSON) located in the values file; reading never throws
/// on bad input.
/// </summary>
public sealed class ModelValues
{
    private ModelValues(Dictionary<string, Tensor> byName, Dictionary<Node, Tensor> byNode, Dictionary<string, int> sizes, IReadOnlyList<Diagnostic> diagnostics)
    {
        ByName = byName;
        ByNode = byNode;
        Sizes = sizes;
        Diagnostics = diagnostics;
    }

    /// <summary>The values by input or parameter name.</summary>
    public IReadOnlyDictionary<string, Tensor> ByName { get; }

    /// <summary>The values by leaf node, as <see cref="Interpreter.Evaluate(Node, IReadOnlyDictionary{Node, Tensor})"/> takes them.</summary>
    public IReadOnlyDictionary<Node, Tensor> ByNode { get; }

    /// <summary>The size bound to each symbolic dimension.</summary>
    public IReadOnlyDictionary<string, int> Sizes { get; }

    /// <summary>
    /// Errors, ordered by position; empty when every input and parameter has a fitting value. At most
    /// <see cref="ModelCompiler.MaxDiagnostics"/>, the earliest in the file.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Errors found beyond the <see cref="ModelCompiler.MaxDiagnostics"/> kept in <see cref="Diagnostics"/>.</summary>
    public int OmittedErrors { get; private init; }

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => OmittedErrors > 0 || Diagnostics.Any(d => d.IsError);

    /// <summary>Reads <paramref name="json"/> (the contents of <paramref name="fileName"/>) against the declarations of <paramref name="model"/>.</summary>
    public static ModelValues Read(string json, string fileName, CompiledModel model)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        if (model is null) throw new ArgumentNullException(nameof(model));
        return new Reader(json, fileName, model.Inputs.Concat(model.Parameters).ToList()).Read();
    }

    /// <summary>
    /// Reads <paramref name="json"/> against the given leaves only (each needs a value): the vectors of
    /// Hessian-vector products, one per differentiated value in its shape (<c>eval --hvp V.json</c>).
    /// </summary>
    public static ModelValues Read(string json, string fileName, IReadOnlyList<Node> leaves)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        if (leaves is null) throw new ArgumentNullException(nameof(leaves));
        return new Reader(json, fileName, leaves.ToList()).Read();
    }

    /// <summary>One pass over the file: members are checked as they are read.</summary>
    private sealed class Reader
    {
        private readonly JsonReader _json;
        private readonly DiagnosticBag _diagnostics;
        private readonly List<Node> _leaves;
        private readonly Dictionary<string, Tensor> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<Node, Tensor> _byNode = new();
        private readonly Dictionary<string, int> _sizes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sizeSources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private JsonToken _token;
        private TextSpan _previous;

        public Reader(string json, string fileName, List<Node> leaves)
        {
            _json = new JsonReader(json);
            _diagnostics = new DiagnosticBag(fileName);
            _leaves = leaves;
        }

        private void Advance()
        {
            _previous = _token.Span;
            _token = _json.Next();
        }

        private static bool StartsValue(JsonTokenKind kind) => kind is JsonTokenKind.OpenBrace or JsonTokenKind.OpenBracket
            or JsonTokenKind.String or JsonTokenKind.Number or JsonTokenKind.True or JsonTokenKind.False or JsonTokenKind.Null;

        private void ExpectValue(string what)
        {
            if (!StartsValue(_token.Kind)) throw new JsonSyntaxException(_token.Span, $"expected {what}, found {_token.Describe()}");
        }

        private void Expect(JsonTokenKind kind, string what)
        {
            if (_token.Kind != kind) throw new JsonSyntaxException(_token.Span, $"expected {what}, found {_token.Describe()}");
            Advance();
        }

        public ModelValues Read()
        {
            var start = new TextSpan(1, 1, 0);
            try
            {
                Advance();
                start = _token.Span;
                if (_token.Kind != JsonTokenKind.OpenBrace)
                {
                    _diagnostics.ReportValuesNotAnObject(_token.Span);
                    return Result();
                }
                Advance();
                if (_token.Kind != JsonTokenKind.CloseBrace)
                {
                    while (true)
                    {
                        if (_token.Kind != JsonTokenKind.String) throw new JsonSyntaxException(_token.Span, $"expected a name in quotes, found {_token.Describe()}");
                        var key = _token;
                        Advance();
                        Expect(JsonTokenKind.Colon, "':'");
                        ReadMember(key);
                        if (_token.Kind != JsonTokenKind.Comma) break;
                        Advance();
                    }
                }
                Expect(JsonTokenKind.CloseBrace, "',' or '}'");
                Expect(JsonTokenKind.EndOfFile, "end of file");
            }
            catch (JsonSyntaxException e)
            {
                _diagnostics.ReportInvalidJson(e.Span, e.Message);
                return Result();
            }
            foreach (var leaf in _leaves)
            {
                string name = leaf.Name!;
                if (!_seen.ContainsKey(name))
                    _diagnostics.ReportMissingValue(start, leaf.Op is Ops.Leaf { Kind: Ops.LeafKind.Parameter } ? "param" : "input", name, leaf.Shape);
            }
            return Result();
        }

        private ModelValues Result()
        {
            var diagnostics = _diagnostics.ToSortedList(); // counts the omitted ones
            return new(_byName, _byNode, _sizes, diagnostics) { OmittedErrors = _diagnostics.OmittedErrors };
        }

        private void ReadMember(JsonToken key)
        {
            string name = key.Text;
            var leaf = _leaves.FirstOrDefault(l => l.Name == name);
            if (leaf is null)
            {
                // Reported once, by its name: what the value holds does not matter (an object used to
                // add "expected a number …, found an object").
                ExpectValue("a value");
                SkipValue();
                if (_seen.TryGetValue(name, out int first)) _diagnostics.ReportDuplicateValue(key.Span, name, first);
                else
                {
                    _seen[name] = key.Span.Line;
                    _diagnostics.ReportUnknownValueName(key.Span, name, Suggestions.Closest(name, _leaves.Select(l => l.Name!)));
                }
                return;
            }
            var valueStart = _token.Span;
            var value = ReadArray(name); // reports and skips non-numeric values
            var valueSpan = TextSpan.Cover(valueStart, _previous);
            if (_seen.TryGetValue(name, out int line))
            {
                _diagnostics.ReportDuplicateValue(key.Span, name, line);
                return;
            }
            _seen[name] = key.Span.Line;
            if (value is null) return;
            var (dims, data) = value.Value;
            if (data.Length == 0 && dims is [0] && EmptyLeadingAxis(leaf.Shape) is { } empty) dims = empty;
            if (!Fits(leaf, dims, name, valueSpan)) return;
            var tensor = new Tensor(dims, data, leaf.DType);
            _byName[name] = tensor;
            _byNode[leaf] = tensor;
        }

        /// <summary>
        /// The dimensions <c>[]</c> stands for when <paramref name="shape"/> has more than one axis, a leading
        /// axis that is symbolic or 0 and static others: <c>[0, rest…]</c>, no rows (JSON cannot write an
        /// empty array nested deeper). <c>null</c> otherwise: then <c>[]</c> is shape <c>[0]</c>, as written.
        /// </summary>
        private static int[]? EmptyLeadingAxis(Shape shape)
        {
            if (shape.Rank < 2 || shape[0] is { IsStatic: true, Size: not 0 }) return null;
            var dims = new int[shape.Rank];
            for (int i = 1; i < dims.Length; i++)
            {
                if (!shape[i].IsStatic) return null;
                dims[i] = shape[i].Size;
            }
            return dims;
        }

        /// <summary>Checks static sizes and binds symbolic ones (consistently across values).</summary>
        private bool Fits(Node leaf, int[] dims, string name, TextSpan span)
        {
            var shape = leaf.Shape;
            string actual = dims.Length <= 16 ? "[" + string.Join(",", dims) + "]" : $"an array nested {dims.Length} deep";
            if (shape.Rank != dims.Length)
            {
                _diagnostics.ReportValueShapeMismatch(span, name, shape, actual);
                return false;
            }
            for (int i = 0; i < dims.Length; i++)
            {
                if (shape[i].IsStatic && shape[i].Size != dims[i])
                {
                    _diagnostics.ReportValueShapeMismatch(span, name, shape, actual);
                    return false;
                }
            }
            var bindings = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < dims.Length; i++)
            {
                if (shape[i].IsStatic) continue;
                string symbol = shape[i].Symbol!;
                if (_sizes.TryGetValue(symbol, out int bound) && bound != dims[i])
                {
                    _diagnostics.ReportSizeConflict(span, name, symbol, dims[i], bound, _sizeSources[symbol]);
                    return false;
                }
                if (bindings.TryGetValue(symbol, out int here) && here != dims[i])
                {
                    _diagnostics.ReportSizeConflict(span, name, symbol, dims[i], here, name);
                    return false;
                }
                bindings[symbol] = dims[i];
            }
            foreach (var kv in bindings)
            {
                if (_sizes.ContainsKey(kv.Key)) continue;
                _sizes[kv.Key] = kv.Value;
                _sizeSources[kv.Key] = name;
            }
            return true;
        }

        /// <summary>
        /// Reads a number or nested arrays of numbers iteratively, inferring the dimensions: the
        /// first array closed at each depth fixes that depth's length, and numbers must all sit at the
        /// same depth. Returns <c>null</c> after reporting a non-numeric or ragged value (the value
        /// is skipped either way).
        /// </summary>
        private (int[] Dims, double[] Data)? ReadArray(string name)
        {
            ExpectValue("a number or an array");
            var first = _token;
            if (IsNumber(first, out double scalar))
            {
                Advance();
                return InRange(first, name) ? (Array.Empty<int>(), new[] { scalar }) : null;
            }
            if (first.Kind != JsonTokenKind.OpenBracket)
            {
                ReportNotNumeric(first, name);
                SkipValue();
                return null;
            }

            var dims = new List<int>();
            var data = new List<double>();
            var counts = new List<int>(); // elements so far in each open array
            int leafDepth = -1;
            string? problem = null;
            TextSpan problemSpan = first.Span;
            bool nonNumeric = false;
            Advance();
            counts.Add(0);
            while (counts.Count > 0)
            {
                var token = _token;
                int depth = counts.Count;
                if (token.Kind == JsonTokenKind.CloseBracket)
                {
                    int n = counts[depth - 1];
                    counts.RemoveAt(depth - 1);
                    while (dims.Count < depth) dims.Add(-1);
                    if (dims[depth - 1] == -1) dims[depth - 1] = n;
                    else if (dims[depth - 1] != n && problem is null)
                    {
                        problem = $"an array at depth {depth} has {n} elements where an earlier one has {dims[depth - 1]}";
                        problemSpan = token.Span;
                    }
                    Advance();
                }
                else
                {
                    if (counts[depth - 1] > 0) Expect(JsonTokenKind.Comma, "',' or ']'");
                    ExpectValue("a number or an array");
                    token = _token;
                    counts[depth - 1]++;
                    if (token.Kind == JsonTokenKind.OpenBracket)
                    {
                        counts.Add(0);
                        Advance();
                    }
                    else if (IsNumber(token, out double number))
                    {
                        if (leafDepth == -1) leafDepth = depth;
                        else if (leafDepth != depth && problem is null)
                        {
                            problem = $"numbers at depth {depth} and at depth {leafDepth}";
                            problemSpan = token.Span;
                        }
                        if (!nonNumeric && !InRange(token, name)) nonNumeric = true;
                        data.Add(number);
                        Advance();
                        ExpectCommaOrCloseBracket();
                    }
                    else
                    {
                        if (!nonNumeric) ReportNotNumeric(token, name);
                        nonNumeric = true;
                        SkipValue();
                        ExpectCommaOrCloseBracket();
                    }
                }
            }
            if (nonNumeric) return null;
            if (problem is null && leafDepth != -1 && dims.Count != leafDepth)
                problem = $"numbers at depth {leafDepth} next to arrays nested {dims.Count} deep";
            if (problem is not null)
            {
                _diagnostics.ReportRaggedArray(problemSpan, name, problem);
                return null;
            }
            long total = 1;
            foreach (int d in dims) total *= d;
            if (total != data.Count)
            {
                _diagnostics.ReportRaggedArray(first.Span, name, $"{data.Count} numbers do not fill [{string.Join(",", dims)}]");
                return null;
            }
            return (dims.ToArray(), data.ToArray());
        }

        /// <summary>
        /// A JSON number, or exactly one of the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>:
        /// JSON has no numbers for them, and <c>symgraph eval --json</c> writes them so, so values copied
        /// from its output read back as the same numbers.
        /// </summary>
        private static bool IsNumber(JsonToken token, out double value)
        {
            value = token.Kind switch
            {
                JsonTokenKind.Number => token.Number,
                JsonTokenKind.String when token.Text == "NaN" => double.NaN,
                JsonTokenKind.String when token.Text == "Infinity" => double.PositiveInfinity,
                JsonTokenKind.String when token.Text == "-Infinity" => double.NegativeInfinity,
                _ => 0,
            };
            return token.Kind == JsonTokenKind.Number || (token.Kind == JsonTokenKind.String && token.Text is "NaN" or "Infinity" or "-Infinity");
        }

        /// <summary>False after reporting a JSON number beyond float64 (<c>1e400</c> parses as an infinity).</summary>
        private bool InRange(JsonToken token, string name)
        {
            if (token.Kind != JsonTokenKind.Number || !double.IsInfinity(token.Number)) return true;
            _diagnostics.ReportNumberOutOfRange(token.Span, name, token.Text, token.Number < 0);
            return false;
        }

        /// <summary>SG0406; a string that spells NaN or an infinity another way (<c>"nan"</c>, <c>"-inf"</c>) is told the accepted spelling.</summary>
        private void ReportNotNumeric(JsonToken token, string name)
        {
            string? meant = token.Kind != JsonTokenKind.String ? null : token.Text.Trim().ToLowerInvariant() switch
            {
                "nan" or "+nan" or "-nan" => "NaN",
                "inf" or "+inf" or "infinity" or "+infinity" => "Infinity",
                "-inf" or "-infinity" => "-Infinity",
                _ => null,
            };
            if (meant is null) _diagnostics.ReportNotNumeric(token.Span, name, token.Describe());
            else _diagnostics.ReportMisspeltNonFinite(token.Span, name, token.Text, meant);
        }

        private void ExpectCommaOrCloseBracket()
        {
            if (_token.Kind is not (JsonTokenKind.Comma or JsonTokenKind.CloseBracket))
                throw new JsonSyntaxException(_token.Span, $"expected ',' or ']', found {_token.Describe()}");
        }

        /// <summary>Skips one JSON value of any kind (iteratively: nesting depth does not matter).</summary>
        private void SkipValue()
        {
            int depth = 0;
            do
            {
                switch (_token.Kind)
                {
                    case JsonTokenKind.OpenBrace or JsonTokenKind.OpenBracket: depth++; break;
                    case JsonTokenKind.CloseBrace or JsonTokenKind.CloseBracket: depth--; break;
                    case JsonTokenKind.EndOfFile: throw new JsonSyntaxException(_token.Span, "unexpected end of file");
                }
                Advance();
            }
            while (depth > 0);
        }
    }
}
