using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SymGraph.Generators;

/// <summary>
/// The SymGraph source generator. Door (a): every <c>.sg</c> file among the <c>AdditionalFiles</c>
/// becomes one class (<see cref="ModelFiles"/>). Door (b): every method marked
/// <c>[SymGraph.Differentiable]</c> gets its derivative methods in its partial class
/// (<see cref="DifferentiableMethods"/>). Model and subset errors are build diagnostics at their
/// source; the generator never throws.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SymGraphGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that reads each <c>.sg</c> file and its settings.</summary>
    public const string ModelRequestStep = "SymGraph.ModelRequest";

    /// <summary>Tracking name of the step that generates each <c>.sg</c> file's class.</summary>
    public const string ModelFileStep = "SymGraph.ModelFile";

    /// <summary>Tracking name of the step that translates each <c>[Differentiable]</c> method.</summary>
    public const string MethodStep = "SymGraph.Method";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        context.RegisterPostInitializationOutput(c => c.AddSource("SymGraph.DifferentiableAttribute.g.cs", DifferentiableMethods.AttributeSource));

        var assemblyName = context.CompilationProvider.Select((c, _) => c.AssemblyName);
        var requests = context.AdditionalTextsProvider
            .Where(t => t.Path.EndsWith(".sg", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Combine(assemblyName)
            .Select((input, ct) =>
            {
                var ((file, options), assembly) = input;
                var fileOptions = options.GetOptions(file);
                string? Item(string name) => fileOptions.TryGetValue("build_metadata.AdditionalFiles." + name, out var v) ? v : null;
                string? Property(string name) => options.GlobalOptions.TryGetValue("build_property." + name, out var v) ? v : null;
                string? text;
                try
                {
                    text = file.GetText(ct)?.ToString();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    text = null;
                }
                return new ModelFileRequest(file.Path, text, Item("SymGraphClass"), Item("SymGraphNamespace"), Item("SymGraphHessian"), Item("SymGraphHvp"),
                    Property("RootNamespace"), assembly);
            })
            .WithTrackingName(ModelRequestStep)
            .Select(ModelFiles.Generate)
            .WithTrackingName(ModelFileStep);
        context.RegisterSourceOutput(requests.Combine(HintNames(requests)), Emit);

        var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
                DifferentiableMethods.AttributeFullName,
                (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                DifferentiableMethods.Generate)
            .WithTrackingName(MethodStep);
        context.RegisterSourceOutput(methods.Combine(HintNames(methods)), Emit);
    }

    /// <summary>Every file's hint name in order, so the second file to generate a class reports the clash instead of adding it.</summary>
    private static IncrementalValueProvider<EquatableArray<HintName>> HintNames(IncrementalValuesProvider<GeneratedFile> files) =>
        files.Select((f, _) => new HintName(f.What, f.HintName)).Collect().Select((names, _) => new EquatableArray<HintName>(names));

    private static void Emit(SourceProductionContext context, (GeneratedFile File, EquatableArray<HintName> Names) input)
    {
        var (file, names) = input;
        foreach (var d in file.Diagnostics) context.ReportDiagnostic(d.ToDiagnostic());
        if (file.HintName is null || file.Source is null) return;
        var first = names.First(n => n.Name == file.HintName);
        if (first.What != file.What)
        {
            // The hint name is the class's full name: an earlier file generated the same class.
            context.ReportDiagnostic(GeneratorDiagnostic.At(GeneratorCodes.Conflict, true,
                $"{first.What} already generates the class '{file.HintName.Substring(0, file.HintName.Length - ".g.cs".Length)}'; give one of them another name with SymGraphClass=\"…\"",
                file.What, null, 1, 1, 0).ToDiagnostic());
            return;
        }
        context.AddSource(file.HintName, file.Source);
    }
}

/// <summary>A generated file's hint name and what it was generated from.</summary>
internal sealed record HintName(string What, string? Name);
