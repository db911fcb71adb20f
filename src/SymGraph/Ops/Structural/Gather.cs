using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Ops;

/// <summary>
/// Elements picked by a static table: y[e] = X[Sources[e]], where X is the inputs flattened row-major and
/// joined in order (static shapes), and y is a vector of <c>Sources.Length</c> elements; a source of −1
/// is a structural zero (a dense Hessian's entries outside the pattern). The recovery of a
/// sparse Hessian from its compressed products is one gather: the table is constant data, and code
/// generation writes it as straight-line stores <c>values[e] = product[i]</c>. Linear. VJP: each input
/// gets the elements of ȳ that read it, placed by a <see cref="Scatter"/> (added where several read one
/// element). JVP: the gather of the tangents (zeros where a tangent is absent).
/// </summary>
public sealed class Gather : Op
{
    private readonly int[] _sources;

    internal Gather(IReadOnlyList<int> sources) : base("gather") => _sources = sources.ToArray();

    /// <summary>For each output element, its flat index in the inputs joined.</summary>
    public IReadOnlyList<int> Sources => _sources;

    /// <inheritdoc/>
    public override string Attributes => _sources.Length <= 16 ? $"[{string.Join(",", _sources)}]" : $"[{_sources.Length} entries]";

    /// <inheritdoc/>
    public override (Shape Shape, DType DType) InferType(IReadOnlyList<Node> inputs)
    {
        if (inputs.Count == 0) throw new ShapeException("gather: needs at least one input");
        long total = 0;
        foreach (var x in inputs)
        {
            if (!x.Shape.IsStatic) throw new ShapeException($"gather: the input {x.Shape} must have a static shape");
            total += x.Shape.ElementCount;
        }
        foreach (int s in _sources)
            if (s < -1 || s >= total) throw new ShapeException($"gather: the index {s} is out of range for {total} elements");
        return (new Shape(_sources.Length), CommonDType(inputs));
    }

    /// <inheritdoc/>
    public override Tensor Evaluate(Node node, IReadOnlyList<Tensor> inputs, EvaluationContext context)
    {
        var joined = inputs.SelectMany(t => t.Data).ToArray();
        return new Tensor(new[] { _sources.Length }, _sources.Select(s => s < 0 ? 0.0 : joined[s]).ToArray(), node.DType);
    }

    /// <summary>The input holding joined element <paramref name="source"/>, and its flat index there.</summary>
    public static (int Input, int Element) Locate(IReadOnlyList<Node> inputs, int source)
    {
        for (int i = 0; i < inputs.Count; i++)
        {
            int size = inputs[i].Shape.ElementCount;
            if (source < size) return (i, source);
            source -= size;
        }
        throw new ArgumentOutOfRangeException(nameof(source));
    }

    /// <inheritdoc/>
    public override Node?[] Vjp(Node y, Node ybar)
    {
        var offsets = y.Inputs.Select(_ => new List<int>()).ToArray();
        var pieces = y.Inputs.Select(_ => new List<Node>()).ToArray();
        for (int e = 0; e < _sources.Length; e++)
        {
            if (_sources[e] < 0) continue;
            var (i, k) = Locate(y.Inputs, _sources[e]);
            offsets[i].Add(k);
            pieces[i].Add(Sym.Slice(ybar, e, e + 1));
        }
        var result = new Node?[y.Inputs.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var x = y.Inputs[i];
            if (pieces[i].Count > 0)
                result[i] = Sym.Reshape(Sym.Scatter(x.Shape.ElementCount, offsets[i], pieces[i]), x.Shape);
        }
        return result;
    }

    /// <inheritdoc/>
    public override Node? Jvp(Node y, IReadOnlyList<Node?> xdot)
    {
        if (xdot.All(d => d is null)) return null;
        return y.Graph.Apply(this, xdot.Select((d, i) => d ?? Sym.ZerosLike(y.Inputs[i])).ToArray());
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Gather g && g._sources.SequenceEqual(_sources);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int h = _sources.Length;
        foreach (int s in _sources) h = unchecked(h * 31 + s);
        return h;
    }
}
