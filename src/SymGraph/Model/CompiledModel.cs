using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>
/// A compiled <c>.sg</c> file: its graph, declared inputs and parameters, named values, the
/// <c>minimize</c> target with the nodes to differentiate it with respect to, extra outputs, and the
/// diagnostics. When <see cref="HasErrors"/> is true the rest holds whatever could be bound (for
/// tools that want to show it); nothing may be emitted or run from it.
/// </summary>
public sealed class CompiledModel
{
    private readonly Dictionary<string, Node> _values;

    internal CompiledModel(
        string fileName,
        Graph graph,
        IReadOnlyList<Node> inputs,
        IReadOnlyList<Node> parameters,
        IReadOnlyList<NamedNode> assignments,
        Dictionary<string, Node> values,
        NamedNode? cost,
        IReadOnlyList<Node> wrt,
        IReadOnlyList<NamedNode> outputs,
        IReadOnlyList<Diagnostic> diagnostics)
    {
        FileName = fileName;
        Graph = graph;
        Inputs = inputs;
        Parameters = parameters;
        Assignments = assignments;
        _values = values;
        Minimize = cost;
        Wrt = wrt;
        Outputs = outputs;
        Diagnostics = diagnostics;
    }

    /// <summary>The file name diagnostics and node origins refer to.</summary>
    public string FileName { get; }

    /// <summary>The graph every node of the model belongs to.</summary>
    public Graph Graph { get; }

    /// <summary>The <c>input</c> declarations, in declaration order.</summary>
    public IReadOnlyList<Node> Inputs { get; }

    /// <summary>The <c>param</c> declarations, in declaration order.</summary>
    public IReadOnlyList<Node> Parameters { get; }

    /// <summary>The assignments (<c>h = relu(...)</c>), in source order.</summary>
    public IReadOnlyList<NamedNode> Assignments { get; }

    /// <summary>Every name the model defines (inputs, parameters, assignments) and its node.</summary>
    public IReadOnlyDictionary<string, Node> Values => _values;

    /// <summary>The <c>minimize</c> target (a scalar), or <c>null</c> when the model has none.</summary>
    public NamedNode? Minimize { get; }

    /// <summary>Where the <c>minimize</c> statement starts (its keyword), for messages about the cost as a whole; <c>null</c> without one.</summary>
    public SourceLocation? MinimizeLocation { get; internal set; }

    /// <summary>The <c>minimize</c> target's node, or <c>null</c>.</summary>
    public Node? Cost => Minimize?.Node;

    /// <summary>
    /// What the cost is differentiated with respect to: the <c>wrt</c> list, or every parameter in
    /// declaration order. Empty without <c>minimize</c>.
    /// </summary>
    public IReadOnlyList<Node> Wrt { get; }

    /// <summary>The <c>output</c> statements' values, in source order.</summary>
    public IReadOnlyList<NamedNode> Outputs { get; }

    /// <summary>
    /// Errors and warnings, ordered by position; at most <see cref="ModelCompiler.MaxDiagnostics"/>, the
    /// earliest in the file. Empty for a clean file.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Errors found beyond the <see cref="ModelCompiler.MaxDiagnostics"/> kept in <see cref="Diagnostics"/>.</summary>
    public int OmittedErrors { get; internal set; }

    /// <summary>Warnings found beyond the <see cref="ModelCompiler.MaxDiagnostics"/> kept in <see cref="Diagnostics"/>.</summary>
    public int OmittedWarnings { get; internal set; }

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => OmittedErrors > 0 || Diagnostics.Any(d => d.IsError);

    /// <summary>The node a name stands for, or <c>null</c>.</summary>
    public Node? Find(string name) => _values.TryGetValue(name, out var node) ? node : null;

    /// <summary>
    /// The gradient of <see cref="Cost"/> with respect to each node of <see cref="Wrt"/> (appended to
    /// <see cref="Graph"/>; call once and keep the result).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has errors or no <c>minimize</c>.</exception>
    public Node[] Gradients()
    {
        if (HasErrors) throw new InvalidOperationException($"{FileName} has errors: {Diagnostics.First(d => d.IsError)}");
        if (Cost is null) throw new InvalidOperationException($"{FileName} has no 'minimize' statement.");
        return Autodiff.Grad(Cost, Wrt.ToArray());
    }
}
