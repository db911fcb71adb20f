using System;

namespace SymGraph.Simplify;

/// <summary>
/// A named rewrite: given a node whose inputs are already simplified, returns an equivalent node or
/// <c>null</c> when the rule does not apply. Rules live in tables, one table per <see cref="RulePass"/>,
/// with their algebra and IEEE hazards in a comment at the rule.
/// </summary>
public sealed class Rule
{
    private readonly Func<Node, SimplifyContext, Node?> _rewrite;

    private Rule(string name, RuleKind kind, bool mayGrow, Func<Node, SimplifyContext, Node?> rewrite)
    {
        Name = name;
        Kind = kind;
        MayGrow = mayGrow;
        _rewrite = rewrite;
    }

    /// <summary>The rule's name, by effect (<c>mul-by-one</c>); shown in traces and accepted by <see cref="SimplifyOptions.DisabledRules"/>.</summary>
    public string Name { get; }

    /// <summary>What the rule preserves.</summary>
    public RuleKind Kind { get; }

    /// <summary>
    /// True for the few rules allowed to add nodes (a stable form that needs more operations). Every other
    /// rewrite is priced by the driver and skipped when it would add more nodes than it frees.
    /// </summary>
    public bool MayGrow { get; }

    internal static Rule Create(string name, RuleKind kind, Func<Node, SimplifyContext, Node?> rewrite) =>
        new Rule(name, kind, false, rewrite);

    internal static Rule Growing(string name, RuleKind kind, Func<Node, SimplifyContext, Node?> rewrite) =>
        new Rule(name, kind, true, rewrite);

    internal Node? Apply(Node node, SimplifyContext context) => _rewrite(node, context);

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
