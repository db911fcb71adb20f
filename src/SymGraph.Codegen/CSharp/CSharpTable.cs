using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// A table of ints written into the generated class as <c>public static readonly int[] Name = { … };</c>
/// with its summary: static data a method's callers need (a sparse Hessian's row pointers and column indices).
/// </summary>
public sealed class CSharpTable
{
    /// <summary>Creates a table. <paramref name="name"/> must be a valid C# identifier that is not a keyword.</summary>
    public CSharpTable(string name, IEnumerable<int> values, string summary)
    {
        Identifiers.Validate(name, "The table name");
        if (Identifiers.Format(name) != name) throw new ArgumentException($"The table name '{name}' is a C# keyword.", nameof(name));
        Name = name;
        Values = values?.ToArray() ?? throw new ArgumentNullException(nameof(values));
        Summary = summary ?? throw new ArgumentNullException(nameof(summary));
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>The entries.</summary>
    public IReadOnlyList<int> Values { get; }

    /// <summary>The field's documentation summary (sanitized when written).</summary>
    public string Summary { get; }
}
