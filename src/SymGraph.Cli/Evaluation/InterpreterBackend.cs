using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>The reference interpreter, on the graph as built (it is the oracle: no simplification).</summary>
internal sealed class InterpreterBackend : Backend
{
    public override string Name => "interp";

    protected override IReadOnlyList<PreparedFunction> PrepareUnique(IReadOnlyList<Node[]> outputs, IReadOnlyList<Node> arguments) =>
        outputs.Select(o => (PreparedFunction)new Function(o)).ToArray();

    private sealed class Function : PreparedFunction
    {
        private readonly Node[] _outputs;

        public Function(Node[] outputs) => _outputs = outputs;

        public override Tensor[] Evaluate(Point point) => Interpreter.Evaluate(_outputs, point.ByNode);

        public override Action Bind(Point point)
        {
            var values = point.ByNode;
            return () => Interpreter.Evaluate(_outputs, values);
        }
    }
}
