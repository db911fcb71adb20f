using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>Emits, compiles and runs generated C#, and compares it with the interpreter and the Expression backend.</summary>
internal static class CSharpHarness
{
    /// <summary>A class with one function <c>Run</c> returning each of <paramref name="outputs"/> unpacked.</summary>
    public static CSharpSource Emit(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments, string className, bool simplify = true)
    {
        var options = new CSharpEmitterOptions { ClassName = className, Simplify = simplify };
        var function = new CSharpFunction("Run", arguments, outputs.Select(o => CSharpOutput.Of(o)));
        return CSharpEmitter.Emit(new[] { function }, options);
    }

    /// <summary>Runs function <paramref name="function"/> through its array entry point; one tensor per result.</summary>
    public static Tensor[] Run(CompiledClass compiled, string function, IReadOnlyDictionary<Node, Tensor> values)
    {
        var f = compiled.Source.Function(function);
        var context = new EvaluationContext();
        var args = new double[f.Arguments.Count][];
        for (int a = 0; a < args.Length; a++)
        {
            var t = values[f.Arguments[a]];
            context.Bind(f.Arguments[a].Shape, t.Dims, f.Arguments[a].ToString());
            args[a] = (double[])t.Data.Clone();
        }
        var dims = f.Outputs.Select(o => o.IsPacked ? new[] { o.Elements.Count } : context.Resolve(o.Elements[0].Shape)).ToArray();
        var results = dims.Select(d => new double[d.Aggregate(1, (p, q) => p * q)]).ToArray();
        compiled.EntryPoint<double>(function)(args, results);
        return results.Select((r, j) => new Tensor(dims[j], r)).ToArray();
    }

    /// <summary>The interpreter's values of <paramref name="function"/>'s results, packed the same way.</summary>
    public static Tensor[] Interpret(CSharpFunction function, IReadOnlyDictionary<Node, Tensor> values)
    {
        var flat = Interpreter.Evaluate(function.Outputs.SelectMany(o => o.Elements).ToArray(), values);
        var results = new List<Tensor>();
        int at = 0;
        foreach (var o in function.Outputs)
        {
            if (o.IsPacked) results.Add(new Tensor(new[] { o.Elements.Count }, flat.Skip(at).Take(o.Elements.Count).Select(t => t.ToScalar()).ToArray()));
            else results.Add(flat[at]);
            at += o.Elements.Count;
        }
        return results.ToArray();
    }

    /// <summary>
    /// The width of the vectors generated C# uses (<c>System.Numerics.Vector&lt;T&gt;</c>, as the JIT
    /// makes it on this machine): the Expression backend at this width computes, bit for bit, what the
    /// generated C# computes (the same vector functions, the same lanes in every sum).
    /// </summary>
    public static int CSharpVectorBits => System.Numerics.Vector<byte>.Count * 8;

    /// <summary>Expression backend options that match generated C#: its vector width.</summary>
    public static ExpressionCompilerOptions LikeCSharp(bool simplify = true) => new() { Simplify = simplify, VectorBits = CSharpVectorBits };

    /// <summary>The Expression backend's values of unpacked <paramref name="outputs"/> (at the vector width of generated C#).</summary>
    public static Tensor[] ExpressionBackend(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments, IReadOnlyDictionary<Node, Tensor> values, bool simplify = true)
    {
        var f = ExpressionCompiler.Compile(outputs, arguments, LikeCSharp(simplify));
        return f.Evaluate(arguments.ToDictionary(a => ((Leaf)a.Op).LeafName, a => values[a]));
    }

    /// <summary>Asserts that the compiled function agrees with the interpreter (1e-12 relative, 1e-12 absolute near zero).</summary>
    public static void AssertMatchesInterpreter(CompiledClass compiled, string function, IReadOnlyDictionary<Node, Tensor> values, string what)
    {
        var expected = Interpret(compiled.Source.Function(function), values);
        var actual = Run(compiled, function, values);
        for (int j = 0; j < expected.Length; j++) TestUtil.AssertClose(expected[j], actual[j], what: $"{what}: {function} result {j}");
    }

    /// <summary>Random values for every argument of <paramref name="function"/> (symbolic sizes from <paramref name="sizes"/>).</summary>
    public static Dictionary<Node, Tensor> RandomValues(CSharpFunction function, Random rng, IReadOnlyDictionary<string, int>? sizes = null)
    {
        var context = new EvaluationContext(sizes);
        return function.Arguments.ToDictionary(a => a, a => TestUtil.Random(rng, context.Resolve(a.Shape)));
    }
}
