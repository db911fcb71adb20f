using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.CSharp;
using SymGraph.Simplify;

namespace SymGraph.Cli;

/// <summary>The C# source backend: the simplified graph emitted as C# and compiled in memory by Roslyn, all functions in one class.</summary>
internal sealed class CSharpBackend : Backend
{
    public override string Name => "cs";

    protected override IReadOnlyList<PreparedFunction> PrepareUnique(IReadOnlyList<Node[]> outputs, IReadOnlyList<Node> arguments)
    {
        var functions = outputs.Select((o, i) => new CSharpFunction(
            "F" + i.ToString(CultureInfo.InvariantCulture),
            arguments,
            Simplifier.Simplify(o).Select((node, j) => CSharpOutput.Of(node, "r" + j.ToString(CultureInfo.InvariantCulture))))).ToArray();
        var source = CSharpEmitter.Emit(functions, new CSharpEmitterOptions { ClassName = "SymGraphCliModel", Namespace = "SymGraph.Cli.Generated", Simplify = false }); // simplified above
        var compiled = CSharpCompiler.Compile(source);
        return functions.Select(f => (PreparedFunction)new Function(compiled.EntryPoint<double>(f.Name), f)).ToArray();
    }

    private sealed class Function : PreparedFunction
    {
        private readonly ArrayEntryPoint<double> _entry;
        private readonly CSharpFunction _function;

        public Function(ArrayEntryPoint<double> entry, CSharpFunction function)
        {
            _entry = entry;
            _function = function;
        }

        public override Tensor[] Evaluate(Point point)
        {
            var (args, dims, results) = Prepare(point);
            _entry(args, results);
            return ArrayCalls.Tensors(dims, results);
        }

        public override Action Bind(Point point)
        {
            var (args, _, results) = Prepare(point);
            return () => _entry(args, results);
        }

        private (double[][] Args, int[][] Dims, double[][] Results) Prepare(Point point)
        {
            var dims = ArrayCalls.ResultDims(_function.Outputs.Select(o => o.Elements[0]).ToArray(), point);
            return (ArrayCalls.Arguments(_function.Arguments, point), dims, ArrayCalls.Results(dims));
        }
    }
}
