using System;
using System.Collections.Generic;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// The names declared in one C# scope (a method, with the class's members reserved): hands out
/// unique identifiers, escaping and disambiguating in declaration order (see <see cref="Identifiers"/>).
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string> reserved) => _taken = new HashSet<string>(reserved, StringComparer.Ordinal);

    /// <summary>
    /// Declares a name derived from <paramref name="desired"/> and returns its C# spelling. Under
    /// <paramref name="strict"/>, a name that would need escaping throws, naming <paramref name="what"/>.
    /// </summary>
    public string Declare(string desired, bool strict = false, string what = "A name")
    {
        string id = strict ? Identifiers.Validate(desired, what) : Identifiers.Escape(desired);
        string candidate = id;
        for (int k = 2; !_taken.Add(candidate); k++)
        {
            string suffix = "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (id.Length + suffix.Length > Identifiers.MaxLength ? id.Substring(0, Identifiers.MaxLength - suffix.Length) : id) + suffix;
        }
        return Identifiers.Format(candidate);
    }

    /// <summary>Marks <paramref name="name"/> as used (a fixed name the emitter writes itself).</summary>
    public void Reserve(string name) => _taken.Add(name);
}
