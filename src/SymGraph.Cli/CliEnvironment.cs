using System;
using System.IO;

namespace SymGraph.Cli;

/// <summary>
/// What <see cref="Cli.Run"/> takes from its surroundings besides arguments and writers: where relative
/// paths start, which Graphviz executable to run, and whether standard output is a terminal (tables and
/// colour through Spectre.Console) or not (plain text). Tests set these instead of touching the process.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>The directory relative paths are resolved against. Default: the process's current directory.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The Graphviz <c>dot</c> executable: a name looked up on <c>PATH</c> or a path. Default <c>dot</c>, or <c>SYMGRAPH_DOT</c>.</summary>
    public string DotExecutable { get; init; } = "dot";

    /// <summary>True when standard output is an interactive terminal: results are drawn as tables, in colour.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>True when standard error is an interactive terminal: <c>train</c> shows a live progress display there instead of one line per epoch.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Cancelled to ask a long command (<c>train</c>) to stop after its current step, as Ctrl-C does. Default: never.</summary>
    public System.Threading.CancellationToken Interrupt { get; init; }

    /// <summary>The width tables are drawn for on a terminal.</summary>
    public int TerminalWidth { get; init; } = 120;

    /// <summary>The environment of this process: its current directory, <c>SYMGRAPH_DOT</c>, and whether the console is redirected (<c>NO_COLOR</c> turns colour off).</summary>
    public static CliEnvironment FromProcess()
    {
        bool terminal = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        int width = 120;
        if (terminal)
        {
            // Some pseudo-terminals report no size (0): keep the default then.
            try { width = Console.WindowWidth >= 40 ? Console.WindowWidth : 120; }
            catch (IOException) { }
        }
        var dot = Environment.GetEnvironmentVariable("SYMGRAPH_DOT");
        return new CliEnvironment
        {
            DotExecutable = string.IsNullOrEmpty(dot) ? "dot" : dot,
            IsTerminal = terminal,
            IsErrorTerminal = !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
            TerminalWidth = width,
        };
    }
}
