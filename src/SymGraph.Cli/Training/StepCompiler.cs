using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Codegen.Expressions;
using SymGraph.Training;

namespace SymGraph.Cli;

/// <summary>
/// Compiles <see cref="UpdateRule"/>s into <see cref="TrainingStep{T}"/>s with either backend: compiled
/// expression trees (<c>expr</c>) or generated C# compiled by Roslyn (<c>cs</c>, every rule of one call in
/// one class, one compilation).
/// </summary>
internal static class StepCompiler
{
    /// <summary>The backends a step can be compiled with.</summary>
    public static readonly string[] Backends = { "expr", "cs" };

    public static TrainingStep<T> Compile<T>(UpdateRule rule, string backend) where T : unmanaged => Compile<T>(new[] { rule }, backend)[0];

    public static IReadOnlyList<TrainingStep<T>> Compile<T>(IReadOnlyList<UpdateRule> rules, string backend) where T : unmanaged
    {
        switch (backend)
        {
            case "expr":
                return rules.Select(rule =>
                {
                    var compiled = ExpressionCompiler.Compile<T>(rule.Outputs, rule.Arguments);
                    return new TrainingStep<T>(rule, compiled.Invoke);
                }).ToArray();
            case "cs":
            {
                var functions = rules.Select((rule, i) => new CSharpFunction(
                    "Step" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    rule.Arguments,
                    rule.Outputs.Select((o, j) => CSharpOutput.Of(o, OutputName(rule, j))),
                    "One training step: the cost, then the parameters and the optimizer state after the update.")).ToArray();
                var source = CSharpEmitter.Emit(functions, new CSharpEmitterOptions { ClassName = "TrainingSteps", Namespace = "SymGraph.Cli.Generated" });
                var compiled = CSharpCompiler.Compile(source);
                return rules.Select((rule, i) =>
                {
                    var entry = compiled.EntryPoint<T>(functions[i].Name);
                    return new TrainingStep<T>(rule, (a, r) => entry(a, r));
                }).ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown backend.");
        }
    }

    // cost, new_W1, …, new_m_W1, …: readable names in the generated class.
    private static string OutputName(UpdateRule rule, int j)
    {
        if (j == 0) return "cost";
        j--;
        if (j < rule.Parameters.Count) return "new_" + rule.Parameters[j].Name;
        return "new_" + rule.State[j - rule.Parameters.Count].Name!.Substring(UpdateRule.LeafPrefix.Length).Replace('.', '_');
    }
}
