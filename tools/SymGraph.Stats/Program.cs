using System;
using System.Globalization;
using System.Linq;
using SymGraph;
using SymGraph.Simplify;
using SymGraph.Tests;

namespace SymGraph.Stats;

/// <summary>
/// Prints node counts of functions, gradients and Hessians before and after simplification:
/// Rosenbrock with scalar nodes (n = 10, 100, 1000) and the 784-256-128-10 perceptron loss with
/// matmul nodes. <c>--ops</c> adds the per-op counts after simplification.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        bool ops = args.Contains("--ops");
        Console.WriteLine("Nodes the outputs depend on (leaves and constants included), as built -> after Simplifier.Simplify.");
        Console.WriteLine("f: the function; f+grad: function and gradient together; ratio: (f+grad)/f after simplification.");
        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-34} {1,17} {2,19} {3,6} {4,21}", "problem", "f", "f+grad", "ratio", "hessian"));
        foreach (int n in new[] { 10, 100, 1000 })
        {
            var (f, x) = SimplifyProblems.Rosenbrock(n);
            Report($"rosenbrock, scalar nodes, n={n}", GraphStatistics.Derivatives(f, x), ops);
        }
        var (loss, parameters) = SimplifyProblems.Perceptron(784, 256, 128, 10);
        Report("mlp 784-256-128-10 (hessian: b3)", GraphStatistics.Derivatives(loss, parameters, hessianWrt: new[] { parameters[^1] }), ops);
        Console.WriteLine();
        Console.WriteLine("The perceptron's dense Hessian over all 242,762 parameters is not built (5.9e10 entries); the b3 block (10x10) is.");
        return 0;
    }

    private static void Report(string name, DerivativeStatistics s, bool ops)
    {
        static string Pair(StageCounts? c) => c is null ? "-" : $"{c.Before.Total} -> {c.After.Total}";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-34} {1,17} {2,19} {3,6:F2} {4,21}",
            name, Pair(s.Function), Pair(s.Gradient), s.GradientRatio, Pair(s.Hessian)));
        if (!ops) return;
        Console.WriteLine($"    f:       {s.Function.After}");
        Console.WriteLine($"    f+grad:  {s.Gradient.After}");
        if (s.Hessian is not null) Console.WriteLine($"    hessian: {s.Hessian.After}");
    }
}
