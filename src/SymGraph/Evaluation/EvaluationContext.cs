using System;
using System.Collections.Generic;

namespace SymGraph;

/// <summary>What an op's reference evaluation may consult: the sizes bound to symbolic dimensions.</summary>
public sealed class EvaluationContext
{
    private readonly Dictionary<string, int> _sizes;

    /// <summary>Creates a context with the given symbolic sizes.</summary>
    public EvaluationContext(IReadOnlyDictionary<string, int>? sizes = null)
    {
        _sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (sizes is not null)
            foreach (var kv in sizes) _sizes[kv.Key] = kv.Value;
    }

    /// <summary>The bound symbolic sizes.</summary>
    public IReadOnlyDictionary<string, int> Sizes => _sizes;

    /// <summary>The concrete size of <paramref name="dim"/>.</summary>
    public int Resolve(Dim dim)
    {
        if (dim.IsStatic) return dim.Size;
        return _sizes.TryGetValue(dim.Symbol!, out var size)
            ? size
            : throw new ArgumentException($"The symbolic size '{dim.Symbol}' is not bound.");
    }

    /// <summary>The concrete dimensions of <paramref name="shape"/>.</summary>
    public int[] Resolve(Shape shape)
    {
        var dims = new int[shape.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = Resolve(shape[i]);
        return dims;
    }

    /// <summary>
    /// Binds the symbolic dimensions of <paramref name="shape"/> from a concrete tensor, checking
    /// static sizes and consistency with earlier bindings. <paramref name="what"/> names the value in errors.
    /// </summary>
    public void Bind(Shape shape, int[] dims, string what)
    {
        if (shape.Rank != dims.Length)
            throw new ArgumentException($"{what}: expected a value of shape {shape}, got rank {dims.Length} [{string.Join(",", dims)}].");
        for (int i = 0; i < dims.Length; i++)
        {
            var d = shape[i];
            if (d.IsStatic)
            {
                if (d.Size != dims[i])
                    throw new ArgumentException($"{what}: expected shape {shape}, got [{string.Join(",", dims)}] (axis {i}).");
            }
            else if (_sizes.TryGetValue(d.Symbol!, out var bound))
            {
                if (bound != dims[i])
                    throw new ArgumentException($"{what}: size '{d.Symbol}' is {dims[i]} here but {bound} elsewhere.");
            }
            else
            {
                _sizes[d.Symbol!] = dims[i];
            }
        }
    }
}
