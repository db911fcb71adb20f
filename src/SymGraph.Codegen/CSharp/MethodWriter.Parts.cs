using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.CSharp;

// Large functions in parts. RyuJIT compiles a method past about 60,000 bytes of IL or 2,000 locals
// without optimizing it (a 1,000-variable scalar Rosenbrock gradient is 320 KB of IL in one method),
// so a function whose schedule weighs more than CSharpEmitterOptions.MaxMethodWeight is written as
// its public method calling private parts, cut where the Expression backend cuts (Schedule.Split):
//
//     public static double Gradient(double x0, ..., double[] gradient)
//     {
//         ...checks and buffers...
//         double[] spill = Buffer(ref buffers[1], 2003);
//         spill[0] = x0; ...
//         GradientPart1(gradient, buffer0, spill);
//         GradientPart2(gradient, buffer0, spill);
//         return spill[2002];
//     }
//
// Arrays (tensor arguments, results, work buffers) and sizes are passed to every part. A scalar
// crosses parts through the spill array: stored where it is computed, loaded at the top of each
// later part that reads it, as are scalar arguments. Small tensors stay in arrays here (their
// elements would all have to cross parts too).
internal sealed partial class MethodWriter
{
    private List<List<Step>> _chunks = null!;
    private readonly Dictionary<Node, int> _spillIndex = new();
    private string _spillLocal = "";
    private string[] _partNames = System.Array.Empty<string>();
    private readonly HashSet<Node> _partDefined = new();
    private readonly List<Node> _partLoads = new();
    private readonly HashSet<Node> _partArrays = new();
    private readonly List<Node> _partArrayLoads = new();
    private readonly List<(int output, Node node)> _scalarResults = new();

    private bool IsSplit => _chunks.Count > 1;

    /// <summary>The name of part <paramref name="k"/> (from 1) of <paramref name="function"/>.</summary>
    public static string PartName(CSharpFunction function, int k) => function.Name + "Part" + Literals.Int(k);

    /// <summary>Cuts the schedule and numbers the scalars that cross a cut (scalar arguments first).</summary>
    private void PlanParts()
    {
        _chunks = _schedule.Split(Math.Max(1, _options.MaxMethodWeight));
        if (!IsSplit) return;
        _partNames = Enumerable.Range(1, _chunks.Count).Select(k => PartName(_function, k)).ToArray();
        _spillLocal = _scope.Declare("spill");
        if (_buffersLocal.Length == 0) _buffersLocal = _scope.Declare("buffers");
        var chunkOfStep = new int[_schedule.Steps.Count];
        for (int c = 0, s = 0; c < _chunks.Count; c++)
            for (int k = 0; k < _chunks[c].Count; k++) chunkOfStep[s++] = c;
        foreach (var a in _function.Arguments)
            if (a.Shape.IsScalar) _spillIndex[a] = _spillIndex.Count;
        foreach (var kv in _schedule.DefinedAt)
        {
            int last = _schedule.LastUse[kv.Key];
            if (last == int.MaxValue || chunkOfStep[kv.Value] != chunkOfStep[last]) _spillIndex[kv.Key] = _spillIndex.Count;
        }
    }

    /// <summary>The body of a split function: the calls of its parts, then the parts themselves.</summary>
    private void WriteSplit(IndentedWriter w)
    {
        _promoted.Clear();
        BeginRendering();
        var parts = new List<(string name, IndentedWriter text)>();
        for (int c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            _partDefined.Clear();
            _partLoads.Clear();
            _partArrays.Clear();
            _partArrayLoads.Clear();
            var body = _w = new IndentedWriter(w.Depth);
            foreach (var step in chunk)
            {
                Render(step);
                AfterStep(step);
            }
            if (body.IsEmpty) continue; // only results the public method assigns
            var part = _w = new IndentedWriter(w.Depth);
            foreach (var n in _partLoads) part.Line($"{_t} {ScalarName(n)} = {_spillLocal}[{Literals.Int(_spillIndex[n])}];");
            foreach (var n in _partArrayLoads) part.Line($"{_t}[] {_names[n]} = {RootArray(n)};");
            if (_partLoads.Count + _partArrayLoads.Count > 0) part.Line();
            part.Append(body);
            parts.Add((_partNames[parts.Count], part)); // numbered as written (a part with nothing to do is skipped)
        }
        UsesBuffers = true;

        _w = w;
        WritePrologue();
        foreach (var a in _function.Arguments)
            if (a.Shape.IsScalar) w.Line($"{_spillLocal}[{Literals.Int(_spillIndex[a])}] = {ScalarName(a)};");
        w.Line();
        string arguments = string.Join(", ", PartParameters().Select(p => p.name));
        foreach (var (name, _) in parts) w.Line($"{name}({arguments});");
        string? returned = null;
        foreach (var (o, node) in _scalarResults)
        {
            if (_outputNames[o] is null) returned = MainValue(node);
            else w.Line($"{_outputNames[o]} = {MainValue(node)};");
        }
        if (_returns) w.Line($"return {returned ?? throw new InvalidOperationException("The returned value was never computed.")};");
        w.Close();
        if (_options.ArrayEntryPoints) WriteEntryPoint();

        string parameters = string.Join(", ", PartParameters().Select(p => p.type + " " + p.name));
        for (int c = 0; c < parts.Count; c++)
        {
            w.Line();
            w.Line($"// Part {Literals.Int(c + 1)} of {Literals.Int(parts.Count)} of {_function.Name}: methods stay small enough for the JIT to optimize.");
            w.Line($"private static void {parts[c].name}({parameters})");
            w.Open();
            w.Append(parts[c].text);
            w.Close();
        }
    }

    /// <summary>What every part receives: tensor arguments, result arrays, sizes, work buffers, the spill array.</summary>
    private IEnumerable<(string type, string name)> PartParameters()
    {
        for (int a = 0; a < _function.Arguments.Count; a++)
            if (!_function.Arguments[a].Shape.IsScalar) yield return (_t + "[]", _argNames[a]);
        for (int o = 0; o < _function.Outputs.Count; o++)
        {
            var output = _function.Outputs[o];
            if (_outputNames[o] is not null && (output.IsPacked || !output.Elements[0].Shape.IsScalar)) yield return (_t + "[]", _outputNames[o]!);
        }
        foreach (var symbol in _schedule.Symbols) yield return ("int", _sizes[symbol]);
        for (int b = 0; b < _bufferNumber.Count; b++) yield return (_t + "[]", _bufferLocals[b]);
        yield return (_t + "[]", _spillLocal);
    }

    /// <summary>After a step of a part: its scalars are defined here, and those read later are stored.</summary>
    private void AfterStep(Step step)
    {
        IEnumerable<Node> written = step switch
        {
            ScalarStep s => new[] { s.Node },
            KernelStep k when k.Node.Shape.IsScalar => new[] { k.Node },
            LoopStep l => l.Reductions,
            _ => System.Array.Empty<Node>(),
        };
        foreach (var n in written)
        {
            _partDefined.Add(n);
            if (_spillIndex.TryGetValue(n, out var index)) _w.Line($"{_spillLocal}[{Literals.Int(index)}] = {_names[n]};");
        }
    }

    /// <summary>Notes that the current part reads scalar <paramref name="n"/> computed elsewhere (or a scalar argument).</summary>
    private void LoadScalar(Node n)
    {
        if (!_spillIndex.ContainsKey(n)) throw new InvalidOperationException($"{n} is read in a part that does not compute it, but it is not passed between parts.");
        if (_partDefined.Add(n)) _partLoads.Add(n);
    }

    /// <summary>Notes that the current part reads the array of <paramref name="n"/>, declared in another part.</summary>
    private void LoadArray(Node n)
    {
        if (_partArrays.Add(n)) _partArrayLoads.Add(n);
    }

    private string ScalarName(Node n) => _schedule.StorageOf(n).Kind == StorageKind.Argument ? _argNames[_schedule.StorageOf(n).Index] : _names[n];

    /// <summary>The array a tensor's local names in a part that did not compute it: its root's buffer or array.</summary>
    private string RootArray(Node n)
    {
        var root = Root(n);
        var st = _schedule.StorageOf(root);
        return st.Kind == StorageKind.Buffer ? BufferLocal(st.Index) : Array(root);
    }

    /// <summary>A scalar result, read in the public method after the parts ran.</summary>
    private string MainValue(Node n) => _schedule.StorageOf(n).Kind switch
    {
        StorageKind.Scalar => $"{_spillLocal}[{Literals.Int(_spillIndex[n])}]",
        StorageKind.Argument => _argNames[_schedule.StorageOf(n).Index],
        _ => Scalar(n),
    };
}
