using System.Text;
using SymGraph.Model;

namespace SymGraph.Tests;

/// <summary>
/// Helpers for model-language tests. Sources are annotated minsk-style, with ⟦ ⟧ (not [ ], which the
/// language uses) marking the span each expected diagnostic points at, in order of position.
/// </summary>
internal static class ModelTestUtil
{
    public const string FileName = "model.sg";

    public static CompiledModel Compile(string text) => ModelCompiler.Compile(text, FileName);

    /// <summary>Compiles and fails with the diagnostics listed when there are any.</summary>
    public static CompiledModel CompileClean(string text)
    {
        var model = Compile(text);
        Assert.True(model.Diagnostics.Count == 0, "unexpected diagnostics:\n" + string.Join("\n", model.Diagnostics));
        return model;
    }

    /// <summary>Strips ⟦ ⟧ markers and returns the text and the marked spans (line, column, length).</summary>
    public static (string Text, List<(int Line, int Column, int Length)> Spans) Annotated(string annotated)
    {
        var text = new StringBuilder();
        var spans = new List<(int, int, int)>();
        int line = 1, column = 1, startLine = 0, startColumn = 0;
        foreach (char c in annotated)
        {
            if (c == '⟦')
            {
                startLine = line;
                startColumn = column;
                continue;
            }
            if (c == '⟧')
            {
                Assert.Equal(startLine, line);
                spans.Add((startLine, startColumn, column - startColumn));
                continue;
            }
            text.Append(c);
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (text.ToString(), spans);
    }

    /// <summary>
    /// Compiles the annotated source and asserts its diagnostics, one per marked span, each given as
    /// "SG0201: message".
    /// </summary>
    public static CompiledModel AssertDiagnostics(string annotated, params string[] expected)
    {
        var (text, spans) = Annotated(annotated);
        Assert.Equal(expected.Length, spans.Count);
        var model = Compile(text);
        var actual = model.Diagnostics;
        Assert.True(actual.Count == expected.Length,
            $"expected {expected.Length} diagnostics, got {actual.Count}:\n" + string.Join("\n", actual));
        for (int i = 0; i < expected.Length; i++)
        {
            var d = actual[i];
            Assert.Equal(expected[i], $"{d.Code}: {d.Message}");
            Assert.Equal(FileName, d.Location.File);
            Assert.True((spans[i].Line, spans[i].Column, spans[i].Length) == (d.Location.Line, d.Location.Column, d.Length),
                $"{d}: expected at ({spans[i].Line},{spans[i].Column}) length {spans[i].Length}, got ({d.Location.Line},{d.Location.Column}) length {d.Length}");
        }
        return model;
    }

    /// <summary>Evaluates a named value of a model without inputs.</summary>
    public static Tensor Eval(CompiledModel model, string name, Dictionary<string, Tensor>? values = null) =>
        Interpreter.Evaluate(model.Find(name) ?? throw new ArgumentException($"no value '{name}'"), values ?? new Dictionary<string, Tensor>());

    /// <summary>A fully parenthesized rendering of a syntax tree (recursive: tests use small trees).</summary>
    internal static string Show(ExpressionSyntax e) => e switch
    {
        NumberExpression n => n.Token.Text,
        NameExpression n => n.Identifier.Text,
        UnaryExpression u => $"({u.Operator.Text}{Show(u.Operand)})",
        BinaryExpression b => $"({Show(b.Left)} {b.Operator.Text} {Show(b.Right)})",
        ParenthesizedExpression p => Show(p.Inner),
        CallExpression c => $"{c.Name.Text}({string.Join(", ", c.Arguments.Select(a => (a.Name is null ? "" : a.Name.Text + ": ") + Show(a.Value)))})",
        SubscriptExpression s => $"{Show(s.Target)}[{string.Join(", ", s.Subscripts.Select(Show))}]",
        ListExpression l => $"[{string.Join(", ", l.Elements.Select(Show))}]",
        _ => throw new ArgumentException(e.GetType().Name),
    };

    private static string Show(SubscriptSyntax s) =>
        s.IsIndex ? Show(s.Start!) : $"{(s.Start is null ? "" : Show(s.Start))}:{(s.Stop is null ? "" : Show(s.Stop))}";

    internal static (ModelSyntax Syntax, List<Diagnostic> Diagnostics) Parse(string text)
    {
        var bag = new DiagnosticBag(FileName);
        var syntax = new Parser(new Lexer(text, bag), bag).ParseModel();
        return (syntax, bag.ToSortedList());
    }

    /// <summary>The parenthesized form of the expression in <c>r = …</c>.</summary>
    internal static string ParseExpression(string expression)
    {
        var (syntax, diagnostics) = Parse("r = " + expression);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        return Show(Assert.IsType<AssignmentStatement>(Assert.Single(syntax.Statements)).Expression);
    }
}
