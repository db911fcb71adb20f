using System;
using System.Collections;
using System.Collections.Generic;

namespace SymGraph.Codegen.Scheduling;

/// <summary>
/// A map from nodes to values, held in an array indexed by <see cref="Node.Id"/> (a graph numbers its
/// nodes densely): scheduling and lowering look nodes up about ten times each, and a 10^6-step graph
/// spent most of its scheduling time hashing (and the collector most of its time on the dictionaries'
/// entries). Nodes of another graph than the first one added (never seen in practice, but allowed) go
/// to a dictionary. Enumeration is in insertion order, as a <see cref="Dictionary{TKey, TValue}"/>
/// without removals enumerates, so decisions that walk the map do not depend on node ids.
/// </summary>
internal sealed class NodeMap<T> : IEnumerable<KeyValuePair<Node, T>>
{
    private Graph? _graph;
    private T[] _values = Array.Empty<T>();
    private bool[] _has = Array.Empty<bool>();
    private readonly List<Node> _keys = new();
    private Dictionary<Node, T>? _foreign;

    /// <summary>The number of nodes mapped.</summary>
    public int Count => _keys.Count;

    /// <summary>The value of <paramref name="node"/>; throws when it has none.</summary>
    public T this[Node node]
    {
        get => TryGetValue(node, out var v) ? v : throw new KeyNotFoundException($"{node} is not in the map.");
        set => Set(node, value);
    }

    /// <summary>True when <paramref name="node"/> has a value.</summary>
    public bool ContainsKey(Node node) => TryGetValue(node, out _);

    /// <summary>The value of <paramref name="node"/>, if it has one.</summary>
    public bool TryGetValue(Node node, out T value)
    {
        if (ReferenceEquals(node.Graph, _graph))
        {
            int id = node.Id;
            if ((uint)id < (uint)_has.Length && _has[id])
            {
                value = _values[id];
                return true;
            }
        }
        else if (_foreign is not null && _foreign.TryGetValue(node, out value!)) return true;
        value = default!;
        return false;
    }

    private void Set(Node node, T value)
    {
        _graph ??= node.Graph;
        if (!ReferenceEquals(node.Graph, _graph))
        {
            _foreign ??= new Dictionary<Node, T>();
            if (!_foreign.ContainsKey(node)) _keys.Add(node);
            _foreign[node] = value;
            return;
        }
        int id = node.Id;
        if (id >= _has.Length)
        {
            int size = Math.Max(Math.Max(id + 1, 16), 2 * _has.Length);
            Array.Resize(ref _values, size);
            Array.Resize(ref _has, size);
        }
        if (!_has[id])
        {
            _keys.Add(node);
            _has[id] = true;
        }
        _values[id] = value;
    }

    /// <summary>The mapped nodes, in the order they were first added.</summary>
    public IReadOnlyList<Node> Keys => _keys;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<Node, T>> GetEnumerator()
    {
        foreach (var key in _keys)
        {
            TryGetValue(key, out var value);
            yield return new KeyValuePair<Node, T>(key, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
