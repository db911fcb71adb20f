namespace SymGraph.Simplify;

/// <summary>One rewrite: which rule of which pass replaced which node by which.</summary>
public sealed class RewriteEvent
{
    internal RewriteEvent(string pass, Rule rule, Node before, Node after)
    {
        Pass = pass;
        Rule = rule;
        Before = before;
        After = after;
    }

    /// <summary>The pass that ran the rule.</summary>
    public string Pass { get; }

    /// <summary>The rule.</summary>
    public Rule Rule { get; }

    /// <summary>The node that matched (inputs already simplified).</summary>
    public Node Before { get; }

    /// <summary>Its replacement.</summary>
    public Node After { get; }

    /// <summary><c>mul-by-one: %7:f64[] = mul %3 %5  ->  %3</c>.</summary>
    public override string ToString() => $"{Rule.Name}: {TextPrinter.Line(Before)}  ->  {(After.Id < Before.Id ? After.ToString() : TextPrinter.Line(After))}";
}
