extern alias gen;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SymGraphGenerator = gen::SymGraph.Generators.SymGraphGenerator;

namespace SymGraph.Generators.Tests;

/// <summary>An additional file as the build passes it: a path, its text and its item metadata.</summary>
internal sealed record SgFile(string Path, string Text, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// Runs the generator through <see cref="CSharpGeneratorDriver"/> over a compilation of C# sources
/// (the .NET 10 reference assemblies, SymGraph.Runtime) and <c>.sg</c> additional files with their
/// metadata, as the compiler in a build would.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly MetadataReference[] References =
        Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(SymGraph.Runtime.Kernels).Assembly.Location))
            .ToArray();

    public static CSharpCompilation Compilation(IEnumerable<string> sources, string assemblyName = "UserProject") =>
        CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false));

    public static GeneratorDriver Driver(IEnumerable<SgFile> files, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SymGraphGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new Text(f.Path, f.Text)),
            ParseOptions,
            new Options(files, properties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(
        IEnumerable<string> sources, IEnumerable<SgFile>? files = null, IReadOnlyDictionary<string, string>? properties = null, string assemblyName = "UserProject")
    {
        var driver = Driver(files ?? Array.Empty<SgFile>(), properties).RunGeneratorsAndUpdateCompilation(Compilation(sources, assemblyName), out var output, out var diagnostics);
        var result = driver.GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        return (result, output, diagnostics);
    }

    /// <summary>The generated sources other than the <c>[Differentiable]</c> attribute, which is always there.</summary>
    public static GeneratedSourceResult[] Generated(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Where(s => s.HintName != "SymGraph.DifferentiableAttribute.g.cs").ToArray();

    /// <summary>The generated source whose hint name ends with <paramref name="suffix"/>.</summary>
    public static string Source(GeneratorDriverRunResult result, string suffix) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(suffix, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>Compiles <paramref name="output"/> (no errors allowed) and loads it.</summary>
    public static Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>The errors of the compilation with the generated code (the user's code plus what the generator added).</summary>
    public static Diagnostic[] Errors(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(IEnumerable<SgFile> files, IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, Dictionary<string, string>> _files = files.ToDictionary(
            f => f.Path, f => (f.Metadata ?? new Dictionary<string, string>()).ToDictionary(kv => "build_metadata.AdditionalFiles." + kv.Key, kv => kv.Value));

        public override AnalyzerConfigOptions GlobalOptions { get; } =
            new Values(properties.ToDictionary(kv => "build_property." + kv.Key, kv => kv.Value));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(_files.TryGetValue(textFile.Path, out var values) ? values : new Dictionary<string, string>());
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
