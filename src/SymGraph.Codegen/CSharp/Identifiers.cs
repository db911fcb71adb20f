using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SymGraph.Codegen.CSharp;

/// <summary>
/// The one place where names from user input (leaf and node names, output names, symbolic sizes,
/// class and namespace names, comments) become C# text. No input can inject code.
/// </summary>
/// <remarks>
/// <para>The policy:</para>
/// <list type="number">
/// <item><description>A valid name is a C# identifier as written: a letter (any Unicode letter
/// category, or a letter number) or <c>_</c>, followed by letters, decimal digits, combining marks
/// and <c>_</c>, at most <see cref="MaxLength"/> characters. Formatting characters (bidirectional
/// overrides, zero-width joiners), other connector punctuation, characters outside the Basic
/// Multilingual Plane and <c>@</c> are not allowed: they are invisible, not accepted by the
/// compiler, or the verbatim-identifier marker.</description></item>
/// <item><description>C# keywords are valid names and are emitted with the <c>@</c> prefix
/// (<c>class</c> becomes <c>@class</c>), as are the contextual keywords that could be read as
/// syntax in some position.</description></item>
/// <item><description>Escaping (<see cref="IdentifierPolicy.Escape"/>, the default) maps every
/// character that is not allowed to <c>_</c> (a surrogate pair to one <c>_</c>), prefixes <c>_</c> when
/// the name would start with a digit or mark, and truncates past <see cref="MaxLength"/>:
/// <c>dloss/dW1</c> becomes <c>dloss_dW1</c>, <c>@x</c> becomes <c>_x</c>. Under
/// <see cref="IdentifierPolicy.Strict"/> a parameter or result name that needs this is an
/// <see cref="ArgumentException"/> instead. Local names taken from node names are always escaped
/// (they are not API). Empty names are always an error.</description></item>
/// <item><description>Collisions after escaping, with each other or with the names the emitter
/// itself uses (helpers, buffers, loop indices), are resolved deterministically: in declaration
/// order (parameters, results, then nodes in schedule order), the first keeps the name and the
/// next get <c>_2</c>, <c>_3</c>, ... (<c>a-b</c> and <c>a_b</c> give <c>a_b</c> and
/// <c>a_b_2</c>).</description></item>
/// <item><description>Class, namespace and method names are never escaped: an invalid one is an
/// <see cref="ArgumentException"/> that says why.</description></item>
/// <item><description>Free text (the header's source description, node names shown in comments,
/// summaries) goes only into <c>//</c> and <c>///</c> comments, with line terminators, control and
/// formatting characters written as <c>\uXXXX</c> (so nothing ends a comment early) and, in
/// documentation comments, XML special characters escaped.</description></item>
/// </list>
/// </remarks>
public static class Identifiers
{
    /// <summary>The longest identifier emitted (the C# compiler accepts 512).</summary>
    public const int MaxLength = 200;

    // The reserved keywords of C# (ECMA-334 §6.4.4 and later versions).
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    // Contextual keywords outside accessors (get, set, init, add, remove, value are left alone): they are
    // identifiers in every position the emitter uses, but read as syntax to a person or in some newer
    // language position (nameof(x) is emitted), so they get '@' too; it is always legal.
    private static readonly HashSet<string> Contextual = new(StringComparer.Ordinal)
    {
        "alias", "allows", "and", "ascending", "async", "await", "by", "descending", "dynamic", "equals", "extension",
        "field", "file", "from", "global", "group", "into", "join", "let", "managed", "nameof", "nint", "not",
        "notnull", "nuint", "on", "or", "orderby", "partial", "record", "required", "scoped", "select", "unmanaged",
        "var", "when", "where", "with", "yield",
    };

    /// <summary>True for the reserved keywords of C# (<c>class</c>, <c>double</c>, ...).</summary>
    public static bool IsKeyword(string name) => name is not null && Keywords.Contains(name);

    /// <summary>
    /// True when <paramref name="name"/> is allowed as written (see the policy in the remarks);
    /// keywords are allowed (they are emitted with <c>@</c>).
    /// </summary>
    public static bool IsValid(string name) => name is not null && Problem(name) is null;

    /// <summary>
    /// Returns <paramref name="name"/> when it is valid as written; otherwise throws an
    /// <see cref="ArgumentException"/> that names <paramref name="what"/> and says what is wrong.
    /// </summary>
    public static string Validate(string name, string what)
    {
        if (name is null) throw new ArgumentNullException(nameof(name), $"{what} is null.");
        var problem = Problem(name);
        if (problem is not null)
            throw new ArgumentException($"{what} {Quote(name)} is not a valid C# identifier: {problem}.", nameof(name));
        return name;
    }

    /// <summary>
    /// Maps <paramref name="name"/> to a valid name deterministically (see the policy in the
    /// remarks): disallowed characters become <c>_</c>, a leading digit gets a <c>_</c> prefix, long
    /// names are truncated. Throws for an empty name.
    /// </summary>
    public static string Escape(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        if (name.Length == 0) throw new ArgumentException("An identifier cannot be empty.", nameof(name));
        var sb = new StringBuilder(name.Length + 1);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsSurrogatePair(name, i)) i++;
            sb.Append(IsPart(c) ? c : '_');
        }
        if (!IsStart(sb[0])) sb.Insert(0, '_');
        if (sb.Length > MaxLength) sb.Length = MaxLength;
        return sb.ToString();
    }

    /// <summary>The C# spelling of a valid name: with <c>@</c> when it is a keyword.</summary>
    public static string Format(string name) =>
        Keywords.Contains(name) || Contextual.Contains(name) ? "@" + name : name;

    /// <summary>Why <paramref name="name"/> is not allowed, or null when it is.</summary>
    private static string? Problem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i == 0 ? IsStart(c) : IsPart(c)) continue;
            if (i == 0 && IsPart(c)) return $"it starts with {Describe(c)}";
            return $"{Describe(c)} at position {i} is not a letter, digit or underscore";
        }
        return null;
    }

    private static string Describe(char c) =>
        c == '@' ? "'@' (write the name without it; keywords are escaped automatically)"
        : char.IsControl(c) || char.IsWhiteSpace(c) || IsUnsafeInComment(c) || char.IsSurrogate(c)
            ? $"U+{(int)c:X4}"
            : $"'{c}' (U+{(int)c:X4})";

    private static bool IsStart(char c) => c == '_' || IsLetter(c);

    private static bool IsPart(char c)
    {
        if (c == '_' || IsLetter(c)) return true;
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
                return true;
            default:
                return false;
        }
    }

    private static bool IsLetter(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
                return true;
            default:
                return false;
        }
    }

    // ---- free text ---------------------------------------------------------------------------------

    /// <summary>
    /// Text safe inside a <c>//</c> comment: one line, with line terminators, control and formatting
    /// characters (and lone surrogates) written as <c>\uXXXX</c>.
    /// </summary>
    public static string CommentText(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            if (IsUnsafeInComment(c) || char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Text safe inside a <c>///</c> documentation comment: <see cref="CommentText"/>, XML-escaped.</summary>
    public static string XmlText(string text) =>
        CommentText(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>A name quoted for an error message (control characters made visible).</summary>
    internal static string Quote(string name) => "'" + CommentText(name) + "'";

    // Line terminators (CR, LF, NEL, LS, PS), other control characters, and formatting characters
    // such as bidirectional overrides, which can make source read differently from how it compiles.
    private static bool IsUnsafeInComment(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return true;
            default:
                return false;
        }
    }
}
