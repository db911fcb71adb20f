namespace SymGraph.Generators;

/// <summary>
/// The generator's own diagnostic codes, beside the front end's (SG01xx–SG04xx) and the model
/// diagnostics (SG05xx) it reports at the <c>.sg</c> file's line and column. SG07xx are C# constructs
/// outside the <c>[Differentiable]</c> subset, at the construct; SG08xx are about the build itself.
/// Codes are stable.
/// </summary>
internal static class GeneratorCodes
{
    /// <summary>SG0701: a statement the subset does not have.</summary>
    public const string UnsupportedStatement = "SG0701";

    /// <summary>SG0702: an expression the subset does not have.</summary>
    public const string UnsupportedExpression = "SG0702";

    /// <summary>SG0703: a method signature the generator cannot use (not static, not partial, a parameter or return type other than double, double[] or ReadOnlySpan&lt;double&gt;).</summary>
    public const string UnsupportedSignature = "SG0703";

    /// <summary>SG0704: a call of a method that is neither <c>Math.</c> one of the subset nor <c>[Differentiable]</c>.</summary>
    public const string UnsupportedCall = "SG0704";

    /// <summary>SG0705: a <c>for</c> loop outside the pattern (bounds, step, indexing, accumulation).</summary>
    public const string UnsupportedLoop = "SG0705";

    /// <summary>SG0706: an element read whose index is not a constant or the loop index plus a constant, or outside the array.</summary>
    public const string UnsupportedIndex = "SG0706";

    /// <summary>SG0707: <c>[Differentiable]</c> methods that call each other in a cycle.</summary>
    public const string RecursiveCall = "SG0707";

    /// <summary>SG0708: something the method asks for that is not generated yet (a Hessian over arrays of run-time length).</summary>
    public const string NotAvailable = "SG0708";

    /// <summary>SG0801: an item metadata value or a name the generator cannot use (class, namespace, Hessian form).</summary>
    public const string InvalidSetting = "SG0801";

    /// <summary>SG0802: a method asked of a model that is not generated yet (a sparse Hessian, a Hessian-vector product).</summary>
    public const string ModelNotAvailable = "SG0802";

    /// <summary>SG0803: two generated classes with the same name, or a model that yields no method.</summary>
    public const string Conflict = "SG0803";

    /// <summary>SG0899: an internal failure of the generator, reported instead of breaking the build.</summary>
    public const string InternalError = "SG0899";
}
