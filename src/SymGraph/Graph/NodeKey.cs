using System;

namespace SymGraph;

/// <summary>
/// The identity of a node for interning: the op (by value) and the inputs (by identity). Used by
/// <see cref="Graph"/> and by the simplifier's common-subexpression pass.
/// </summary>
internal readonly struct NodeKey : IEquatable<NodeKey>
{
    private readonly Op _op;
    private readonly Node[] _inputs;
    private readonly int _hash;

    public NodeKey(Op op, Node[] inputs)
    {
        _op = op;
        _inputs = inputs;
        int h = op.GetHashCode();
        foreach (var n in inputs) h = unchecked(h * 486187739 + n.Id);
        _hash = h;
    }

    public bool Equals(NodeKey other)
    {
        if (_hash != other._hash || _inputs.Length != other._inputs.Length || !_op.Equals(other._op)) return false;
        for (int i = 0; i < _inputs.Length; i++)
            if (!ReferenceEquals(_inputs[i], other._inputs[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is NodeKey k && Equals(k);

    public override int GetHashCode() => _hash;
}
