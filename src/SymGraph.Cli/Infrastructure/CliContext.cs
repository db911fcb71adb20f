using System.Collections.Generic;
using System.IO;
using Spectre.Console;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// One run of the tool: its writers (results on standard output, messages on standard error), its
/// environment, and, when standard output is a terminal, a Spectre.Console console over it.
/// </summary>
internal sealed class CliContext
{
    private IAnsiConsole? _console;

    public CliContext(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        Out = stdout;
        Err = stderr;
        Environment = environment;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public CliEnvironment Environment { get; }

    public bool IsTerminal => Environment.IsTerminal;

    /// <summary>A Spectre console writing to <see cref="Out"/>, for tables and colour (terminals only).</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    /// <summary>A path as the user wrote it, made absolute against the working directory.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Environment.WorkingDirectory);

    /// <summary>
    /// Prints the diagnostics of one model or values file to standard error in MSBuild's format: at most
    /// <see cref="ModelCompiler.MaxDiagnostics"/>, then one line counting the rest (those here beyond the
    /// limit plus <paramref name="omittedErrors"/> and <paramref name="omittedWarnings"/> the front end only counted).
    /// </summary>
    public void Report(IEnumerable<Diagnostic> diagnostics, int omittedErrors = 0, int omittedWarnings = 0)
    {
        int printed = 0;
        string? file = null;
        foreach (var d in diagnostics)
        {
            file ??= d.Location.File;
            if (printed < ModelCompiler.MaxDiagnostics)
            {
                Err.WriteLine(d.ToString());
                printed++;
            }
            else if (d.IsError) omittedErrors++;
            else omittedWarnings++;
        }
        if (omittedErrors + omittedWarnings == 0) return;
        string errors = omittedErrors == 1 ? "1 more error" : $"{TextFormat.Integer(omittedErrors)} more errors";
        string warnings = omittedWarnings == 1 ? "1 more warning" : $"{TextFormat.Integer(omittedWarnings)} more warnings";
        string what = omittedWarnings == 0 ? errors : omittedErrors == 0 ? warnings : errors + " and " + warnings;
        Err.WriteLine($"{file}: {what} not shown");
    }

    /// <summary>Prints <c>symgraph: error: …</c> to standard error.</summary>
    public void Error(string message) => Err.WriteLine("symgraph: error: " + message);

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Environment.TerminalWidth;
        return console;
    }
}
