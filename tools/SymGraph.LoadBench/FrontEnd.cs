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
            case "graph":
            {
                // The chain's graph built through the builder API, each node with an origin as the binder
                // gives it: what binding costs that is not the front end's.
                int lines = 0;
                foreach (char c in text) if (c == '\n') lines++;
                var graph = new SymGraph.Graph();
                var u = graph.Parameter("u0");
                var named = new List<SymGraph.Node>();
                for (int i = 1; i <= lines - 2; i++)
                {
                    SymGraph.Node sin, product;
                    using (graph.At(new SymGraph.SourceLocation(file, i + 1, 22))) sin = SymGraph.Sym.Sin(u);
                    using (graph.At(new SymGraph.SourceLocation(file, i + 1, 19))) product = 1e-6 * sin;
                    using (graph.At(new SymGraph.SourceLocation(file, i + 1, 12))) u = (u + product).Named("u" + i);
                    named.Add(u);
                }
                long live = GC.GetTotalMemory(forceFullCollection: true);
                GC.KeepAlive(text);
                GC.KeepAlive(named);
                return $"{graph.Nodes.Count:N0} nodes, {live / 1e6:F0} MB live after (text and graph)";
            }
            case "stream":
            {
                CompiledModel model;
                using (var reader = new StreamReader(file)) model = ModelCompiler.Compile(reader, file);
                long live = GC.GetTotalMemory(forceFullCollection: true); // the model
                return $"{model.Graph.Nodes.Count:N0} nodes, {model.Diagnostics.Count + model.OmittedErrors:N0} errors, {live / 1e6:F0} MB live after (model)";
            }
            default:
            {
                var model = ModelCompiler.Compile(text, file);
                long live = GC.GetTotalMemory(forceFullCollection: true); // the source text and the model
                GC.KeepAlive(text);
                return $"{model.Graph.Nodes.Count:N0} nodes, {model.Diagnostics.Count + model.OmittedErrors:N0} errors, {live / 1e6:F0} MB live after (text and model)";
            }
        }
    }
}
