namespace SymGraph.Codegen.CSharp;

/// <summary>What the C# emitter does with a parameter or result name that is not a valid identifier as written.</summary>
public enum IdentifierPolicy
{
    /// <summary>Escape it deterministically (<c>dloss/dW1</c> becomes <c>dloss_dW1</c>; see <see cref="Identifiers"/>).</summary>
    Escape,

    /// <summary>Reject it with an <see cref="System.ArgumentException"/> (keywords are still accepted and emitted with <c>@</c>).</summary>
    Strict,
}
