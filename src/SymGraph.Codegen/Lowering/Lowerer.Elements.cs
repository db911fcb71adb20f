using System;
using System.Collections.Generic;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

// Tensors in locals (see Promotion): each element is a value — a local, a literal, or another
// local's value — looked up by (tensor, element) wherever the tensor is read.
internal sealed partial class Lowerer
{
    private HashSet<Node> _promoted = new();
    private readonly Dictionary<(Node node, int element), ValueExpr> _elements = new();
    private readonly Dictionary<(Node node, int element), Var> _elementVars = new();

    private bool IsPromoted(Node n) => _promoted.Contains(Schedule.Root(n));

    /// <summary>Element <paramref name="k"/> (row-major) of tensor <paramref name="n"/>, at a constant index.</summary>
    private ValueExpr At(Node n, int k)
    {
        if (n.Op is Slice && _schedule.StorageOf(n).Kind == StorageKind.Virtual && IsPromoted(n.Inputs[0]))
            return At(n.Inputs[0], Schedule.SliceElement(n, k));
        if (IsPromoted(n))
            return _elements.TryGetValue((Schedule.Root(n), k), out var value)
                ? value
                : throw new InvalidOperationException($"Element {k} of {n} is read before it is written.");
        return Element(n, IntExpr.Const(k));
    }

    /// <summary>Writes element <paramref name="k"/> of tensor <paramref name="n"/>: a new local when it lives in locals.</summary>
    private void WriteElement(Node n, int k, ValueExpr value)
    {
        if (!IsPromoted(n))
        {
            Emit(new Store(ArrayOf(n), IntExpr.Const(k), value));
            return;
        }
        if (value is Literal or Read)
        {
            // A literal or another local, never assigned again: the element is another name for it.
            AliasElement(n, k, value);
            return;
        }
        var local = ElementVar(Schedule.Root(n), k);
        Emit(new Declare(local, value));
        _elements[(Schedule.Root(n), k)] = new Read(local);
    }

    /// <summary>Makes element <paramref name="k"/> of <paramref name="n"/> (in locals) another name for <paramref name="value"/>.</summary>
    private void AliasElement(Node n, int k, ValueExpr value)
    {
        if (value is Read { Var: var v }) v.Slot = -1; // the element outlives the slot's other values
        _elements[(Schedule.Root(n), k)] = value;
    }

    /// <summary>The local for element <paramref name="k"/> of <paramref name="n"/> (<c>h_3</c>).</summary>
    private Var ElementVar(Node n, int k)
    {
        if (!_elementVars.TryGetValue((n, k), out var v))
            _elementVars[(n, k)] = v = NewVar(BaseName(n) + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), VarKind.Element);
        return v;
    }

    /// <summary>
    /// The name element locals of <paramref name="n"/> are derived from: its own, else that of a
    /// reshape of it (<c>z = W @ x</c> names the reshape of the [4,1] product), else its variable's.
    /// </summary>
    private string BaseName(Node n)
    {
        if (n.Name is not null) return n.Name;
        foreach (var step in _schedule.Steps)
            if (step is KernelStep { Node: var alias } && IsAlias(alias) && alias.Name is not null && ReferenceEquals(Schedule.Root(alias), n))
                return alias.Name;
        return _vars.TryGetValue(n, out var v) ? v.Name : "t" + n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
