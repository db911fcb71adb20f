using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// The three ways <c>eval</c> and <c>bench</c> run a model: <c>interp</c>, the reference interpreter on
/// the graph as built; <c>expr</c>, the Expression-tree backend (IL delegates); <c>cs</c>, generated C#
/// compiled by Roslyn. Both compiled backends get the simplified graph.
/// </summary>
internal abstract class Backend
{
    /// <summary>The backend names, in the order <c>bench</c> runs them.</summary>
    public static readonly string[] Names = { "interp", "expr", "cs" };

    public abstract string Name { get; }

    /// <summary>Compiles (or prepares) every function at once: one Roslyn compilation for <c>cs</c>.</summary>
    public IReadOnlyList<PreparedFunction> Prepare(IReadOnlyList<FunctionSpec> functions, IReadOnlyList<Node> arguments)
    {
        // Backends see each result node once; duplicates (the cost also named as an output) are copied back.
        var unique = functions.Select(f => f.Outputs.Distinct().ToArray()).ToArray();
        var prepared = PrepareUnique(unique, arguments);
        return functions.Select((f, i) => (PreparedFunction)new Expanding(prepared[i], f.Outputs.Select(o => Array.IndexOf(unique[i], o)).ToArray())).ToArray();
    }

    protected abstract IReadOnlyList<PreparedFunction> PrepareUnique(IReadOnlyList<Node[]> outputs, IReadOnlyList<Node> arguments);

    public static Backend Create(string name) => name switch
    {
        "interp" => new InterpreterBackend(),
        "expr" => new ExpressionBackend(),
        "cs" => new CSharpBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    private sealed class Expanding : PreparedFunction
    {
        private readonly PreparedFunction _inner;
        private readonly int[] _map;

        public Expanding(PreparedFunction inner, int[] map)
        {
            _inner = inner;
            _map = map;
        }

        public override Tensor[] Evaluate(Point point)
        {
            var results = _inner.Evaluate(point);
            return _map.Select(i => results[i]).ToArray();
        }

        public override Action Bind(Point point) => _inner.Bind(point);
    }
}

/// <summary>A function ready to run on a <see cref="Point"/>.</summary>
internal abstract class PreparedFunction
{
    /// <summary>The results, one tensor per output node.</summary>
    public abstract Tensor[] Evaluate(Point point);

    /// <summary>
    /// A call with its arguments and result arrays prepared once, for timing: calling it again does
    /// only the work of the function (and whatever the backend allocates per call).
    /// </summary>
    public abstract Action Bind(Point point);
}
