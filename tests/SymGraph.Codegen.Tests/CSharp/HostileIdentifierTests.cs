using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;

namespace SymGraph.Tests;

/// <summary>
/// Names from user input cannot inject code: each hostile name either yields code that compiles and
/// computes what the interpreter computes, or a clear error; the emitted syntax never holds anything
/// but what the emitter writes itself.
/// </summary>
public class HostileIdentifierTests
{
    private const string Injected = "System.IO.File.Delete(\"a\");";

    public static TheoryData<string> HostileNames() => new()
    {
        // Code injection through every kind of line break and comment terminator.
        "x; " + Injected + " //",
        "x\n" + Injected,
        "x\r\n}} class Evil { static Evil() { " + Injected + " } }",
        "x\r" + Injected,
        "x\u2028" + Injected,
        "x\u2029" + Injected,
        "x\u0085" + Injected,
        "*/ " + Injected + " /*",
        "</summary><script>alert(1)</script><summary>",
        "#if false",
        "x /* c */ y",
        "\\u0041",
        "\"quoted\"",
        // Keywords, verbatim markers and contextual keywords.
        "class", "double", "return", "@class", "@x", "nameof", "var", "global", "value", "_", "__", "await", "yield",
        "record", "scoped", "file", "required", "field", "dynamic", "when", "and", "with", "nint", "unmanaged",
        // Names the emitter uses itself.
        "args", "results", "i", "f", "i0", "Sigmoid", "LengthError", "InferSize", "Buffer", "buffer0",
        "t_GradientBuffer0", "Value", "Gradient", "InvokeGradient", "Hostile", "System", "Math", "SymGraph", "global::System",
        // Unicode: letters (kept), digits, marks, formatting characters, surrogates (escaped).
        "θ", "résumé", "Δx", "重み", "ǅ", "ⅷ", "e\u0301", "x₁", "٣x", "\u202Eevil", "a\u200Db", "😀x", "\uD800", "\u0000",
        // Digits first, spaces, punctuation, very long.
        "1x", " ", "\t", "a-b", "a b", "dloss/dW1", "%3", "t1", "loss", new string('a', 1000),
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void HostileName_EverywhereANameGoes_CompilesUnchangedOrFailsClearly_NeverInjects(string name)
    {
        // The name as a parameter, a symbolic size, an intermediate node, the cost (so derivative names),
        // a result, a summary and the header's source.
        var g = new Graph();
        var p = g.Parameter(name, new Shape(Dim.Sym(name), 3));
        var q = g.Parameter(name == "q" ? "q2" : "q", Shape.Scalar);
        var h = Sym.Tanh(p * q).Named(name);
        var loss = Sym.Sum(Sym.Square(h)).Named(name);
        var functions = CSharpFunction.Derivatives(loss, new[] { p, q }, hessian: false).ToList();
        functions.Add(new CSharpFunction("Custom", new[] { p, q }, new[] { CSharpOutput.Of(loss, name, name), CSharpOutput.Of(h, name, name) }, summary: name));
        var source = CSharpEmitter.Emit(functions, new CSharpEmitterOptions { ClassName = "Hostile", Source = name });

        AssertOnlyEmitterCode(source);
        var compiled = CSharpCompiler.Compile(source);
        foreach (var f in source.Functions)
        {
            var values = CSharpHarness.RandomValues(f, new Random(1), new Dictionary<string, int> { [name] = 2 });
            CSharpHarness.AssertMatchesInterpreter(compiled, f.Name, values, Identifiers.CommentText(name));
        }
    }

    [Fact]
    public void NamesThatCollideAfterEscaping_AreNumberedInDeclarationOrder()
    {
        var g = new Graph();
        var leaves = new[] { "a-b", "a_b", "a b", "a_b_2" }.Select(n => g.Parameter(n, Shape.Scalar)).ToArray();
        var f = leaves.Aggregate((x, y) => x * y + Sym.Sin(y).Named("a_b")).Named("a.b");
        var source = CSharpEmitter.EmitDerivatives(f, leaves, new CSharpEmitterOptions { ClassName = "Collide" });
        Assert.Contains("public static double Value(double a_b, double a_b_2, double a_b_3, double a_b_2_2)", source.Text);
        var compiled = CSharpCompiler.Compile(source);
        var values = leaves.Select((l, i) => (l, v: Tensor.Scalar(0.3 + 0.2 * i))).ToDictionary(x => x.l, x => x.v);
        foreach (var fn in source.Functions) CSharpHarness.AssertMatchesInterpreter(compiled, fn.Name, values, "collide");
    }

    [Fact]
    public void KeywordsAndUnicodeLetters_KeptAsWritten()
    {
        var g = new Graph();
        var a = g.Parameter("class", Shape.Scalar);
        var b = g.Parameter("θ", Shape.Scalar);
        var c = g.Parameter("@x", Shape.Scalar);
        var f = (a * b * c).Named("résumé");
        var text = CSharpEmitter.Emit(new[] { new CSharpFunction("Value", new[] { a, b, c }, new[] { CSharpOutput.Of(f) }) }, new CSharpEmitterOptions { ClassName = "Names" }).Text;
        Assert.Contains("public static double Value(double @class, double θ, double _x)", text);
        Assert.Contains("<param name=\"class\">Parameter <c>class</c>", text);
        Assert.Contains("double résumé = ", text);
    }

    [Fact]
    public void StrictPolicy_RejectsNamesThatNeedEscaping_AcceptsKeywords()
    {
        var strict = new CSharpEmitterOptions { ClassName = "Strict", Identifiers = IdentifierPolicy.Strict };
        var g = new Graph();
        var bad = g.Parameter("a-b", Shape.Scalar);
        var e = Assert.Throws<ArgumentException>(() => CSharpEmitter.EmitDerivatives(Sym.Square(bad), new[] { bad }, strict));
        Assert.Contains("The parameter name 'a-b' is not a valid C# identifier: '-' (U+002D) at position 1 is not a letter, digit or underscore.", e.Message);

        var g2 = new Graph();
        var keyword = g2.Parameter("class", Shape.Scalar);
        Assert.Contains("double @class", CSharpEmitter.EmitDerivatives(Sym.Square(keyword), new[] { keyword }, strict).Text);

        var g3 = new Graph();
        var x = g3.Parameter("x", Shape.Scalar);
        e = Assert.Throws<ArgumentException>(() => CSharpEmitter.Emit(new[] { new CSharpFunction("F", new[] { x }, new[] { CSharpOutput.Of(x), CSharpOutput.Of(x, "d/dx") }) }, strict));
        Assert.Contains("The result name 'd/dx' is not a valid C# identifier", e.Message);
    }

    [Theory]
    [InlineData("Model { } class Evil", "U+0020 at position 5 is not a letter, digit or underscore")]
    [InlineData("", "it is empty")]
    [InlineData("class", "is a C# keyword")]
    [InlineData("model", "capitalize it")]
    [InlineData("1Model", "it starts with '1'")]
    [InlineData("@Model", "'@'")]
    [InlineData("Mo\ndel", "U+000A at position 2")]
    [InlineData("Value", "has the name of its class")]
    public void InvalidClassName_ClearError(string className, string expected)
    {
        var (z, w) = CSharpModels.SinChain();
        var e = Assert.Throws<ArgumentException>(() => CSharpEmitter.EmitDerivatives(z, new[] { w }, new CSharpEmitterOptions { ClassName = className }));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message.Split(" (Parameter")[0]);
    }

    [Theory]
    [InlineData("A..B", "it is empty")]
    [InlineData("A.class", "is a C# keyword")]
    [InlineData("A; using System.IO", "';' (U+003B) at position 1")]
    [InlineData("", "it is empty")]
    public void InvalidNamespace_ClearError(string ns, string expected)
    {
        var (z, w) = CSharpModels.SinChain();
        var e = Assert.Throws<ArgumentException>(() => CSharpEmitter.EmitDerivatives(z, new[] { w }, new CSharpEmitterOptions { Namespace = ns }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void InvalidFunctionAndEmptyResultNames_ClearErrors()
    {
        var g = new Graph();
        var x = g.Parameter("x", Shape.Scalar);
        var e = Assert.Throws<ArgumentException>(() => new CSharpFunction("Value(); Evil", new[] { x }, new[] { CSharpOutput.Of(x) }));
        Assert.Contains("The function name 'Value(); Evil' is not a valid C# identifier", e.Message);
        Assert.Throws<ArgumentException>(() => new CSharpFunction("return", new[] { x }, new[] { CSharpOutput.Of(x) }));
        Assert.Throws<ArgumentException>(() => new CSharpFunction("Buffer", new[] { x }, new[] { CSharpOutput.Of(x) }) is var f ? CSharpEmitter.Emit(new[] { f }) : null);
        e = Assert.Throws<ArgumentException>(() => CSharpOutput.Of(x, ""));
        Assert.Contains("cannot be empty", e.Message);
        Assert.Throws<ArgumentException>(() => Identifiers.Escape(""));
        Assert.Throws<ArgumentException>(() => g.Parameter("", Shape.Scalar));
    }

    /// <summary>
    /// The syntax holds only what the emitter writes: one namespace, one class, members with the
    /// emitter's names, calls to System.Math, System.Numerics.Vector (vector loops), the runtime kernels, System.Array, the helpers and the
    /// class's own methods, the helpers' string literals; comments are single lines; and the text
    /// without comments does not contain the injected call.
    /// </summary>
    internal static void AssertOnlyEmitterCode(CSharpSource source)
    {
        var tree = CSharpSyntaxTree.ParseText(source.Text, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose));
        var root = (CompilationUnitSyntax)tree.GetRoot();
        Assert.Empty(tree.GetDiagnostics());
        Assert.Empty(root.Usings);
        var ns = Assert.Single(root.Members.OfType<NamespaceDeclarationSyntax>());
        Assert.Single(root.Members);
        var cls = Assert.IsType<ClassDeclarationSyntax>(Assert.Single(ns.Members));
        Assert.Equal(source.ClassName, cls.Identifier.Text);
        Assert.Empty(root.DescendantNodes().OfType<UsingDirectiveSyntax>());

        var functionNames = source.Functions.SelectMany(f => new[] { f.Name, f.EntryPointName }).ToHashSet();
        var helpers = Helpers.Names.ToHashSet();
        foreach (var member in cls.Members)
        {
            string memberName = member switch
            {
                MethodDeclarationSyntax m => m.Identifier.Text,
                FieldDeclarationSyntax fd => Assert.Single(fd.Declaration.Variables).Identifier.Text,
                _ => throw new Xunit.Sdk.XunitException($"unexpected member {member.Kind()}"),
            };
            Assert.True(functionNames.Contains(memberName) || helpers.Contains(memberName) || memberName.StartsWith("s_constant") || memberName.StartsWith("t_"), $"unexpected member {memberName}");
        }
        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var target = call.Expression.ToString();
            bool allowed = target.StartsWith("global::System.Math.") || target.StartsWith("global::System.MathF.")
                || target.StartsWith("global::SymGraph.Runtime.Kernels.") || target is "global::System.Array.Copy" or "global::System.Array.Clear"
                || target == "nameof" || helpers.Contains(target) || functionNames.Contains(target)
                // vector loops: System.Numerics.Vector's functions, and a vector's CopyTo into an array
                || target.StartsWith("global::System.Numerics.Vector.") || target.EndsWith(".CopyTo");
            Assert.True(allowed, $"unexpected call {target}");
        }
        foreach (var creation in root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
            Assert.Contains(creation.Type.ToString(), new[] { "global::System.ArgumentException", "global::System.ArgumentNullException", "global::System.Numerics.Vector<double>", "global::System.Numerics.Vector<float>" });
        var literals = new[]
        {
            "Expected ", " elements, got ", ".", "Expected a multiple of ",                       // LengthError, InferSize
            " ", "s, got ", "s", "The ", " array ", " (", ") is null.", ") has ", " elements; expected ", // CountError, ArrayError
            "The argument array ", " elements; expected a multiple of ", "arguments",                     // EntrySize
            "argument", "result",
        };
        // The only other literals are the entry points' array descriptions ('name' f64[shape]), which
        // carry the user's names inside a string literal, escaped by Literals.String.
        foreach (var literal in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)))
            Assert.True(literals.Contains(literal.ValueText) || Regex.IsMatch(literal.ValueText, @"^'.*' f(64|32)\[.*\]$", RegexOptions.Singleline), $"unexpected literal {literal.Text}");
        foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
        {
            Assert.False(trivia.IsKind(SyntaxKind.MultiLineCommentTrivia), "multi-line comment");
            Assert.False(trivia.IsKind(SyntaxKind.DisabledTextTrivia), "disabled text");
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)) Assert.DoesNotContain('\n', trivia.ToFullString());
        }
        // The injected call is not in the code (comments aside), and none of its names is a token.
        var tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.StringLiteralToken)).Select(t => t.Text).ToList();
        Assert.DoesNotContain("File.Delete(", string.Concat(tokens));
        foreach (var word in new[] { "File", "Delete", "IO", "Evil", "script" }) Assert.DoesNotContain(word, tokens);
        // Every line of the file is a line the writer wrote: line terminators other than \n never appear.
        Assert.DoesNotContain('\r', source.Text);
        Assert.DoesNotContain('\u2028', source.Text);
        Assert.DoesNotContain('\u2029', source.Text);
        Assert.DoesNotContain('\u0085', source.Text);
    }
}
