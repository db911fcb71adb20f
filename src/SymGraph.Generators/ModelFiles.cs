using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SymGraph.Codegen;
using SymGraph.Codegen.CSharp;
using SymGraph.Model;
using SymGraph.Simplify;

namespace SymGraph.Generators;

/// <summary>What the build says about one <c>.sg</c> file: its path and text, and the settings that shape its class.</summary>
internal sealed record ModelFileRequest(string Path, string? Text, string? ClassName, string? Namespace, string? Hessian, string? Hvp, string? RootNamespace, string? AssemblyName);

/// <summary>What one <c>.sg</c> file became: the hint name and source of its class (null on errors) and the diagnostics.</summary>
internal sealed record GeneratedFile(string? HintName, string? Source, EquatableArray<GeneratorDiagnostic> Diagnostics, string What);

/// <summary>
/// Door (a): a <c>.sg</c> file given as <c>AdditionalFiles</c> becomes one class, written as
/// <c>symgraph compile</c> writes it (<see cref="ModelFunctions"/>, simplified, array entry points).
/// Pure: the same request always gives the same result, and nothing throws out of
/// <see cref="Generate"/>.
/// </summary>
internal static class ModelFiles
{
    public static GeneratedFile Generate(ModelFileRequest request, CancellationToken cancellationToken)
    {
        var diagnostics = new List<GeneratorDiagnostic>();
        var text = request.Text is null ? null : SourceText.From(request.Text);
        GeneratorDiagnostic At(string code, string message, int line = 1, int column = 1, int length = 0) =>
            GeneratorDiagnostic.At(code, true, message, request.Path, text, line, column, length);
        GeneratedFile Done(string? hint = null, string? source = null) => new(hint, source, new EquatableArray<GeneratorDiagnostic>(diagnostics), request.Path);
        try
        {
            if (request.Text is null)
            {
                diagnostics.Add(At(DiagnosticCode.NotText, "the model file could not be read"));
                return Done();
            }
            string className = Setting(request.ClassName) ?? ModelFunctions.ClassNameFor(request.Path);
            string ns = Setting(request.Namespace) ?? Setting(request.RootNamespace) ?? NamespaceFromAssembly(request.AssemblyName);
            if (CheckNames(className, ns) is { } nameProblem)
            {
                diagnostics.Add(At(GeneratorCodes.InvalidSetting, nameProblem));
                return Done();
            }
            bool hessian = false;
            switch (Setting(request.Hessian)?.ToLowerInvariant())
            {
                case null or "false" or "none": break;
                case "dense" or "true": hessian = true; break;
                case "sparse":
                    diagnostics.Add(At(GeneratorCodes.ModelNotAvailable, "SymGraphHessian=\"sparse\": sparse Hessians are not generated yet; use SymGraphHessian=\"dense\" (at most 1000 values), or SymGraphHvp=\"true\" for Hessian-vector products"));
                    return Done();
                default:
                    diagnostics.Add(At(GeneratorCodes.InvalidSetting, $"SymGraphHessian=\"{request.Hessian}\": expected \"dense\" or \"sparse\""));
                    return Done();
            }
            bool hvp = false;
            switch (Setting(request.Hvp)?.ToLowerInvariant())
            {
                case null or "false": break;
                case "true": hvp = true; break;
                default:
                    diagnostics.Add(At(GeneratorCodes.InvalidSetting, $"SymGraphHvp=\"{request.Hvp}\": expected \"true\" or \"false\""));
                    return Done();
            }

            cancellationToken.ThrowIfCancellationRequested();
            var model = ModelCompiler.Compile(request.Text, request.Path);
            foreach (var d in model.Diagnostics) diagnostics.Add(From(d, request.Path, text));
            if (model.HasErrors) return Done();

            bool differentiable = model.Cost is not null && model.Wrt.Count > 0;
            if ((hessian || hvp) && !differentiable)
            {
                diagnostics.Add(From(ModelDiagnostics.NoCostStatement(request.Path, hessian ? "SymGraphHessian" : "SymGraphHvp"), request.Path, text));
                return Done();
            }
            if (hessian && ModelDiagnostics.CheckDenseHessian(model) is { } tooLarge)
            {
                diagnostics.Add(From(tooLarge, request.Path, text));
                return Done();
            }
            var functions = ModelFunctions.Create(model, hessian).ToList();
            if (hvp) functions.Add(ModelFunctions.HessianVectorProduct(model.Cost!, model.Wrt, ModelFunctions.Arguments(model)));
            if (functions.Count == 0)
            {
                diagnostics.Add(At(GeneratorCodes.Conflict, "the model has neither a 'minimize' statement with something to differentiate nor an 'output' statement, so its class would be empty; add one"));
                return Done();
            }
            cancellationToken.ThrowIfCancellationRequested();
            var options = new CSharpEmitterOptions { Namespace = ns, ClassName = className, Source = System.IO.Path.GetFileName(request.Path), Simplify = false };
            CSharpSource source;
            try
            {
                source = CSharpEmitter.Emit(functions.Select(f => f.WithOutputs(nodes => Simplifier.Simplify(nodes))), options);
            }
            catch (ArgumentException e)
            {
                // A class name that is also a method's, or a name the emitter refuses.
                diagnostics.Add(At(GeneratorCodes.InvalidSetting, $"{e.Message.Split('\n')[0].Replace(" (Parameter '" + e.ParamName + "')", "")} Set the class name with SymGraphClass=\"…\" on the AdditionalFiles item."));
                return Done();
            }
            return Done($"{ns}.{className}.g.cs", source.Text);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            diagnostics.Add(Internal(request.Path, e));
            return Done();
        }
    }

    /// <summary>SG0899 for an exception the generator did not expect, naming what it was generating.</summary>
    public static GeneratorDiagnostic Internal(string what, Exception e) =>
        new(GeneratorCodes.InternalError, true, $"SymGraph's generator failed on {what}: {e.GetType().Name}: {e.Message}; please report this", "", 0, 0, 0, 0, 0, 0);

    /// <summary>A front-end or model diagnostic at its line and column of the <c>.sg</c> file.</summary>
    public static GeneratorDiagnostic From(Diagnostic d, string path, SourceText? text) =>
        GeneratorDiagnostic.At(d.Code, d.IsError, d.Message, path, text, d.Location.Line, d.Location.Column, d.Length);

    private static string? Setting(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>A namespace from an assembly name: each dotted part made an identifier (<c>my-app</c> → <c>my_app</c>).</summary>
    private static string NamespaceFromAssembly(string? assemblyName)
    {
        if (string.IsNullOrWhiteSpace(assemblyName)) return "SymGraph.Generated";
        var parts = assemblyName!.Split('.').Select(p =>
        {
            var chars = p.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
            string part = new string(chars);
            return part.Length == 0 || char.IsDigit(part[0]) ? "_" + part : part;
        });
        return string.Join(".", parts);
    }

    /// <summary>Why the class or namespace name cannot be used, or null.</summary>
    private static string? CheckNames(string className, string ns)
    {
        try
        {
            foreach (var part in ns.Split('.'))
            {
                Identifiers.Validate(part, $"in the namespace '{ns}', the part");
                if (Identifiers.IsKeyword(part)) return $"the namespace '{ns}' has a part that is a C# keyword: '{part}'; set SymGraphNamespace=\"…\"";
            }
            Identifiers.Validate(className, "the class name");
            if (Identifiers.IsKeyword(className)) return $"the class name '{className}' is a C# keyword; set SymGraphClass=\"…\"";
            if (className.All(c => c >= 'a' && c <= 'z')) return $"the class name '{className}' has only lower-case ASCII letters, which C# reserves for future keywords; capitalize it with SymGraphClass=\"…\"";
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split('\n')[0].Replace(" (Parameter '" + e.ParamName + "')", "");
        }
    }
}
