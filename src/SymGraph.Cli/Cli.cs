using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SymGraph.Cli;

/// <summary>
/// The <c>symgraph</c> command line, callable in process: <see cref="Run"/> parses the arguments, runs
/// one command, writes results to <c>stdout</c> and messages to <c>stderr</c>, and returns the exit code
/// (<see cref="ExitCodes"/>). <see cref="Program.Main"/> calls it with the console; tests call it with
/// string writers.
/// </summary>
/// <remarks>
/// Commands: <c>compile</c> (C# source or an assembly with value, gradient and Hessian), <c>eval</c>
/// (values, gradient, Hessian at a point, on any backend), <c>check</c> (derivatives against central
/// finite differences), <c>graph</c> (text, DOT or SVG listings and node counts), <c>bench</c> (time and
/// allocation per call, per backend), <c>train</c> (compiled update steps over a CSV file, checkpoints)
/// and <c>predict</c> (outputs, accuracy, confusion matrix or RMSE with trained parameters). Every command has <c>--help</c>.
/// </remarks>
public static class Cli
{
    /// <summary>Runs <c>symgraph</c> with <paramref name="args"/>; returns the exit code.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where diagnostics, errors and warnings go.</param>
    /// <param name="environment">Working directory, Graphviz and terminal settings; default: those of this process.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment? environment = null)
    {
        if (args is null) throw new ArgumentNullException(nameof(args));
        if (stdout is null) throw new ArgumentNullException(nameof(stdout));
        if (stderr is null) throw new ArgumentNullException(nameof(stderr));
        var context = new CliContext(stdout, stderr, environment ?? CliEnvironment.FromProcess());
        try
        {
            var root = CreateRootCommand(context);
            // No response files: a model named '@x.sg' is a model, not a list of arguments.
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Action is ParseErrorAction)
            {
                if (args.Length == 0)
                {
                    WriteUsage(root, stderr);
                    return ExitCodes.Usage;
                }
                foreach (var message in UsageErrors(root, parse)) context.Error(message);
                stderr.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            if (e.HasMessage) context.Error(e.Message);
            return e.ExitCode;
        }
        catch (OutOfMemoryException e) // InsufficientMemoryException too: the input is too large for this machine, not a bug
        {
            context.Error($"not enough memory ({e.Message.TrimEnd('.')}): the model, its values or the code generated for it are too large for this machine");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            stderr.WriteLine("symgraph: internal error (a bug in symgraph; please report it with the model): " + e);
            return ExitCodes.InternalError;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>The tool's version, from its assembly (<c>0.1.0</c>).</summary>
    public static string Version
    {
        get
        {
            var assembly = typeof(Cli).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(informational)) return assembly.GetName().Version?.ToString() ?? "0.0.0";
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational.Substring(0, plus);
        }
    }

    private static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "symgraph: a symbol-to-symbol differentiation compiler for .sg model files. Compiles models to C# or " +
            "assemblies, evaluates them and their derivatives, checks derivatives against finite differences, " +
            "prints graphs, measures compiled code, trains models on CSV data and predicts with them.\n\n" +
            "Exit codes: 0 success; 1 invalid input (model or values errors, missing files) or a failed check; " +
            "2 usage error; 3 internal error; 130 training interrupted (Ctrl-C).");
        root.HelpName = "symgraph"; // also under a test host, whose executable has another name
        foreach (var option in root.Options)
            if (option is VersionOption version) version.Action = new PrintVersion();
        root.Add(CompileCommand.Create(context));
        root.Add(EvalCommand.Create(context));
        root.Add(CheckCommand.Create(context));
        root.Add(GraphCommand.Create(context));
        root.Add(BenchCommand.Create(context));
        root.Add(TrainCommand.Create(context));
        root.Add(PredictCommand.Create(context));
        return root;
    }

    /// <summary>
    /// <c>unknown command 'compil'; did you mean 'compile'?</c> when the first argument is neither a
    /// command nor an option; System.CommandLine would add "Required command was not provided." and an
    /// error for every later argument.
    /// </summary>
    private static string? UnknownCommand(RootCommand root, ParseResult parse)
    {
        if (parse.CommandResult.Command is not RootCommand || parse.Tokens.Count == 0) return null;
        var first = parse.Tokens[0];
        if (first.Type == System.CommandLine.Parsing.TokenType.Command || first.Value.StartsWith('-')) return null;
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        string? suggestion = SymGraph.Model.Suggestions.ClosestOrPrefix(first.Value, names);
        return suggestion is null
            ? $"unknown command '{first.Value}'; the commands are {string.Join(", ", names)}"
            : $"unknown command '{first.Value}'; did you mean '{suggestion}'?";
    }

    /// <summary><c>symgraph</c> alone: the commands, one line each, and where to read more.</summary>
    private static void WriteUsage(RootCommand root, TextWriter writer)
    {
        writer.WriteLine("Usage: symgraph <command> MODEL.sg [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        int width = root.Subcommands.Max(c => c.Name.Length);
        foreach (var command in root.Subcommands) writer.WriteLine($"  {command.Name.PadRight(width)}  {command.Description}");
        writer.WriteLine();
        writer.WriteLine("Run 'symgraph --help' for more, 'symgraph <command> --help' for a command's options.");
    }

    /// <summary>
    /// One message per problem, in the tool's words. System.CommandLine reports every token it could not
    /// place (<c>--sed 3</c> is two errors, neither with a suggestion); the first one is reported here
    /// instead, an option with "did you mean", and its followers are taken to be its values.
    /// </summary>
    private static IEnumerable<string> UsageErrors(RootCommand root, ParseResult parse)
    {
        if (UnknownCommand(root, parse) is { } unknown)
        {
            yield return unknown;
            yield break;
        }
        var unmatched = parse.UnmatchedTokens;
        if (unmatched.Count > 0) yield return Unmatched(parse, unmatched[0]);
        foreach (var error in parse.Errors)
        {
            // the unmatched tokens' own errors, and at the root "Required command was not provided"
            if (error.SymbolResult is CommandResult c && unmatched.Count > 0
                && (c.Command is RootCommand || unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))) continue;
            yield return Reworded(parse, error);
        }
    }

    /// <summary><c>unknown option '--sed'; did you mean '--seed'?</c>, or an argument with no place.</summary>
    private static string Unmatched(ParseResult parse, string token)
    {
        if (!token.StartsWith('-') || token.Length < 2) return $"unexpected argument '{token}'";
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
            foreach (var option in result.Command.Options)
                if (result == parse.CommandResult || option.Recursive)
                    names.AddRange(new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        string? suggestion = SymGraph.Model.Suggestions.ClosestOrPrefix(token, names);
        return suggestion is null ? $"unknown option '{token}'" : $"unknown option '{token}'; did you mean '{suggestion}'?";
    }

    /// <summary>System.CommandLine's own messages, in the form of the tool's (<c>--seed: …</c>, lower case).</summary>
    private static string Reworded(ParseResult parse, ParseError error)
    {
        switch (error.SymbolResult)
        {
            case OptionResult { Implicit: false, Tokens.Count: 0 } o when o.Option.Arity.MinimumNumberOfValues > 0:
                return $"{o.Option.Name}: expects a value ({o.Option.HelpName ?? "VALUE"})";
            case OptionResult o when o.Tokens.Count > 1 && o.Option.Arity.MaximumNumberOfValues == 1:
                return $"{o.Option.Name}: given {o.Tokens.Count} times; give it once";
            case ArgumentResult { Tokens.Count: 0 } a:
                return $"missing {a.Argument.Name}" + (a.Argument.Description is { Length: > 0 } d ? $": {char.ToLowerInvariant(d[0])}{d.Substring(1).TrimEnd('.')}" : "");
        }
        // "Option '--at' is required."
        foreach (var option in parse.CommandResult.Command.Options)
            if (option.Required && parse.GetResult(option) is not { Tokens.Count: > 0 } && error.Message.Contains($"'{option.Name}'", StringComparison.Ordinal))
                return $"missing option {option.Name} {option.HelpName}".TrimEnd();
        return error.Message;
    }

    private static string CommandPath(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        return command is RootCommand ? "symgraph" : "symgraph " + command.Name;
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }
}
