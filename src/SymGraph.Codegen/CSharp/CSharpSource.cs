using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.CSharp;

/// <summary>Generated C# source: the text of one file holding one static class, and what is in it.</summary>
public sealed class CSharpSource
{
    internal CSharpSource(string text, string @namespace, string className, DType dtype, IReadOnlyList<CSharpFunction> functions, bool usesRuntime, bool hasEntryPoints)
    {
        Text = text;
        Namespace = @namespace;
        ClassName = className;
        DType = dtype;
        Functions = functions;
        UsesRuntime = usesRuntime;
        HasEntryPoints = hasEntryPoints;
    }

    /// <summary>The source text (<c>\n</c> line endings, deterministic).</summary>
    public string Text { get; }

    /// <summary>The namespace of the class.</summary>
    public string Namespace { get; }

    /// <summary>The class name.</summary>
    public string ClassName { get; }

    /// <summary>The namespace-qualified class name.</summary>
    public string FullName => Namespace + "." + ClassName;

    /// <summary>The element type every method works in.</summary>
    public DType DType { get; }

    /// <summary>The functions, in the order they appear, as given to the emitter (before any simplification).</summary>
    public IReadOnlyList<CSharpFunction> Functions { get; }

    /// <summary>True when the code calls <c>SymGraph.Runtime</c> kernels (tensor graphs); false when it needs only the base library.</summary>
    public bool UsesRuntime { get; }

    /// <summary>True when the array entry points (<see cref="CSharpFunction.EntryPointName"/>) were emitted.</summary>
    public bool HasEntryPoints { get; }

    /// <summary>The function called <paramref name="name"/>.</summary>
    public CSharpFunction Function(string name) =>
        Functions.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"{ClassName} has no function '{name}'.", nameof(name));

    /// <summary>The same source describing <paramref name="functions"/> (as given, before simplification).</summary>
    internal CSharpSource WithFunctions(IReadOnlyList<CSharpFunction> functions) => new(Text, Namespace, ClassName, DType, functions, UsesRuntime, HasEntryPoints);

    /// <summary>The same source with other text (tests use it to feed the compiler broken code).</summary>
    internal CSharpSource WithText(string text) => new(text, Namespace, ClassName, DType, Functions, UsesRuntime, HasEntryPoints);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
