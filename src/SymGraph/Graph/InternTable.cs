using System.Collections.Generic;

namespace SymGraph;

/// <summary>
/// The intern table of a <see cref="Graph"/>: an open-addressed hash set of node ids, keyed by op (by
/// value) and inputs (by identity) as <see cref="NodeKey"/> is, but looked up from the op and the
/// inputs themselves, so finding an existing node allocates nothing. Two ints per slot (the id and the
/// hash, so a probe rarely touches a node), at most three quarters full: 11 to 21 bytes per node, where
/// a dictionary entry with its key took 40 to 88.
/// </summary>
internal sealed class InternTable
{
    // Node id + 1 (0: empty) and hash side by side, so a probe reads one cache line.
    private Slot[] _slots = new Slot[64];
    private int _count;

    private struct Slot
    {
        public int Id1;
        public int Hash;
    }

    /// <summary>The hash of an op applied to inputs, given as an array or as a and b (NodeKey's formula).</summary>
    public static int Hash(Op op, Node[]? array, Node? a, Node? b, int arity)
    {
        int h = op.GetHashCode();
        if (array is not null)
        {
            foreach (var n in array) h = unchecked(h * 486187739 + n.Id);
            return h;
        }
        h = unchecked(h * 486187739 + a!.Id);
        if (arity == 2) h = unchecked(h * 486187739 + b!.Id);
        return h;
    }

    /// <summary>The node of <paramref name="nodes"/> with this op and these inputs, or null.</summary>
    public Node? Find(List<Node> nodes, Op op, int hash, Node[]? array, Node? a, Node? b, int arity)
    {
        int mask = _slots.Length - 1;
        for (int i = SlotOf(hash, mask); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot.Id1 == 0) return null;
            if (slot.Hash != hash) continue;
            var n = nodes[slot.Id1 - 1];
            if (Matches(n, op, array, a, b, arity)) return n;
        }
    }

    /// <summary>The scalar constant of this type whose value has these bits, or null (no op is built to look).</summary>
    public Node? FindScalarConstant(List<Node> nodes, long bits, DType dtype)
    {
        int hash = Ops.Constant.ScalarHash(bits); // a node without inputs hashes as its op
        int mask = _slots.Length - 1;
        for (int i = SlotOf(hash, mask); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot.Id1 == 0) return null;
            if (slot.Hash != hash) continue;
            var n = nodes[slot.Id1 - 1];
            if (n.Op is Ops.Constant c && c.IsScalar(bits, dtype)) return n;
        }
    }

    private static bool Matches(Node n, Op op, Node[]? array, Node? a, Node? b, int arity)
    {
        var inputs = n.InputArray;
        if (inputs.Length != arity || !n.Op.Equals(op)) return false;
        if (array is not null)
        {
            for (int i = 0; i < arity; i++)
                if (!ReferenceEquals(inputs[i], array[i])) return false;
            return true;
        }
        return ReferenceEquals(inputs[0], a) && (arity == 1 || ReferenceEquals(inputs[1], b));
    }

    /// <summary>Adds the node with id <paramref name="id"/> (not present yet).</summary>
    public void Add(List<Node> nodes, int id, int hash)
    {
        if (4 * (_count + 1) > 3 * _slots.Length) Grow();
        Insert(id, hash);
        _count++;
    }

    private void Insert(int id, int hash)
    {
        int mask = _slots.Length - 1;
        int i = SlotOf(hash, mask);
        while (_slots[i].Id1 != 0) i = (i + 1) & mask;
        _slots[i].Id1 = id + 1;
        _slots[i].Hash = hash;
    }

    // Hashes of nodes built one after another differ in their low bits by small steps (ids are
    // consecutive), which linear probing turns into long runs; mixing spreads them (lowbias32).
    private static int SlotOf(int hash, int mask)
    {
        uint h = (uint)hash;
        h ^= h >> 16;
        h *= 0x7feb352dU;
        h ^= h >> 15;
        h *= 0x846ca68bU;
        h ^= h >> 16;
        return (int)h & mask;
    }

    private void Grow()
    {
        var slots = _slots;
        _slots = new Slot[slots.Length * 2];
        foreach (var slot in slots)
            if (slot.Id1 != 0) Insert(slot.Id1 - 1, slot.Hash);
    }
}
