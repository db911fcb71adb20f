using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>
/// <c>symgraph compile MODEL.sg [-o DIR] [--emit cs|dll] [--hessian [dense|sparse]] [--hvp] [--size NAME=N] [--namespace NS] [--class NAME]</c>:
/// generated C# (or an assembly compiled from it) with <c>Value</c>, <c>Gradient</c> and optionally
/// <c>Hessian</c> (dense), <c>HessianSparse</c> (CSR values, the pattern as static tables) and
/// <c>HessianVectorProduct</c> of the model's cost and <c>Outputs</c> (its <c>output</c> values), from
/// the simplified graphs (<see cref="ModelFunctions"/>). The file is written only when
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
        var hessian = CommonOptions.Hessian("Also emit Hessian (dense: the matrix over the differentiated values in order) or HessianSparse (sparse: CSR values, the pattern as static tables).");
        var hvp = new Option<bool>("--hvp") { Description = "Also emit HessianVectorProduct(args…, v, hvp): H·v in the flat layout, without forming H." };
        var size = new Option<string[]>("--size") { Description = "Bind a symbolic size, NAME=N (repeatable): a sparse Hessian's pattern is for one size.", HelpName = "NAME=N", AllowMultipleArgumentsPerToken = false };
        var ns = new Option<string>("--namespace") { Description = "The namespace of the generated class.", DefaultValueFactory = _ => "SymGraph.Generated", HelpName = "NS" };
        var className = new Option<string?>("--class") { Description = "The class name (default: from the file name, mlp.sg -> Mlp).", HelpName = "NAME" };
        var command = new Command("compile", "Compile a model to C# source or an assembly with the value, the gradient and optionally the Hessian of its cost.")
        {
            model, output, emit, hessian, hvp, size, ns, className,
        };
        command.SetAction(parse => Run(context, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(emit)!, CommonOptions.HessianFormOf(parse, hessian),
            parse.GetValue(hvp), Sizes(parse.GetValue(size)), parse.GetValue(ns)!, parse.GetValue(className)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string outputDirectory, string emit, HessianForm form, bool hvp, Dictionary<string, int> sizes, string ns, string? className)
    {
        CheckNames(ns, className);
        var model = LoadedModel.Load(context, modelPath);
        var cost = model.RequireCost(context, hvp ? "compile --hvp" : "compile");
        bool hessian = form == HessianForm.Dense;
        if (hessian) model.Hessian(context, "compile --hessian"); // the same checks (static shapes, size) as everywhere
        if (form == HessianForm.Sparse && model.Wrt.Any(w => !w.Shape.IsStatic) && model.Wrt.SelectMany(w => w.Shape).Any(d => !d.IsStatic && !sizes.ContainsKey(d.Symbol!)))
        {
            var missing = model.Wrt.SelectMany(w => w.Shape).Where(d => !d.IsStatic && !sizes.ContainsKey(d.Symbol!)).Select(d => d.Symbol!).Distinct();
            throw CliException.Usage($"compile --hessian sparse: a sparsity pattern is for one size; bind {string.Join(", ", missing.Select(m => $"--size {m}=N"))}");
        }
        className ??= ClassNameFor(modelPath);
        // Simplified below, once (the emitter would simplify the simplified graph again).
        var options = new CSharpEmitterOptions { Namespace = ns, ClassName = className, Source = Path.GetFileName(modelPath), Simplify = false };
        CSharpSource source;
        try
        {
            var all = ModelFunctions.Create(model.Model, hessian).ToList();
            if (form == HessianForm.Sparse) all.Add(CSharpFunction.HessianSparse(cost, model.Wrt, model.Arguments, sizes));
            if (hvp) all.Add(CSharpFunction.HessianVectorProduct(cost, model.Wrt, model.Arguments));
            var functions = all.Select(f => f.WithOutputs(nodes => Simplifier.Simplify(nodes)));
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

    /// <summary>The --size bindings, NAME=N each.</summary>
    private static Dictionary<string, int> Sizes(string[]? bindings)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in bindings ?? Array.Empty<string>())
        {
            int eq = b.IndexOf('=');
            if (eq <= 0 || !int.TryParse(b.Substring(eq + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
                throw CliException.Usage($"--size: '{b}' is not NAME=N with N a positive integer");
            sizes[b.Substring(0, eq)] = n;
        }
        return sizes;
    }
}
