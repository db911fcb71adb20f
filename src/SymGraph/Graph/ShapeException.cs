using System;

namespace SymGraph;

/// <summary>
/// A node could not be built because its inputs' shapes or element types do not fit the op. The
/// message names the op and the shapes; <see cref="Origin"/> is set for graphs from model files.
/// </summary>
public sealed class ShapeException : ArgumentException
{
    /// <summary>Creates the exception with a message that names the op and the shapes.</summary>
    public ShapeException(string message, SourceLocation? origin = null)
        : base(origin is null ? message : $"{origin}: {message}")
    {
        Detail = message;
        Origin = origin;
    }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    /// <summary>Where in a model file the offending expression was written, when known.</summary>
    public SourceLocation? Origin { get; }
}
