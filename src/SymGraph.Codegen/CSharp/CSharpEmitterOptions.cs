namespace SymGraph.Codegen.CSharp;

/// <summary>Options of the C# source backend.</summary>
public sealed class CSharpEmitterOptions
{
    /// <summary>The namespace of the generated class: dotted C# identifiers (validated, never escaped).</summary>
    public string Namespace { get; set; } = "SymGraph.Generated";

    /// <summary>
    /// Declare the class <c>internal</c> instead of <c>public</c> (the source generator's implementation
    /// classes, which the user's own methods call). Default false.
    /// </summary>
    public bool Internal { get; set; }

    /// <summary>The name of the generated static class (validated, never escaped).</summary>
    public string ClassName { get; set; } = "GeneratedModel";

    /// <summary>
    /// What the code was generated from, for the header comment (a model file name, a method name).
    /// Free text; it is sanitized. Never put a machine path or a time here: output must be reproducible.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// Simplify each function's results before scheduling (<see cref="SymGraph.Simplify.Simplifier"/> with its
    /// defaults: IEEE-exact and stabilizing rewrites only), as the Expression backend does by default.
    /// On by default.
    /// </summary>
    public bool Simplify { get; set; } = true;

    /// <summary>What to do with parameter and result names that are not valid identifiers as written.</summary>
    public IdentifierPolicy Identifiers { get; set; } = IdentifierPolicy.Escape;

    /// <summary>
    /// The most work (roughly: nodes) one generated method holds. A larger function is written as
    /// a public method that calls private parts of at most this size, passing scalars through a
    /// work array: RyuJIT compiles a method past about 60,000 bytes of IL or 2,000 locals without
    /// optimizing it. Default 1,000: half of <c>ExpressionCompilerOptions.MaxChunkWeight</c>, since
    /// here every node has its own local (the Expression backend reuses them by lifetime).
    /// </summary>
    public int MaxMethodWeight { get; set; } = 1000;

    /// <summary>
    /// Also emit, per function, <c>Invoke{Name}(T[][] args, T[][] results)</c>: every argument and
    /// result as an array (scalars in element 0), the convention of
    /// <c>CompiledFunction&lt;T&gt;.Invoke</c>. Needed to compile to delegates. Default true.
    /// </summary>
    public bool ArrayEntryPoints { get; set; } = true;

    /// <summary>
    /// Write element-wise loops and sums that can run in vectors as a <c>System.Numerics.Vector&lt;T&gt;</c>
    /// loop (as wide as the JIT makes <c>Vector&lt;T&gt;</c> on the running machine) followed by a
    /// scalar tail. The vector code calls <c>Vector.Exp</c>, <c>Vector.Create</c> and others that need
    /// .NET 9 or later: turn this off for code built for older targets. Default true.
    /// </summary>
    public bool Vectorize { get; set; } = true;
}
