using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// Values for every input and parameter of a model, from a values file (<c>--at</c>) or drawn at random
/// from a seed, with the sizes bound to its symbolic dimensions.
/// </summary>
internal sealed class Point
{
    /// <summary>The size given to each symbolic dimension at a random point.</summary>
    public const int RandomSize = 3;

    private Point(IReadOnlyDictionary<Node, Tensor> byNode, IReadOnlyDictionary<string, int> sizes, string description)
    {
        ByNode = byNode;
        Sizes = sizes;
        Description = description;
    }

    public IReadOnlyDictionary<Node, Tensor> ByNode { get; }

    public IReadOnlyDictionary<string, int> Sizes { get; }

    /// <summary><c>at VALUES.json</c> or <c>at a random point (seed 1)</c>.</summary>
    public string Description { get; }

    /// <summary>This point for the copy of the model <paramref name="specialization"/> made (its values keyed by the copy's leaves).</summary>
    public Point Rebind(Specialization specialization) => new(specialization.Values(ByNode), Sizes, Description);

    /// <summary>This point with more values (the vectors of a Hessian-vector product).</summary>
    public Point With(IReadOnlyDictionary<Node, Tensor> more)
    {
        var all = ByNode.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var kv in more) all[kv.Key] = kv.Value;
        return new Point(all, Sizes, Description);
    }

    /// <summary>The concrete dimensions of <paramref name="shape"/> at this point.</summary>
    public int[] Resolve(Shape shape) => new EvaluationContext(Sizes).Resolve(shape);

    /// <summary>Reads a values file against <paramref name="model"/>; reports diagnostics; throws <see cref="CliException"/> on errors.</summary>
    public static Point Read(CliContext context, string path, LoadedModel model)
    {
        var json = TextFile.Read(context, path, "a values file");
        var values = ModelValues.Read(json, path, model.Model);
        context.Report(values.Diagnostics, values.OmittedErrors);
        if (values.HasErrors) throw CliException.Reported();
        return new Point(values.ByNode, values.Sizes, "at " + path);
    }

    /// <summary>
    /// A reproducible random point: every symbolic size <see cref="RandomSize"/>, every value uniform in
    /// [−1, 1) from a SplitMix64 stream seeded with <paramref name="seed"/> (stable across .NET versions).
    /// </summary>
    public static Point Random(LoadedModel model, int seed)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var leaf in model.Arguments)
            foreach (var d in leaf.Shape)
                if (!d.IsStatic) sizes[d.Symbol!] = RandomSize;
        var rng = new SplitMix64((ulong)seed);
        var context = new EvaluationContext(sizes);
        // Sizes first: a value that cannot fit is named before anything is allocated.
        var dims = model.Arguments.Select(leaf => context.Resolve(leaf.Shape)).ToArray();
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        for (int k = 0; k < dims.Length; k++)
        {
            long count = ElementCount(dims[k]);
            if (count > Array.MaxLength || count > available / sizeof(double)) throw NotEnoughMemory(model.Arguments[k], count);
        }
        var byNode = new Dictionary<Node, Tensor>();
        for (int k = 0; k < dims.Length; k++)
        {
            var leaf = model.Arguments[k];
            double[] data;
            try
            {
                data = new double[ElementCount(dims[k])];
            }
            catch (OutOfMemoryException)
            {
                throw NotEnoughMemory(leaf, ElementCount(dims[k]));
            }
            for (int i = 0; i < data.Length; i++) data[i] = 2 * rng.NextDouble() - 1;
            byNode[leaf] = new Tensor(dims[k], data, leaf.DType);
        }
        return new Point(byNode, sizes, $"at a random point (seed {seed})");
    }

    /// <summary>The product of <paramref name="dims"/>, saturating at <see cref="long.MaxValue"/>.</summary>
    private static long ElementCount(int[] dims)
    {
        long n = 1;
        foreach (int d in dims)
        {
            if (d == 0) return 0;
            n = n > long.MaxValue / d ? long.MaxValue : n * d;
        }
        return n;
    }

    /// <summary><c>not enough memory for the values of 'W' (2,147,483,647 elements, 16 GB)</c>, exit code 1.</summary>
    private static CliException NotEnoughMemory(Node leaf, long count) =>
        CliException.Invalid($"not enough memory for the values of '{leaf.Name}' ({TextFormat.Integer(count)} elements, " +
            $"{TextFormat.Bytes(count > long.MaxValue / sizeof(double) ? long.MaxValue : count * sizeof(double))})" +
            (count > Array.MaxLength ? $"; one array holds at most {TextFormat.Integer(Array.MaxLength)}" : ""));
}
