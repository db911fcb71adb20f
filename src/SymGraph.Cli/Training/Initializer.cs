using System;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// Starting values of parameters, from their shapes and a seed. A parameter of rank 2 or more (a weight
/// matrix used as <c>x @ W</c>: fan-in is the product of all axes but the last, fan-out the last) is drawn
/// uniform in [−a, a): Glorot's a = √(6 / (fan-in + fan-out)), or He's a = √(6 / fan-in) when the model
/// uses <c>relu</c>. Vectors and scalars (biases) start at zero. Values come from one SplitMix64 stream
/// in declaration order, so a seed gives the same start on every machine.
/// </summary>
internal static class Initializer
{
    public static double[][] Initialize(LoadedModel model, int seed, out string rule)
    {
        bool relu = model.Model.Graph.Nodes.Any(n => n.Op is Ops.Relu);
        rule = relu ? "He uniform (the model uses relu)" : "Glorot uniform";
        var rng = new SplitMix64((ulong)seed ^ 0x5DEECE66DUL);
        return model.Model.Parameters.Select(p =>
        {
            var values = new double[(int)p.Shape.ElementCount];
            if (p.Shape.Rank < 2) return values;
            int fanOut = p.Shape[p.Shape.Rank - 1].Size;
            int fanIn = (int)(p.Shape.ElementCount / Math.Max(1, fanOut));
            double a = relu ? Math.Sqrt(6.0 / Math.Max(1, fanIn)) : Math.Sqrt(6.0 / Math.Max(1, fanIn + fanOut));
            for (int i = 0; i < values.Length; i++) values[i] = a * (2 * rng.NextDouble() - 1);
            return values;
        }).ToArray();
    }
}
