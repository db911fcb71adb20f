using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.Expressions;

/// <summary>Options of the Expression-tree backend.</summary>
public sealed class ExpressionCompilerOptions
{
    /// <summary>
    /// The largest amount of work (roughly: nodes) put in one JIT-compiled method. RyuJIT falls back
    /// to unoptimized code past fixed limits (about 60,000 bytes of IL, 2,000 locals, 8,000 local
    /// references, 20,000 instructions); methods of weight 2,000 (and 1,600) crossed one of them on
    /// a 1,000-variable scalar model (its gradient ran 2.3× slower), methods of 1,000 did not.
    /// </summary>
    public int MaxChunkWeight { get; set; } = 1000;

    /// <summary>
    /// Simplify the graph before scheduling (<see cref="Simplify.Simplifier"/> with its defaults: IEEE-exact
    /// and stabilizing rewrites only). On by default.
    /// </summary>
    public bool Simplify { get; set; } = true;

    /// <summary>
    /// The width in bits of the vectors generated element-wise loops and sums use: 512, 256 or 128, or
    /// 0 for scalar loops. Null (the default) takes the widest the machine accelerates
    /// (<see cref="VectorWidths.Widest"/>). A width the machine does not accelerate is an error when compiling.
    /// </summary>
    public int? VectorBits { get; set; }
}

/// <summary>
/// The Expression-tree backend: the <see cref="Schedule"/>'s lowered program (see Lowering/Lowerer)
/// printed as flat <see cref="Expression.Block(IEnumerable{ParameterExpression}, Expression[])"/>s of
/// assignments (never one deeply nested expression), one per method part, each compiled with
/// <see cref="LambdaExpression.Compile()"/>.
/// </summary>
public static class ExpressionCompiler
{
    /// <summary>Compiles a float64 graph: <paramref name="outputs"/> as functions of <paramref name="arguments"/> (the leaves, in call order).</summary>
    public static CompiledFunction<double> Compile(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments, ExpressionCompilerOptions? options = null) =>
        Compile<double>(outputs, arguments, options);

    /// <summary>Compiles a graph whose element type matches <typeparamref name="T"/> (double for f64, float for f32).</summary>
    public static CompiledFunction<T> Compile<T>(IReadOnlyList<Node> outputs, IReadOnlyList<Node> arguments, ExpressionCompilerOptions? options = null)
        where T : unmanaged
    {
        options ??= new ExpressionCompilerOptions();
        var schedule = Schedule.Create(options.Simplify ? Simplify.Simplifier.Simplify(outputs) : outputs, arguments);
        var expected = schedule.DType == DType.Float64 ? typeof(double) : typeof(float);
        if (typeof(T) != expected)
            throw new ArgumentException($"The graph is {schedule.DType.ShortName()}; compile it with {expected.Name}, not {typeof(T).Name}.");
        return Compile<T>(schedule, options);
    }

    /// <summary>Compiles an existing schedule.</summary>
    public static CompiledFunction<T> Compile<T>(Schedule schedule, ExpressionCompilerOptions options) where T : unmanaged
    {
        int bits = VectorWidths.Resolve(options.VectorBits, nameof(ExpressionCompilerOptions.VectorBits));
        return Compile<T>(Lowerer.Lower(schedule, options.MaxChunkWeight, vectorize: bits > 0), bits);
    }

    /// <summary>Prints and compiles an existing lowering, with vectorized loops <paramref name="bits"/> wide.</summary>
    internal static CompiledFunction<T> Compile<T>(LoweredFunction lowered, int bits) where T : unmanaged
    {
        var schedule = lowered.Schedule;
        var methods = ExpressionPrinter<T>.Print(lowered, bits);
        var constants = schedule.Constants.Select(ToArray<T>).ToArray();
        var workspace = new Workspace<T>(constants, lowered.Spill?.Length ?? 0, schedule.Symbols.Count, lowered.Buffers.Count);
        return new CompiledFunction<T>(lowered, methods, workspace, bits);
    }

    private static T[] ToArray<T>(Tensor t) where T : unmanaged =>
        typeof(T) == typeof(double) ? (T[])(object)(double[])t.Data.Clone() : (T[])(object)t.Data.Select(v => (float)v).ToArray();
}
