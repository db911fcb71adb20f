using System.Collections.Generic;

namespace SymGraph.Simplify;

/// <summary>
/// A pass that is a table of named <see cref="Rule"/>s, run by the bottom-up rewriter: each node, once
/// its inputs are simplified, is offered to the rules in table order until none applies.
/// </summary>
public abstract class RulePass : Pass
{
    private protected RulePass(string name, IReadOnlyList<Rule> rules) : base(name) => Rules = rules;

    /// <summary>The rules, in the order they are tried.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    internal override Node[] Run(IReadOnlyList<Node> outputs, SimplifyContext context)
    {
        context.CurrentPass = Name;
        return Rewriter.Run(outputs, this, context);
    }
}
