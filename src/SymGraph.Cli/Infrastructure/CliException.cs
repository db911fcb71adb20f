using System;

namespace SymGraph.Cli;

/// <summary>
/// Ends a command with an exit code. When <see cref="Exception.Message"/> is set it is printed to
/// standard error as <c>symgraph: error: …</c>; otherwise the problem was already reported (model
/// diagnostics, for instance).
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string? message = null)
        : base(message ?? "")
    {
        ExitCode = exitCode;
        HasMessage = message is not null;
    }

    public int ExitCode { get; }

    public bool HasMessage { get; }

    /// <summary>Invalid input (exit code 1) with a message.</summary>
    public static CliException Invalid(string message) => new(ExitCodes.Failure, message);

    /// <summary>A usage error (exit code 2) with a message.</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>An exception's message without the <c> (Parameter 'x')</c> that <see cref="ArgumentException"/> appends.</summary>
    public static string MessageOf(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message.Substring(0, message.Length - suffix.Length);
        }
        return message;
    }

    /// <summary>Invalid input that has already been reported.</summary>
    public static CliException Reported() => new(ExitCodes.Failure);
}
