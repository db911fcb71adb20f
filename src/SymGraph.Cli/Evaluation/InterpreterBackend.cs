using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>
/// The reference interpreter, on the graph as built (it is the oracle: no simplification beyond the
/// stable forms every executor applies), prepared once per function and evaluated per call.
/// </summary>
internal sealed class InterpreterBackend : Backend
{
    public override string Name => "interp";

    protected override IReadOnlyList<PreparedFunction> PrepareUnique(IReadOnlyList<Node[]> outputs, IReadOnlyList<Node> arguments) =>
        outputs.Select(o => (PreparedFunction)new Function(o)).ToArray();

    private sealed class Function : PreparedFunction
    {
        private readonly Interpreter.PreparedEvaluation _prepared;

        public Function(Node[] outputs) => _prepared = Interpreter.Prepare(outputs);

        public override Tensor[] Evaluate(Point point) => _prepared.Evaluate(point.ByNode);

        public override Action Bind(Point point)
        {
            var values = point.ByNode;
            return () => _prepared.Evaluate(values);
        }
    }
}
