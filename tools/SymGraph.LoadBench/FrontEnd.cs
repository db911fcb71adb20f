using SymGraph.Model;

/// <summary>Runs the front end up to a phase (internals: the tool is a friend assembly of SymGraph).</summary>
internal static class FrontEnd
{
    public static string Run(string text, string file, string phase)
    {
        var diagnostics = new DiagnosticBag(file);
        switch (phase)
        {
            case "lex":
            {
                var lexer = new Lexer(text, diagnostics);
                long count = 1;
                while (lexer.Next().Kind != TokenKind.EndOfFile) count++;
                return $"{count:N0} tokens, {diagnostics.ToSortedList().Count + diagnostics.OmittedErrors:N0} errors";
            }
            case "parse":
            {
                var parser = new Parser(new Lexer(text, diagnostics), diagnostics);
                long count = 0;
                while (parser.NextStatement() is not null) count++;
                return $"{count:N0} statements, {diagnostics.ToSortedList().Count + diagnostics.OmittedErrors:N0} errors";
            }
            default:
            {
                var model = ModelCompiler.Compile(text, file);
                return $"{model.Graph.Nodes.Count:N0} nodes, {model.Diagnostics.Count + model.OmittedErrors:N0} errors";
            }
        }
    }
}
