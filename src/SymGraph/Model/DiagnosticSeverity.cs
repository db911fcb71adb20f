namespace SymGraph.Model;

/// <summary>How serious a <see cref="Diagnostic"/> is. Any <see cref="Error"/> means the model must not be used.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The model is usable, but something is probably not what was meant.</summary>
    Warning,

    /// <summary>The model is invalid; tools must produce no output from it.</summary>
    Error,
}
