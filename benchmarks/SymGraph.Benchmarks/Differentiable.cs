using BenchmarkDotNet.Attributes;
using SymGraph.Benchmarks.Generated;

namespace SymGraph.Benchmarks;

/// <summary>
/// The source generator's door (b) at the size it supports (double parameters): Rosenbrock of two
/// variables written as [Differentiable] C#, its generated RosenbrockGradient (spans, out parameters)
/// against the same function compiled from a model file (Generated/Rosenbrock2, as door (a) and
/// <c>symgraph compile</c> write it) and the hand-written loop.
/// </summary>
[MemoryDiagnoser]
public partial class DifferentiableBenchmarks
{
    private readonly double[] _x = Workloads.RosenbrockPoint(2), _g = new double[2];

    [Differentiable]
    public static double Rosenbrock(double x, double y) => 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x);

    [Benchmark(Baseline = true)] public double HandGradient() => HandRosenbrock.Gradient(_x, _g);

    [Benchmark] public double ModelFileGradient() => Rosenbrock2.Gradient(_x, _g);

    [Benchmark] public double DifferentiableGradient() => RosenbrockGradient(_x[0], _x[1], _g);
}
