using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Expressions;

namespace SymGraph.Cli;

/// <summary>
/// A gradient check on a random sample of entries, for models with too many parameters to difference
/// every one through the interpreter (the 784-256-128-10 MLP has 235,146). The symbolic gradient comes
/// from the interpreter; each sampled entry is differenced with the compiled cost, using the same step
/// (∛ε·max(1, |x|), exactly representable around x), error measures and tolerance as
/// <see cref="FiniteDifferences"/>.
/// </summary>
internal static class SampledCheck
{
    public static CheckResult Run(LoadedModel model, CompiledFunction<double> value, Tensor[] symbolic, Point point,
        FiniteDifferenceOptions options, int samples, int seed, long total)
    {
        var arguments = model.Arguments;
        var args = ArrayCalls.Arguments(arguments, point);
        var sizes = value.Schedule.Symbols.Select(s => point.Sizes[s]).ToArray();
        var result = new[] { new double[1] };
        double Cost()
        {
            value.Invoke(args, result, sizes);
            return result[0][0];
        }

        // Which wrt value and element each flat entry is.
        var wrt = model.Wrt;
        var lengths = symbolic.Select(t => (long)t.Length).ToArray();
        var picked = Pick(total, samples, new SplitMix64((ulong)seed ^ 0x5EEDUL));

        double maxAbs = 0, maxRel = 0;
        string worstAbs = "-", worstRel = "-";
        bool passed = true;
        foreach (long flat in picked)
        {
            int j = 0;
            long k = flat;
            while (k >= lengths[j]) k -= lengths[j++];
            var x = args[IndexOf(arguments, wrt[j])];
            int e = (int)k;
            double xk = x[e];
            double h = options.RelativeStep * Math.Max(1.0, Math.Abs(xk));
            h = (xk + h) - xk;
            x[e] = xk + h;
            double plus = Cost();
            x[e] = xk - h;
            double minus = Cost();
            x[e] = xk;
            double n = (plus - minus) / (2 * h), s = symbolic[j].Data[e];
            double abs = Math.Abs(s - n), scale = Math.Max(Math.Abs(s), Math.Abs(n));
            double rel = scale == 0 ? 0 : abs / scale;
            if (double.IsNaN(abs)) abs = rel = double.PositiveInfinity;
            if (!(abs <= options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(n))) passed = false;
            if (abs > maxAbs || worstAbs == "-") { maxAbs = abs; worstAbs = Label(wrt[j], symbolic[j].Dims, e); }
            if (rel > maxRel || worstRel == "-") { maxRel = rel; worstRel = Label(wrt[j], symbolic[j].Dims, e); }
        }
        return new CheckResult(maxAbs, worstAbs, maxRel, worstRel, passed, picked.Count, total, sampled: true);
    }

    private static int IndexOf(IReadOnlyList<Node> list, Node node)
    {
        for (int i = 0; i < list.Count; i++)
            if (ReferenceEquals(list[i], node)) return i;
        throw new InvalidOperationException($"{node} is not an argument.");
    }

    /// <summary><paramref name="count"/> distinct entries of [0, <paramref name="total"/>), ascending (Floyd's algorithm).</summary>
    internal static List<long> Pick(long total, int count, SplitMix64 rng)
    {
        var chosen = new HashSet<long>();
        for (long j = total - count; j < total; j++)
        {
            long t = rng.NextLong(j + 1);
            chosen.Add(chosen.Contains(t) ? j : t);
        }
        var list = chosen.ToList();
        list.Sort();
        return list;
    }

    /// <summary><c>W1[3,4]</c>, as <see cref="FiniteDifferences"/> names entries.</summary>
    internal static string Label(Node node, int[] dims, int k)
    {
        string name = node.Name ?? $"%{node.Id}";
        if (dims.Length == 0) return name;
        var index = new int[dims.Length];
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            index[a] = k % dims[a];
            k /= dims[a];
        }
        return $"{name}[{string.Join(",", index)}]";
    }
}
