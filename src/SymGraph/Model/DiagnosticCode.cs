namespace SymGraph.Model;

/// <summary>
/// The catalog of diagnostic codes. Codes are stable: a code keeps its meaning forever, and a
/// retired code is never reused. SG01xx are lexical and syntax errors, SG02xx name and binding
/// errors, SG03xx shape errors, SG04xx errors in values files (<see cref="ModelValues"/>). The
/// wording of each message lives in one method of the internal <c>DiagnosticBag</c>.
/// </summary>
public static class DiagnosticCode
{
    // ---- SG01xx: lexical and syntax ------------------------------------------------------------

    /// <summary>SG0101: a character that cannot start any token (<c>unexpected character '$'</c>).</summary>
    public const string UnexpectedCharacter = "SG0101";

    /// <summary>SG0102: a malformed or out-of-range number (<c>invalid number '1e'</c>).</summary>
    public const string InvalidNumber = "SG0102";

    /// <summary>SG0103: a token other than the one the grammar needs (<c>expected ')', found end of line</c>).</summary>
    public const string UnexpectedToken = "SG0103";

    /// <summary>SG0104: an operand is missing (<c>expected an expression, found '*'</c>).</summary>
    public const string ExpectedExpression = "SG0104";

    /// <summary>SG0105: more nested parentheses, brackets and calls than <see cref="ModelCompiler.MaxNesting"/>.</summary>
    public const string NestedTooDeeply = "SG0105";

    /// <summary>SG0106: <c>a &lt; b &lt; c</c>; comparisons do not chain.</summary>
    public const string ChainedComparison = "SG0106";

    /// <summary>SG0107: a line that starts no statement (<c>expected a statement, found '+'</c>).</summary>
    public const string ExpectedStatement = "SG0107";

    /// <summary>SG0108: a declared dimension that is not a non-negative 32-bit integer or a size name.</summary>
    public const string InvalidDimension = "SG0108";

    /// <summary>
    /// SG0109: a file that is not text: it has a NUL byte or bytes that are not UTF-8 (a binary file, or
    /// the wrong file). Found when the file is read, before lexing, and reported once for the file.
    /// </summary>
    public const string NotText = "SG0109";

    // ---- SG02xx: names and binding -------------------------------------------------------------

    /// <summary>SG0201: a name that is not defined, with a "did you mean" suggestion when one is close.</summary>
    public const string UndefinedName = "SG0201";

    /// <summary>SG0202: a name used on a line before the line that defines it.</summary>
    public const string UsedBeforeDefinition = "SG0202";

    /// <summary>SG0203: a name defined twice (assigned twice, declared twice, or assigned after its declaration).</summary>
    public const string Redefinition = "SG0203";

    /// <summary>SG0204: an input or parameter declared again with different dimensions.</summary>
    public const string DimensionConflict = "SG0204";

    /// <summary>SG0205: a call of a function that does not exist, with a suggestion when one is close.</summary>
    public const string UnknownFunction = "SG0205";

    /// <summary>SG0206: more arguments than the function has parameters.</summary>
    public const string TooManyArguments = "SG0206";

    /// <summary>SG0207: a named argument that matches no parameter.</summary>
    public const string UnknownNamedArgument = "SG0207";

    /// <summary>SG0208: a parameter given twice (by position and by name, or by name twice).</summary>
    public const string DuplicateArgument = "SG0208";

    /// <summary>SG0209: a positional argument after a named one.</summary>
    public const string PositionalAfterNamed = "SG0209";

    /// <summary>SG0210: a required parameter left without an argument.</summary>
    public const string MissingArgument = "SG0210";

    /// <summary>SG0211: an axis, index or slice bound that is not an integer literal.</summary>
    public const string ExpectedIntegerLiteral = "SG0211";

    /// <summary>SG0212: a shape argument that is not a dimension list such as <c>[batch, 10]</c>.</summary>
    public const string ExpectedDimensionList = "SG0212";

    /// <summary>SG0213: a dimension list used as a value.</summary>
    public const string ListNotAValue = "SG0213";

    /// <summary>SG0214: a second <c>minimize</c> statement.</summary>
    public const string DuplicateMinimize = "SG0214";

    /// <summary>SG0215: a <c>wrt</c> name that is not an input or a parameter.</summary>
    public const string WrtNotALeaf = "SG0215";

    /// <summary>SG0216: a name listed twice after <c>wrt</c>.</summary>
    public const string DuplicateWrt = "SG0216";

    /// <summary>SG0217 (warning): <c>minimize</c> in a model without parameters and without <c>wrt</c>.</summary>
    public const string NothingToDifferentiate = "SG0217";

    /// <summary>SG0218 (warning): the same name listed as an output twice.</summary>
    public const string DuplicateOutput = "SG0218";

    /// <summary>SG0219: a call of a name that is a value, not a function.</summary>
    public const string NotAFunction = "SG0219";

    /// <summary>SG0220: a function name used as a value.</summary>
    public const string FunctionUsedAsValue = "SG0220";

    /// <summary>SG0221: a dimension list entry that is negative other than one <c>-1</c> (<c>reshape(x, [-1, -1])</c>).</summary>
    public const string InvalidListedDimension = "SG0221";

    /// <summary>SG0222: an axis-order argument that is not a list of integer literals (<c>transpose(x, 1)</c>).</summary>
    public const string ExpectedAxisList = "SG0222";

    // ---- SG03xx: shapes ------------------------------------------------------------------------

    /// <summary>SG0301: an operation whose operands' shapes do not fit (<c>matmul: cannot multiply [128,784] by [256,10]</c>).</summary>
    public const string ShapeMismatch = "SG0301";

    /// <summary>SG0302: a <c>minimize</c> target that is not a scalar.</summary>
    public const string CostNotScalar = "SG0302";

    /// <summary>SG0303: an operation the graph builder rejected for another reason than shapes.</summary>
    public const string BuildFailed = "SG0303";

    /// <summary>SG0304: a declared or computed value with more than <see cref="int.MaxValue"/> elements (no tensor holds that many).</summary>
    public const string TooManyElements = "SG0304";

    // ---- SG04xx: values files ------------------------------------------------------------------

    /// <summary>SG0401: the values file is not valid JSON.</summary>
    public const string InvalidJson = "SG0401";

    /// <summary>SG0402: the values file is not a JSON object of names to values.</summary>
    public const string ValuesNotAnObject = "SG0402";

    /// <summary>SG0403: an input or parameter without a value.</summary>
    public const string MissingValue = "SG0403";

    /// <summary>SG0404: a value for a name that is not an input or parameter, with a suggestion.</summary>
    public const string UnknownValueName = "SG0404";

    /// <summary>SG0405: a name given twice.</summary>
    public const string DuplicateValue = "SG0405";

    /// <summary>SG0406: something other than a number or a nested array of numbers.</summary>
    public const string NotNumeric = "SG0406";

    /// <summary>SG0407: nested arrays whose rows differ in length or depth.</summary>
    public const string RaggedArray = "SG0407";

    /// <summary>SG0408: a value whose shape differs from the declaration.</summary>
    public const string ValueShapeMismatch = "SG0408";

    /// <summary>SG0409: a symbolic size bound to two different numbers by two values.</summary>
    public const string SizeConflict = "SG0409";

    /// <summary>SG0410: a JSON number too large for float64 (<c>1e400</c>); infinities are written <c>"Infinity"</c>.</summary>
    public const string NumberOutOfRange = "SG0410";
}
