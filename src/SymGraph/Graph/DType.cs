namespace SymGraph;

/// <summary>The element type of a node's values.</summary>
public enum DType
{
    /// <summary>IEEE 754 binary64 (<see cref="double"/>): the first-class type.</summary>
    Float64,

    /// <summary>IEEE 754 binary32 (<see cref="float"/>): supported for the machine-learning path.</summary>
    Float32,
}

/// <summary>Spellings of <see cref="DType"/> used by printers and error messages.</summary>
public static class DTypeExtensions
{
    /// <summary>The short name printed in listings: <c>f64</c> or <c>f32</c>.</summary>
    public static string ShortName(this DType type) => type switch
    {
        DType.Float64 => "f64",
        DType.Float32 => "f32",
        _ => throw Unexpected.Value(type),
    };
}
