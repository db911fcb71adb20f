using SymGraph.Codegen.Expressions;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Tests;

/// <summary>
/// The IL printer (straight-line parts written as IL directly) against the Expression printer on the
/// same lowered program: bit for bit, for every element-wise formula at the edges of its domain
/// (±0, subnormals, ±∞, NaN, overflow), in double and float, and on seeded random scalar graphs with
/// their gradients cut into many parts (so values cross through the spill array).
/// </summary>
public class IlPrinterTests
{
    private static readonly (string Name, Func<Node, Node> F)[] Unary =
    {
        ("neg", Sym.Neg), ("exp", Sym.Exp), ("log", Sym.Log), ("sqrt", Sym.Sqrt), ("abs", Sym.Abs), ("sign", Sym.Sign),
        ("sin", Sym.Sin), ("cos", Sym.Cos), ("tan", Sym.Tan), ("tanh", Sym.Tanh), ("sigmoid", Sym.Sigmoid),
        ("relu", Sym.Relu), ("softplus", Sym.Softplus), ("square", Sym.Square),
    };

    private static readonly (string Name, Func<Node, Node, Node> F)[] Binary =
    {
        ("add", Sym.Add), ("sub", Sym.Sub), ("mul", Sym.Mul), ("div", Sym.Div), ("pow", Sym.Pow),
        ("maximum", Sym.Maximum), ("minimum", Sym.Minimum),
        ("less", Sym.Less), ("less-equal", Sym.LessEqual), ("greater", Sym.Greater), ("greater-equal", Sym.GreaterEqual),
        ("equal", Sym.Equal), ("not-equal", Sym.NotEqual),
        ("where", (a, b) => Sym.Where(Sym.LessEqual(a, b), a * b, a - b)),
    };

    private static readonly double[] Edges =
    {
        0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.75, 1e-300, double.Epsilon, -1e300, 20.0, -20.0, 710.0, -745.0,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue,
    };

    public static TheoryData<string> UnaryNames() => new(Unary.Select(u => u.Name));

    public static TheoryData<string> BinaryNames() => new(Binary.Select(b => b.Name));

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryFormula_IlEqualsExpressions_BitForBit(string name)
    {
        var f = Unary.Single(u => u.Name == name).F;
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var g = new Graph();
            var x = g.Parameter("x", Shape.Scalar, dtype);
            var points = Edges.Select(v => new[] { v }).ToArray();
            AssertPrintersAgree(new[] { f(x) }, new[] { x }, points, $"{name} ({dtype})");
        }
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void BinaryFormula_IlEqualsExpressions_BitForBit(string name)
    {
        var f = Binary.Single(b => b.Name == name).F;
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var g = new Graph();
            var x = g.Parameter("x", Shape.Scalar, dtype);
            var y = g.Parameter("y", Shape.Scalar, dtype);
            var points = Edges.SelectMany(a => Edges.Select(b => new[] { a, b })).ToArray();
            AssertPrintersAgree(new[] { f(x, y) }, new[] { x, y }, points, $"{name} ({dtype})");
        }
    }

    [Fact]
    public void RandomScalarGraphs_WithGradients_InManyParts_IlEqualsExpressions()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var rng = new Random(seed);
            var g = new Graph();
            var leaves = Enumerable.Range(0, 1 + rng.Next(4)).Select(i => g.Parameter("p" + i)).ToArray();
            var nodes = new List<Node>(leaves);
            for (int k = 0, steps = 3 + rng.Next(40); k < steps; k++)
            {
                Node Pick() => nodes[rng.Next(nodes.Count)];
                nodes.Add(rng.Next(3) == 0
                    ? Unary[rng.Next(Unary.Length)].F(Pick())
                    : Binary[rng.Next(Binary.Length)].F(Pick(), Pick()));
            }
            var cost = nodes.Skip(leaves.Length).Aggregate(g.Constant(0.0), (s, n) => s + Sym.Tanh(n));
            var outputs = new[] { cost }.Concat(Autodiff.Grad(cost, leaves)).ToArray();
            var points = Enumerable.Range(0, 5).Select(_ => leaves.Select(_ => rng.NextDouble() * 4 - 2).ToArray()).ToArray();
            AssertPrintersAgree(outputs, leaves, points, $"seed {seed}", maxPartWeight: 1 + rng.Next(12));
        }
    }

    [Fact]
    public void ScalarChain_SplitIntoParts_IsPrintedAsIl_AndMatchesTheInterpreter()
    {
        var g = new Graph();
        var w = g.Parameter("w");
        var u = w;
        for (int k = 0; k < 500; k++) u = u + 1e-3 * Sym.Sin(u);
        var outputs = new[] { u, Autodiff.Grad(u, w) };
        var lowered = Lowerer.Lower(Schedule.Create(outputs, new[] { w }), 100);
        Assert.True(lowered.Parts.Count > 5);
        Assert.All(lowered.Parts, p => Assert.True(IlPrinter<double>.CanPrint(p.Loads.Concat(p.Body).ToArray())));

        var f = ExpressionCompiler.Compile(outputs, new[] { w }, new ExpressionCompilerOptions { MaxChunkWeight = 100 });
        var results = new[] { new double[1], new double[1] };
        f.Invoke(new[] { new[] { 0.7 } }, results);
        var expected = Interpreter.Evaluate(outputs, new Dictionary<Node, Tensor> { [w] = Tensor.Scalar(0.7) });
        Assert.Equal(expected[0].ToScalar(), results[0][0], 12);
        Assert.Equal(expected[1].ToScalar(), results[1][0], 12);
    }

    // Compiles the outputs twice from one lowering (straight-line parts as IL, and every part through
    // Expression trees) and compares the results at each point bit for bit.
    private static void AssertPrintersAgree(Node[] outputs, Node[] arguments, double[][] points, string what, int maxPartWeight = 1000)
    {
        if (arguments[0].DType == DType.Float32) AssertPrintersAgree<float>(outputs, arguments, points, what, maxPartWeight, v => (float)v);
        else AssertPrintersAgree<double>(outputs, arguments, points, what, maxPartWeight, v => v);
    }

    private static void AssertPrintersAgree<T>(Node[] outputs, Node[] arguments, double[][] points, string what, int maxPartWeight, Func<double, T> convert)
        where T : unmanaged
    {
        var schedule = Schedule.Create(outputs, arguments);
        var lowered = Lowerer.Lower(schedule, maxPartWeight);
        var statements = lowered.Parts.Select(p => p.Loads.Concat(p.Body).ToArray()).Append(lowered.Epilogue.ToArray());
        Assert.True(statements.Any(s => s.Length > 0 && IlPrinter<T>.CanPrint(s)), $"{what}: no part is straight-line");

        var il = Function(lowered, ExpressionPrinter<T>.Print(lowered, VectorWidths.Widest, straightLineAsIl: true));
        var expressions = Function(lowered, ExpressionPrinter<T>.Print(lowered, VectorWidths.Widest, straightLineAsIl: false));
        foreach (var point in points)
        {
            var args = point.Select(v => new[] { convert(v) }).ToArray();
            var a = outputs.Select(_ => new T[1]).ToArray();
            var b = outputs.Select(_ => new T[1]).ToArray();
            il.Invoke(args, a);
            expressions.Invoke(args, b);
            for (int j = 0; j < outputs.Length; j++)
                Assert.True(Bits(a[j][0]) == Bits(b[j][0]),
                    $"{what} at ({string.Join(", ", point)}), output {j}: IL {a[j][0]}, Expression trees {b[j][0]}");
        }
    }

    private static CompiledFunction<T> Function<T>(LoweredFunction lowered, CompiledChunk<T>[] methods) where T : unmanaged
    {
        var schedule = lowered.Schedule;
        var constants = schedule.Constants.Select(c => c.Data.Select(v => typeof(T) == typeof(double) ? (T)(object)v : (T)(object)(float)v).ToArray()).ToArray();
        return new CompiledFunction<T>(lowered, methods, new Workspace<T>(constants, lowered.Spill?.Length ?? 0, schedule.Symbols.Count, lowered.Buffers.Count), VectorWidths.Widest);
    }

    private static long Bits<T>(T value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d),
        float f => BitConverter.SingleToInt32Bits(f),
        _ => throw new ArgumentException(typeof(T).Name),
    };
}
