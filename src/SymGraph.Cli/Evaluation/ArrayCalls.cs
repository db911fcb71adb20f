using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>The array convention both compiled backends share: argument i row-major in args[i], result j in results[j].</summary>
internal static class ArrayCalls
{
    public static double[][] Arguments(IReadOnlyList<Node> arguments, Point point) =>
        arguments.Select(a => point.ByNode.TryGetValue(a, out var t)
            ? (double[])t.Data.Clone()
            : throw new CliException(ExitCodes.Failure, $"no value for '{a.Name}'")).ToArray();

    public static int[][] ResultDims(IReadOnlyList<Node> outputs, Point point) =>
        outputs.Select(o => point.Resolve(o.Shape)).ToArray();

    public static double[][] Results(int[][] dims) =>
        dims.Select(d => new double[d.Aggregate(1, (p, q) => p * q)]).ToArray();

    public static Tensor[] Tensors(int[][] dims, double[][] results) =>
        results.Select((r, j) => new Tensor(dims[j], (double[])r.Clone())).ToArray();
}
