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

    private readonly Type[]? _roots;

    private Rule(string name, RuleKind kind, bool mayGrow, Type[]? roots, Func<Node, SimplifyContext, Node?> rewrite)
    {
        Name = name;
        Kind = kind;
        MayGrow = mayGrow;
        _roots = roots;
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
        new Rule(name, kind, false, null, rewrite);

    /// <summary>A rule that can only fire on nodes whose op is one of <paramref name="roots"/> (or derives from one).</summary>
    internal static Rule Create(string name, RuleKind kind, Type[] roots, Func<Node, SimplifyContext, Node?> rewrite) =>
        new Rule(name, kind, false, roots, rewrite);

    internal static Rule Growing(string name, RuleKind kind, Type[] roots, Func<Node, SimplifyContext, Node?> rewrite) =>
        new Rule(name, kind, true, roots, rewrite);

    /// <summary>
    /// The op classes a rule's pattern starts from: the driver offers a node only to the rules of its op,
    /// so a sweep does not call every rule of a table on every node. A rule must return null on any
    /// other op (the equivalence property tests compare with a driver that tries every rule).
    /// </summary>
    internal static Type[] On(params Type[] roots) => roots;

    /// <summary>True when the rule may fire on a node whose op has type <paramref name="op"/>.</summary>
    internal bool MayMatch(Type op)
    {
        if (_roots is null) return true;
        foreach (var r in _roots)
            if (r.IsAssignableFrom(op)) return true;
        return false;
    }

    internal Node? Apply(Node node, SimplifyContext context) => _rewrite(node, context);

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
