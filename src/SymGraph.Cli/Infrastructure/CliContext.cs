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

    /// <summary>Prints model or values diagnostics to standard error in MSBuild's format.</summary>
    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Err.WriteLine(d.ToString());
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
