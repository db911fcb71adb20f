using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Benchmarks;

/// <summary>
/// The graphs of the workloads (W1 Rosenbrock, W3 XOR), in one place for the benchmarks and the
/// tests (the test project links this file), and the generated C# the benchmarks compile in
/// (<see cref="GeneratedSources"/>).
/// </summary>
public static class Workloads
{
    /// <summary>W1, vector form with slices (the way a model file writes it): f(x) = Σ_{i=0}^{n−2} 100(x_{i+1} − x_i²)² + (1 − x_i)².</summary>
    public static (Graph g, Node x, Node f) RosenbrockVector(int n)
    {
        var g = new Graph();
        var x = g.Parameter("x", n);
        var head = Sym.Slice(x, 0, n - 1);
        var tail = Sym.Slice(x, 1, n);
        var f = Sym.Sum(100.0 * Sym.Square(tail - Sym.Square(head)) + Sym.Square(1.0 - head)).Named("f");
        return (g, x, f);
    }

    /// <summary>W1, scalar-node form: one node per term, derivatives taken w.r.t. the scalars x[i].</summary>
    public static (Graph g, Node x, Node[] xs, Node f) RosenbrockScalar(int n)
    {
        var g = new Graph();
        var x = g.Parameter("x", n);
        var xs = Enumerable.Range(0, n).Select(i => Sym.Index(x, i)).ToArray();
        Node? f = null;
        for (int i = 0; i < n - 1; i++)
        {
            var term = 100.0 * Sym.Square(xs[i + 1] - Sym.Square(xs[i])) + Sym.Square(1.0 - xs[i]);
            f = f is null ? term : f + term;
        }
        return (g, x, xs, f!.Named("f"));
    }

    /// <summary>The W1 point: x_i = 0.5 + 0.01·i.</summary>
    public static double[] RosenbrockPoint(int n) => Enumerable.Range(0, n).Select(i => 0.5 + 0.01 * i).ToArray();

    /// <summary>W3: the XOR network 2-8-1, h = tanh(W1·x + b1), y = σ(w2·h + b2), loss = ½(y − t)², one sample.</summary>
    public static (Node loss, Node[] inputs, Node[] parameters) Xor()
    {
        var g = new Graph();
        var x = g.Input("x", 2);
        var t = g.Input("t");
        var W1 = g.Parameter("W1", 8, 2);
        var b1 = g.Parameter("b1", 8);
        var w2 = g.Parameter("w2", 8);
        var b2 = g.Parameter("b2");
        var h = Sym.Tanh(Sym.MatMul(W1, x) + b1).Named("h");
        var y = Sym.Sigmoid(Sym.MatMul(w2, h) + b2);
        return ((0.5 * Sym.Square(y - t)).Named("loss"), new[] { x, t }, new[] { W1, b1, w2, b2 });
    }

    /// <summary>The sizes of W1 with a dense Hessian.</summary>
    public static readonly int[] HessianSizes = { 2, 10, 100 };

    /// <summary>The sizes of W1.</summary>
    public static readonly int[] RosenbrockSizes = { 2, 10, 100, 1000 };

    /// <summary>
    /// The C# the benchmark project compiles in (<c>Generated/&lt;name&gt;.verified.cs</c>), so the
    /// benchmarks call generated methods as an application that checked them in does: statically,
    /// where the JIT may inline them. A test in SymGraph.Codegen.Tests regenerates each and fails,
    /// with a diff, when the emitter's output changed (<c>SYMGRAPH_ACCEPT=1</c> rewrites them).
    /// </summary>
    public static IEnumerable<(string name, CSharpSource source)> GeneratedSources()
    {
        CSharpEmitterOptions Options(string name) => new() { ClassName = name, Namespace = "SymGraph.Benchmarks.Generated", Source = "benchmarks/SymGraph.Benchmarks/Workloads.cs" };
        foreach (int n in RosenbrockSizes)
        {
            var (_, x, f) = RosenbrockVector(n);
            yield return ($"Rosenbrock{n}", CSharpEmitter.EmitDerivatives(f, new[] { x }, Options($"Rosenbrock{n}")));
        }
        foreach (int n in HessianSizes)
        {
            var (_, _, xs, f) = RosenbrockScalar(n);
            var hessian = CSharpFunction.Derivatives(f, xs, hessian: true).Single(fn => fn.Name == "Hessian");
            yield return ($"RosenbrockHessian{n}", CSharpEmitter.Emit(new[] { hessian }, Options($"RosenbrockHessian{n}")));
        }
        var (loss, _, parameters) = Xor();
        yield return ("Xor", CSharpEmitter.EmitDerivatives(loss, parameters, Options("Xor")));
    }

    /// <summary>One of <see cref="GeneratedSources"/>: the benchmarks also compile it in memory, so both variants run the same text.</summary>
    public static CSharpSource GeneratedSource(string name) => GeneratedSources().First(s => s.name == name).source;
}
