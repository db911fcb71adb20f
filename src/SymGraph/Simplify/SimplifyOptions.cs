using System;
using System.Collections.Generic;

namespace SymGraph.Simplify;

/// <summary>Settings of <see cref="Simplifier"/> and of the passes run one at a time.</summary>
public sealed class SimplifyOptions
{
    /// <summary>
    /// Allows <see cref="RuleKind.FastMath"/> rules: <c>x + 0 → x</c> regardless of signed zeros,
    /// <c>x − x → 0</c> (wrong when x is ±∞ or NaN), <c>x · 0 → 0</c> where x is known finite, and
    /// reassociation of constant factors. Off by default.
    /// </summary>
    public bool FastMath { get; set; }

    /// <summary>
    /// Runs only <see cref="RuleKind.Exact"/> rules, so the simplified graph computes bit-for-bit what
    /// the original computes (no stable rewrites, no correctly rounded replacements). Off by default.
    /// </summary>
    public bool ExactOnly { get; set; }

    /// <summary>
    /// Lets the value-range analysis assume that inputs and parameters hold finite numbers (no NaN,
    /// no ±∞). Rules guarded by finiteness (<c>x − x → 0</c>, <c>x · 0 → 0</c>) then fire on leaves.
    /// Off by default.
    /// </summary>
    public bool AssumeFiniteInputs { get; set; }

    /// <summary>
    /// The largest number of elements constant folding materializes into a constant tensor. Uniform
    /// values (<c>broadcast(const c)</c>) are folded at any size and stay a broadcast of a scalar.
    /// </summary>
    public int MaxFoldedElements { get; set; } = 4096;

    /// <summary>The most pipeline rounds <see cref="Simplifier"/> runs while looking for a fixed point.</summary>
    public int MaxIterations { get; set; } = 32;

    /// <summary>Names of rules not to run (<c>"pow-two"</c>).</summary>
    public ISet<string> DisabledRules { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The passes of one pipeline round, in order; <c>null</c> for <see cref="Simplifier.DefaultPasses"/>.
    /// Passes here must return nodes of the graph they are given (so not <see cref="EliminateDeadNodes"/>,
    /// which belongs at the end: see <see cref="CopyToFreshGraph"/>).
    /// </summary>
    public IReadOnlyList<Pass>? Passes { get; set; }

    /// <summary>When set, every rewrite is recorded here (rule, before, after).</summary>
    public RewriteTrace? Trace { get; set; }

    /// <summary>
    /// Copies the simplified graph's reachable nodes into a fresh <see cref="Graph"/> at the end (see
    /// <see cref="EliminateDeadNodes"/>), so the result's graph holds no dead nodes. Off by default: the
    /// results are then nodes of the input graph.
    /// </summary>
    public bool CopyToFreshGraph { get; set; }

    internal void Validate()
    {
        if (MaxFoldedElements < 0) throw new ArgumentOutOfRangeException(nameof(MaxFoldedElements), MaxFoldedElements, "Must not be negative.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "Must be at least 1.");
    }
}
