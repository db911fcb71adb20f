using System;

namespace SymGraph;

/// <summary>Errors for branches that are impossible when the library is correct (Roslyn's "unexpected value").</summary>
internal static class Unexpected
{
    public static InvalidOperationException Value(object? value) =>
        new InvalidOperationException($"Unexpected value '{value}' of type {value?.GetType().FullName ?? "null"}.");
}
