using System;
using SymGraph.Ops;

namespace SymGraph.Codegen;

/// <summary>
/// What both array entry points — <c>CompiledFunction&lt;T&gt;.Invoke</c> and the generated
/// <c>Invoke{Name}</c> — check and say: the argument and result counts, null arrays, and lengths, with
/// one wording. The generated C# carries the same sentences as helper text (see
/// <c>CSharp.Helpers</c>); a test compares the two backends' messages for the same bad calls.
/// </summary>
internal static class EntryPointChecks
{
    /// <summary>How an array is named in messages: <c>'X' f64[batch,4]</c>.</summary>
    public static string Describe(Node node) => Describe(node.Op is Leaf leaf ? leaf.LeafName : node.Name ?? "%" + node.Id, node.DType, node.Shape.ToString());

    /// <summary>How an array is named in messages, from its parts.</summary>
    public static string Describe(string name, DType dtype, string shape) => $"'{name}' {dtype.ShortName()}{shape}";

    /// <summary>A count mismatch: <c>Expected 6 arguments, got 5.</c></summary>
    public static ArgumentException Count(string what, int expected, int actual) =>
        new($"Expected {expected} {what}s, got {actual}.", what + "s");

    /// <summary>A null array: <c>The argument array 2 ('W1' f64[4,8]) is null.</c></summary>
    public static ArgumentNullException Null(string what, int index, string description) =>
        new(what + "s", $"The {what} array {index} ({description}) is null.");

    /// <summary>A wrong length: <c>The argument array 2 ('W1' f64[4,8]) has 31 elements; expected 32.</c></summary>
    public static ArgumentException Length(string what, int index, string description, long actual, long expected) =>
        new($"The {what} array {index} ({description}) has {actual} elements; expected {expected}.", what + "s");

    /// <summary>A length that no size fits: <c>The argument array 0 ('X' f64[batch,4]) has 7 elements; expected a multiple of 4.</c></summary>
    public static ArgumentException NotAMultiple(int index, string description, long actual, long multiple) =>
        new($"The argument array {index} ({description}) has {actual} elements; expected a multiple of {multiple}.", "arguments");
}
