using System;
using System.IO;

namespace SymGraph.Model;

/// <summary>
/// The front end of the <c>.sg</c> model-definition language: text in, <see cref="CompiledModel"/> out.
/// <code>
/// # a two-layer perceptron
/// input  x[batch, 784]
/// input  y[batch, 10]
/// param  W1[784, 256], b1[256]
/// param  W2[256, 10], b2[10]
/// h    = relu(x @ W1 + b1)
/// z    = h @ W2 + b2
/// loss = mean(cross_entropy_logits(z, y)) + 1e-4 * (sum(W1^2) + sum(W2^2))
/// minimize loss            # gradient w.r.t. every param
/// </code>
/// Phases, run statement by statement as the parser asks the lexer for tokens: the lexer makes tokens,
/// the parser a statement's syntax tree (recovering at each line end, so every broken line is
/// reported), the binder a graph (resolving names and functions, building nodes
/// inside <see cref="Graph.At"/> scopes so each node carries its origin and each shape error its
/// location). Nothing recurses on the length of an expression; nesting of brackets is capped at
/// <see cref="MaxNesting"/>.
/// </summary>
/// <remarks>
/// <para><b>Statements</b>, one per line (<c>#</c> starts a comment): <c>input NAME[dims], …</c> and
/// <c>param NAME[dims], …</c> declare leaves (no brackets: a scalar; a dimension is an integer or a
/// symbolic size name such as <c>batch</c>); <c>NAME = expr</c> defines a value (once; values must be
/// defined before they are used); <c>minimize NAME [wrt a, b]</c> names the scalar cost and what to
/// differentiate it with respect to (default: every <c>param</c>, in declaration order);
/// <c>output a, b</c> adds outputs. <c>minimize</c> and <c>output</c> may stand anywhere. The words
/// <c>input</c>, <c>param</c>, <c>minimize</c>, <c>output</c> and <c>wrt</c> are keywords only where
/// a statement needs them (<c>output = 1</c> is an assignment).</para>
/// <para><b>Operators</b>, tightest first: calls, <c>x[i]</c> and <c>x[start:stop]</c> (integer
/// literals, negative from the end; the leading axis); <c>^</c> (right-associative,
/// <c>2^3^2 = 512</c>; <c>x^2</c> with the literal 2 builds <see cref="Sym.Square"/>, other exponents
/// <see cref="Sym.Pow(Node, Node)"/>); unary <c>-</c> (<c>-x^2 = -(x^2)</c>; <c>-3</c> is the constant −3);
/// <c>@</c> (NumPy matmul); <c>* /</c>; <c>+ -</c>; comparisons <c>&lt; &lt;= &gt; &gt;= == !=</c>
/// giving 0 or 1, non-associative (<c>a &lt; b &lt; c</c> is SG0106). Element-wise operators broadcast.
/// A symbolic size name used as a value stands for its bound size (<c>sum(l) / batch</c>).</para>
/// <para><b>Functions</b> (arguments by position or by name, <c>softmax(z, axis: 1)</c>): <c>exp log
/// sqrt abs sign sin cos tan tanh sigmoid relu softplus square</c>(x); <c>maximum</c>/<c>minimum</c>(a, b);
/// <c>where</c>(condition, a, b); <c>sum</c>/<c>mean</c>/<c>max</c>(x, axis?) over every axis when
/// omitted; <c>softmax</c>/<c>log_softmax</c>/<c>logsumexp</c>(x, axis?) over the last axis when
/// omitted; <c>cross_entropy</c>(p, y) and <c>cross_entropy_logits</c>(z, y) per row;
/// <c>transpose</c>(x); <c>reshape</c>(x, [dims]).</para>
/// <para><b>Diagnostics</b> use the codes of <see cref="DiagnosticCode"/>. The parser recovers at each
/// line end, and a value whose definition failed is silently unusable afterwards, so each mistake is
/// reported once.</para>
/// </remarks>
public static class ModelCompiler
{
    /// <summary>The deepest nesting of parentheses, brackets and calls an expression may have (SG0105 beyond).</summary>
    public const int MaxNesting = 256;

    /// <summary>
    /// The most diagnostics kept per file: the earliest by position. The rest are counted in
    /// <see cref="CompiledModel.OmittedErrors"/> and <see cref="CompiledModel.OmittedWarnings"/>, so
    /// a file of garbage cannot cost unbounded memory or output.
    /// </summary>
    public const int MaxDiagnostics = 100;

    /// <summary>
    /// Compiles model text. Never throws on bad input: every problem becomes a diagnostic with a
    /// location in <paramref name="fileName"/> (see <see cref="CompiledModel.Diagnostics"/>).
    /// </summary>
    /// <param name="text">The contents of the <c>.sg</c> file.</param>
    /// <param name="fileName">The name diagnostics and node origins use, as the user wrote it.</param>
    public static CompiledModel Compile(string text, string fileName = "model.sg")
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        return Compile(new Lexer(text, new DiagnosticBag(fileName)));
    }

    /// <summary>
    /// Compiles the model text <paramref name="reader"/> reads, holding only a block of it at a time (a
    /// <see cref="string"/> of a file takes two bytes a character). Never throws on bad input: every
    /// problem becomes a diagnostic with a location in <paramref name="fileName"/>.
    /// </summary>
    /// <param name="reader">The contents of the <c>.sg</c> file; read to the end, not disposed.</param>
    /// <param name="fileName">The name diagnostics and node origins use, as the user wrote it.</param>
    public static CompiledModel Compile(TextReader reader, string fileName = "model.sg")
    {
        if (reader is null) throw new ArgumentNullException(nameof(reader));
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        return Compile(new Lexer(reader, new DiagnosticBag(fileName)));
    }

    private static CompiledModel Compile(Lexer lexer)
    {
        var diagnostics = lexer.Diagnostics;
        string fileName = diagnostics.File;
        var parser = new Parser(lexer, diagnostics);
        var binder = new Binder(fileName, diagnostics);
        TextSpan? minimizeAt = null;
        // Statement by statement: the syntax of a bound statement is garbage, so memory does not grow
        // with the file's tokens or syntax (only with what the model defines).
        while (parser.NextStatement() is { } statement)
        {
            // The first minimize statement is the one bound (a second is SG0214).
            if (statement is MinimizeStatement { Keyword.Span: var span } && minimizeAt is null) minimizeAt = span;
            binder.BindStatement(statement);
        }
        var model = binder.Finish();
        if (minimizeAt is { } at) model.MinimizeLocation = new SourceLocation(fileName, at.Line, at.Column);
        model.OmittedErrors = diagnostics.OmittedErrors;
        model.OmittedWarnings = diagnostics.OmittedWarnings;
        return model;
    }
}
