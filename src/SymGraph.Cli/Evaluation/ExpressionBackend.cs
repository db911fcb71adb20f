using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Expressions;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>The Expression-tree backend: the simplified graph compiled to IL delegates (<see cref="ExpressionCompiler"/>).</summary>
internal sealed class ExpressionBackend : Backend
{
    public override string Name => "expr";

    protected override IReadOnlyList<PreparedFunction> PrepareUnique(IReadOnlyList<Node[]> outputs, IReadOnlyList<Node> arguments) =>
        // Simplified here, once: the compiler is told not to simplify again (a second pass over a
        // million-node graph cost as much as the first).
        outputs.Select(o => (PreparedFunction)new Function(
            ExpressionCompiler.Compile(Simplifier.Simplify(o), arguments, new ExpressionCompilerOptions { Simplify = false }), arguments)).ToArray();

    private sealed class Function : PreparedFunction
    {
        private readonly CompiledFunction<double> _compiled;
        private readonly IReadOnlyList<Node> _arguments;

        public Function(CompiledFunction<double> compiled, IReadOnlyList<Node> arguments)
        {
            _compiled = compiled;
            _arguments = arguments;
        }

        public override Tensor[] Evaluate(Point point)
        {
            var (args, dims, results, sizes) = Prepare(point);
            _compiled.Invoke(args, results, sizes);
            return ArrayCalls.Tensors(dims, results);
        }

        public override Action Bind(Point point)
        {
            var (args, _, results, sizes) = Prepare(point);
            return () => _compiled.Invoke(args, results, sizes);
        }

        private (double[][] Args, int[][] Dims, double[][] Results, int[] Sizes) Prepare(Point point)
        {
            var sizes = _compiled.Schedule.Symbols.Select(s => point.Sizes.TryGetValue(s, out var n)
                ? n
                : throw CliException.Invalid($"the size '{s}' is not bound by any value")).ToArray();
            var dims = ArrayCalls.ResultDims(_compiled.Outputs, point);
            return (ArrayCalls.Arguments(_arguments, point), dims, ArrayCalls.Results(dims), sizes);
        }
    }
}
