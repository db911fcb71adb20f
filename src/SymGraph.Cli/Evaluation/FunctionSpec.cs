using System.Collections.Generic;

namespace SymGraph.Cli;

/// <summary>One function a command evaluates or times: a name (<c>value</c>, <c>gradient</c>, <c>hessian</c>) and its result nodes.</summary>
internal sealed class FunctionSpec
{
    public FunctionSpec(string name, IReadOnlyList<Node> outputs)
    {
        Name = name;
        Outputs = outputs;
    }

    public string Name { get; }

    public IReadOnlyList<Node> Outputs { get; }
}
