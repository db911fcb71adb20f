using System;

namespace SymGraph.Cli;

/// <summary>The process entry point of the <c>symgraph</c> tool; everything else is <see cref="Cli.Run"/>.</summary>
public static class Program
{
    /// <summary>Runs the tool on the process's arguments and console; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error, CliEnvironment.FromProcess());
}
