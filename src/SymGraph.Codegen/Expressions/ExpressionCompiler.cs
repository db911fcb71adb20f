using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
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
}

/// <summary>
/// The Expression-tree backend: lowers a <see cref="Schedule"/> to flat <see cref="Expression.Block(IEnumerable{ParameterExpression}, Expression[])"/>s
/// of assignments (one per node; never one deeply nested expression), split into methods of bounded
/// size, each compiled with <see cref="LambdaExpression.Compile()"/>.
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
        var chunks = schedule.Split(options.MaxChunkWeight);
        var shared = SharedSlots(schedule, chunks);
        // Small tensors in locals, in single-method programs (elements would otherwise cross methods).
        var promoted = chunks.Count == 1 ? schedule.PromotionCandidates() : new HashSet<Node>();
        var compiled = chunks.Select(steps => Build<T>(schedule, shared, promoted, steps).Compile()).ToArray();
        var constants = schedule.Constants.Select(ToArray<T>).ToArray();
        var workspace = new Workspace<T>(constants, schedule.ScalarSlots, schedule.Symbols.Count, schedule.Buffers.Count);
        return new CompiledFunction<T>(schedule, compiled, workspace, promoted);
    }

    /// <summary>
    /// Builds one method. A step that needs a tensor in locals as a whole array demotes it, and the
    /// method is built again; demotion only shrinks the set, so this ends.
    /// </summary>
    private static Expression<CompiledChunk<T>> Build<T>(Schedule schedule, HashSet<int> shared, HashSet<Node> promoted, List<Step> steps)
        where T : unmanaged
    {
        while (true)
        {
            var builder = new ChunkBuilder<T>(schedule, shared, promoted);
            var method = builder.Build(steps);
            if (!builder.Demoted) return method;
        }
    }

    private static T[] ToArray<T>(Tensor t) where T : unmanaged =>
        typeof(T) == typeof(double) ? (T[])(object)(double[])t.Data.Clone() : (T[])(object)t.Data.Select(v => (float)v).ToArray();

    /// <summary>
    /// Scalar slots that some value occupies across a method boundary: those live in the workspace's
    /// spill array; all other scalars are locals of one method.
    /// </summary>
    private static HashSet<int> SharedSlots(Schedule schedule, List<List<Step>> chunks)
    {
        var shared = new HashSet<int>();
        if (chunks.Count < 2) return shared;
        var chunkOfStep = new int[schedule.Steps.Count];
        for (int c = 0, s = 0; c < chunks.Count; c++)
            for (int k = 0; k < chunks[c].Count; k++) chunkOfStep[s++] = c;
        foreach (var kv in schedule.DefinedAt)
        {
            int last = schedule.LastUse[kv.Key];
            if (last == int.MaxValue || chunkOfStep[kv.Value] != chunkOfStep[last])
                shared.Add(schedule.StorageOf(kv.Key).Index);
        }
        return shared;
    }

}
