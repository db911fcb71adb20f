using SymGraph;
using SymGraph.Codegen.Expressions;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;
using SymGraph.Simplify;

/// <summary>
/// The phases, in the order they run; each reads and extends the <see cref="Workload"/>. Plug a phase in
/// by adding an entry here (the compile and first-call phases of a code generator: compile the
/// workload's <see cref="Workload.Outputs"/> with respect to its parameters, keep the function in
/// <see cref="Workload.State"/>, call it once on <see cref="Workload.Values"/> in the next phase). A phase
/// returns a short note for the table (a node count, a value) or null.
/// </summary>
internal static class Phases
{
    public static readonly List<(string Name, Func<Workload, string?> Run)> All = new()
    {
        ("grad", w =>
        {
            var grads = Autodiff.Grad(w.Cost, w.Wrt);
            w.Outputs = new[] { w.Cost }.Concat(grads).ToArray();
            return $"{w.Graph.Nodes.Count:N0} nodes";
        }),
        ("simplify", w =>
        {
            var before = w.Graph.Nodes.Count;
            w.Outputs = Simplifier.Simplify(w.Outputs);
            return $"+{w.Graph.Nodes.Count - before:N0} nodes";
        }),
        ("interpret", w =>
        {
            var values = Interpreter.Evaluate(w.Outputs, w.Values);
            return $"f = {values[0].ToScalar():G6}, df[0] = {values[1].ToScalar():G6}";
        }),
        // The Expression backend on the simplified outputs: schedule, lowering and printing (IL, or
        // Expression trees and LambdaExpression.Compile); the JIT compiles each method at its first
        // call, in the next phase. The note is schedule steps per second, and each part's seconds.
        ("compile", w =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var schedule = Schedule.Create(w.Outputs, w.Wrt);
            var scheduled = clock.Elapsed.TotalSeconds;
            int bits = VectorWidths.Widest;
            var lowered = Lowerer.Lower(schedule, new ExpressionCompilerOptions().MaxChunkWeight, vectorize: bits > 0);
            var lowering = clock.Elapsed.TotalSeconds - scheduled;
            var f = ExpressionCompiler.Compile<double>(lowered, bits);
            w.State["compiled"] = f;
            double seconds = clock.Elapsed.TotalSeconds;
            return $"{schedule.Steps.Count:N0} steps in {f.MethodCount:N0} methods, {schedule.Steps.Count / seconds:N0} steps/s "
                + $"(schedule {scheduled:F1} s, lowering {lowering:F1} s, printing {seconds - scheduled - lowering:F1} s)";
        }),
        // The C# backend on the same outputs: the source (schedule, lowering, printing) and Roslyn's
        // compilation of it to an in-memory assembly; the note is steps per second and each part's seconds.
        ("compile-cs", w =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var function = new SymGraph.Codegen.CSharp.CSharpFunction("F", w.Wrt,
                w.Outputs.Select((o, j) => SymGraph.Codegen.CSharp.CSharpOutput.Of(o, "r" + j)));
            var source = SymGraph.Codegen.CSharp.CSharpEmitter.Emit(new[] { function },
                new SymGraph.Codegen.CSharp.CSharpEmitterOptions { Simplify = false, ClassName = "Scale" });
            var emitted = clock.Elapsed.TotalSeconds;
            SymGraph.Codegen.Compilation.CSharpCompiler.Compile(source);
            double seconds = clock.Elapsed.TotalSeconds;
            int steps = Schedule.Create(w.Outputs, w.Wrt).Steps.Count;
            int lines = source.Text.Count(c => c == '\n');
            return $"{lines:N0} lines, {steps / seconds:N0} steps/s (source {emitted:F1} s, Roslyn {seconds - emitted:F1} s)";
        }),
        ("first-call", w =>
        {
            var f = (CompiledFunction<double>)w.State["compiled"];
            var arguments = w.Wrt.Select(x => w.Values[x].Data.ToArray()).ToArray();
            var results = f.Outputs.Select(o => new double[o.Shape.IsStatic ? o.Shape.ElementCount : 0]).ToArray();
            f.Invoke(arguments, results);
            return $"f = {results[0][0]:G6}, df[0] = {results[1][0]:G6}";
        }),
    };
}
