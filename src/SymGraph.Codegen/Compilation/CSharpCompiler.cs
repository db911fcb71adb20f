using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Codegen.Compilation;

/// <summary>
/// Compiles generated C# with Roslyn: in memory to delegates (<see cref="Compile(CSharpSource)"/>),
/// or to an assembly on disk (<see cref="EmitDll(CSharpSource, string)"/>). Warnings are errors: the
/// generated code is expected to be clean, so any diagnostic is a bug and is reported with the
/// generated line it is about.
/// </summary>
public static class CSharpCompiler
{
    private static int s_counter;

    // Only what generated code uses: the core library (System.Math, arrays, exceptions, attributes),
    // System.Runtime for the kernels' signatures, and SymGraph.Runtime when kernels are called.
    private static readonly Lazy<MetadataReference[]> s_core = new(() =>
    {
        var coreLib = typeof(object).Assembly.Location;
        var dir = Path.GetDirectoryName(coreLib)!;
        return new MetadataReference[]
        {
            MetadataReference.CreateFromFile(coreLib),
            MetadataReference.CreateFromFile(Path.Combine(dir, "System.Runtime.dll")),
        };
    });

    // An assembly written to disk is compiled against the .NET 10 reference assemblies, as a project
    // build is: compiled against this process's implementation assemblies it would bind to
    // System.Private.CoreLib, and a project referencing it would fail with CS0012.
    private static readonly Lazy<MetadataReference[]> s_referenceAssemblies = new(() =>
        Basic.Reference.Assemblies.Net100.References.All.ToArray<MetadataReference>());

    private static readonly Lazy<MetadataReference> s_runtime = new(() =>
        MetadataReference.CreateFromFile(typeof(Runtime.Kernels).Assembly.Location));

    /// <summary>Compiles one generated class in memory and loads it.</summary>
    public static CompiledClass Compile(CSharpSource source) => Compile(new[] { source ?? throw new ArgumentNullException(nameof(source)) })[0];

    /// <summary>
    /// Compiles several generated classes into one in-memory assembly (much faster than one
    /// compilation each) and loads it into its own collectible load context, which is unloaded once
    /// nothing references its classes or delegates.
    /// </summary>
    public static IReadOnlyList<CompiledClass> Compile(IReadOnlyList<CSharpSource> sources)
    {
        var name = "SymGraph.Generated." + Interlocked.Increment(ref s_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var image = Build(sources, name);
        var context = new AssemblyLoadContext(name, isCollectible: true);
        using var stream = new MemoryStream(image);
        var assembly = context.LoadFromStream(stream);
        return sources.Select(s => new CompiledClass(s, assembly.GetType(s.FullName, throwOnError: true)!)).ToArray();
    }

    /// <summary>Compiles one generated class to an assembly at <paramref name="path"/> (named after the file).</summary>
    public static void EmitDll(CSharpSource source, string path) => EmitDll(new[] { source ?? throw new ArgumentNullException(nameof(source)) }, path);

    /// <summary>
    /// Compiles generated classes to an assembly at <paramref name="path"/>, named after the file. Nothing
    /// is written when the code does not compile.
    /// </summary>
    public static void EmitDll(IReadOnlyList<CSharpSource> sources, string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        var image = Build(sources, Path.GetFileNameWithoutExtension(path), referenceAssemblies: true);
        File.WriteAllBytes(path, image);
    }

    /// <summary>
    /// The Roslyn compilation of <paramref name="sources"/> (for inspection; <see cref="Compile(IReadOnlyList{CSharpSource})"/> builds and loads it).
    /// With <paramref name="referenceAssemblies"/> it compiles against the .NET 10 reference assemblies
    /// (as <see cref="EmitDll(IReadOnlyList{CSharpSource}, string)"/> does), otherwise against the running core library.
    /// </summary>
    public static CSharpCompilation CreateCompilation(IReadOnlyList<CSharpSource> sources, string assemblyName, bool referenceAssemblies = false)
    {
        if (sources is null) throw new ArgumentNullException(nameof(sources));
        if (sources.Count == 0) throw new ArgumentException("Nothing to compile.", nameof(sources));
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.ClassName + ".g.cs", encoding: Encoding.UTF8));
        var references = (referenceAssemblies ? s_referenceAssemblies : s_core).Value.AsEnumerable();
        if (sources.Any(s => s.UsesRuntime)) references = references.Append(s_runtime.Value);
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            generalDiagnosticOption: ReportDiagnostic.Error,
            deterministic: true);
        return CSharpCompilation.Create(assemblyName, trees, references, options);
    }

    private static byte[] Build(IReadOnlyList<CSharpSource> sources, string assemblyName, bool referenceAssemblies = false)
    {
        var compilation = CreateCompilation(sources, assemblyName, referenceAssemblies);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToImmutableArray();
        if (!result.Success || problems.Length > 0) throw new CSharpCompilationException(problems);
        return stream.ToArray();
    }
}
