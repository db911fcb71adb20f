namespace SymGraph.Cli;

/// <summary>The exit codes of <c>symgraph</c>.</summary>
public static class ExitCodes
{
    /// <summary>0: the command did what was asked (and a check passed).</summary>
    public const int Success = 0;

    /// <summary>1: invalid input (a model or values file with errors, a missing file, an unusable request for this model), or a failed check.</summary>
    public const int Failure = 1;

    /// <summary>2: a usage error: an unknown command or option, a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>3: an internal error, a bug in symgraph (the message says so and carries the stack trace).</summary>
    public const int InternalError = 3;

    /// <summary>130: <c>train</c> was interrupted (Ctrl-C) and stopped after its current step, keeping the last complete checkpoint (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
