using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph compile MODEL.sg [-o DIR] [--emit cs|dll] [--hessian] [--namespace NS] [--class NAME]</c>:
/// generated C# (or an assembly compiled from it) with <c>Value</c>, <c>Gradient</c> and optionally
/// <c>Hessian</c> of the model's cost and <c>Outputs</c> (its <c>output</c> values), from the simplified
/// graphs (<see cref="ModelFunctions"/>). The file is written only when
/// everything succeeded, and atomically.
/// </summary>
internal static class CompileCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var output = new Option<string>("--output", "-o") { Description = "The directory to write to (created if needed).", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var emit = new Option<string>("--emit") { Description = "cs: C# source (CLASS.g.cs); dll: an assembly compiled from it (CLASS.dll).", DefaultValueFactory = _ => "cs", HelpName = "cs|dll" };
        CommonOptions.OneOf(emit, "cs", "dll");
        var hessian = CommonOptions.Hessian("Also emit Hessian (the dense Hessian of the cost).");
        var ns = new Option<string>("--namespace") { Description = "The namespace of the generated class.", DefaultValueFactory = _ => "SymGraph.Generated", HelpName = "NS" };
        var className = new Option<string?>("--class") { Description = "The class name (default: from the file name, mlp.sg -> Mlp).", HelpName = "NAME" };
        var command = new Command("compile", "Compile a model to C# source or an assembly with the value, the gradient and optionally the Hessian of its cost.")
        {
            model, output, emit, hessian, ns, className,
        };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(emit)!, Dense(CommonOptions.HessianFormOf(parse, hessian)),
            parse.GetValue(ns)!, parse.GetValue(className)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string outputDirectory, string emit, bool hessian, string ns, string? className)
    {
        CheckNames(ns, className);
        var model = LoadedModel.Load(context, modelPath);
        model.RequireCost(context, "compile");
        if (hessian) model.Hessian(context, "compile --hessian"); // the same checks (static shapes, size) as everywhere
        className ??= ClassNameFor(modelPath);
        // Simplified below, once (the emitter would simplify the simplified graph again).
        var options = new CSharpEmitterOptions { Namespace = ns, ClassName = className, Source = Path.GetFileName(modelPath), Simplify = false };
        CSharpSource source;
        try
        {
            var functions = ModelFunctions.Create(model.Model, hessian)
                .Select(f => f.WithOutputs(nodes => Simplifier.Simplify(nodes)));
            source = CSharpEmitter.Emit(functions, options);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException && (e.ParamName is "ns" or "name"))
        {
            // The namespace or class name is not a usable C# identifier.
            throw CliException.Usage(CliException.MessageOf(e));
        }

        string file = Path.Combine(outputDirectory, className + (emit == "dll" ? ".dll" : ".g.cs"));
        if (File.Exists(context.Resolve(outputDirectory)))
            throw CliException.Invalid($"cannot write '{file}': -o names the folder to write {Path.GetFileName(file)} into, and '{outputDirectory}' is a file; give a folder (it is created if needed)");
        if (emit == "dll")
        {
            try
            {
                Files.Write(context, file, path => CSharpCompiler.EmitDll(source, path));
            }
            catch (CSharpCompilationException e)
            {
                throw new InvalidOperationException("The generated C# did not compile.", e);
            }
        }
        else
        {
            Files.Write(context, file, source.Text);
        }
        context.Out.WriteLine($"wrote {file} ({source.FullName}: {string.Join(", ", source.Functions.Select(f => f.Name))})");
        return ExitCodes.Success;
    }

    /// <summary>Usage errors for a namespace or class name the C# emitter would refuse.</summary>
    private static void CheckNames(string ns, string? className)
    {
        try
        {
            foreach (var part in ns.Split('.'))
            {
                Identifiers.Validate(part, $"--namespace: in '{ns}', the part");
                if (Identifiers.IsKeyword(part)) throw new ArgumentException($"--namespace: '{ns}' has a part that is a C# keyword: '{part}'");
            }
            if (className is null) return;
            Identifiers.Validate(className, "--class:");
            if (Identifiers.IsKeyword(className)) throw new ArgumentException($"--class: '{className}' is a C# keyword");
            if (className.All(c => c >= 'a' && c <= 'z'))
                throw new ArgumentException($"--class: '{className}' has only lower-case ASCII letters, which C# reserves for future keywords; capitalize it");
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(CliException.MessageOf(e).TrimEnd('.'));
        }
    }

    /// <summary>A class name from a file name (<see cref="ModelFunctions.ClassNameFor"/>).</summary>
    internal static string ClassNameFor(string path) => ModelFunctions.ClassNameFor(path);

    // The sparse Hessian is evaluated by eval and check; compile has the dense one only so far.
    private static bool Dense(HessianForm form) => form == HessianForm.Sparse
        ? throw CliException.Usage("compile --hessian sparse: not available yet; use --hessian (dense), or eval --hessian sparse")
        : form == HessianForm.Dense;
}
