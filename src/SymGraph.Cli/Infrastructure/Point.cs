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
        var byNode = new Dictionary<Node, Tensor>();
        foreach (var leaf in model.Arguments)
        {
            var dims = context.Resolve(leaf.Shape);
            var data = new double[dims.Aggregate(1L, (p, d) => p * d)];
            for (int i = 0; i < data.Length; i++) data[i] = 2 * rng.NextDouble() - 1;
            byNode[leaf] = new Tensor(dims, data, leaf.DType);
        }
        return new Point(byNode, sizes, $"at a random point (seed {seed})");
    }
}
