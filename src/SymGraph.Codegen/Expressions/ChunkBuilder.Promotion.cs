using System;
using System.Collections.Generic;
using System.Linq.Expressions;
using SymGraph.Codegen.Scheduling;
using SymGraph.Ops;

namespace SymGraph.Codegen.Expressions;

// Small tensors in locals, as in the C# backend (see CSharp/MethodWriter.Promotion.cs): a work tensor
// of a few static elements that every step can read and write element by element (written-out
// matmuls, loops of at most Schedule.PromotedTensorLimit elements, then unrolled, scalar reshapes,
// concats, copies to results) is one local per element. A step that asks for it as an array demotes
// it (Array calls RequireArray) and ExpressionCompiler builds the method again.
internal sealed partial class ChunkBuilder<T>
{
    // Past this many element locals in one method, nothing is kept in locals (unrolled fused loops
    // multiply them, and RyuJIT stops optimizing methods with too many locals).
    private const int ElementLocalLimit = 512;

    private readonly HashSet<Node> _promoted;
    private readonly Dictionary<(Node node, int element), Expression> _elements = new();
    private int _elementLocals;

    /// <summary>True when this build demoted a tensor: it must be built again.</summary>
    public bool Demoted { get; private set; }

    private bool IsPromoted(Node n) => _promoted.Contains(Schedule.Root(n));

    private void RequireArray(Node n)
    {
        if (_promoted.Remove(Schedule.Root(n))) Demoted = true;
    }

    /// <summary>Element <paramref name="k"/> (row-major) of tensor <paramref name="n"/>, at a constant index.</summary>
    private Expression At(Node n, int k)
    {
        if (n.Op is Slice && _schedule.StorageOf(n).Kind == StorageKind.Virtual && IsPromoted(n.Inputs[0]))
            return At(n.Inputs[0], Schedule.SliceElement(n, k));
        if (IsPromoted(n))
        {
            if (_elements.TryGetValue((Schedule.Root(n), k), out var value)) return value;
            // Only a build that is being thrown away reads an element it has not written.
            if (Demoted) return Constant(0.0);
            throw new InvalidOperationException($"Element {k} of {n} is read before it is written.");
        }
        return Element(n, Expression.Constant(k));
    }

    /// <summary>Writes element <paramref name="k"/> of <paramref name="n"/>: a local (or another name for a constant or local) when promoted.</summary>
    private void WriteElement(Node n, int k, Expression value)
    {
        if (!IsPromoted(n))
        {
            _body.Add(Expression.Assign(Expression.ArrayAccess(Array(n), Expression.Constant(k)), value));
            return;
        }
        if (IsStable(value))
        {
            AliasElement(n, k, value);
            return;
        }
        var local = ElementLocal(n.Id, k);
        _body.Add(Expression.Assign(local, value));
        _elements[(Schedule.Root(n), k)] = local;
    }

    /// <summary>Makes element <paramref name="k"/> of promoted <paramref name="n"/> another name for <paramref name="value"/>, which <see cref="IsStable"/>.</summary>
    private void AliasElement(Node n, int k, Expression value)
    {
        if (!IsStable(value)) throw new InvalidOperationException($"Element {k} of {n} cannot stand for a value that may change.");
        _elements[(Schedule.Root(n), k)] = value;
    }

    /// <summary>
    /// A constant, or a local assigned once (element locals, scalar arguments): an element can stand
    /// for it. Not a scalar slot: slots are reused once their value is dead, but an element lives on.
    /// </summary>
    private bool IsStable(Expression value) => value is ConstantExpression || (value is ParameterExpression p && _stable.Contains(p));

    private readonly HashSet<ParameterExpression> _stable = new();

    /// <summary>A new local for one element; past the limit, promotion is given up for this method.</summary>
    private ParameterExpression ElementLocal(int id, int k)
    {
        if (++_elementLocals > ElementLocalLimit && _promoted.Count > 0)
        {
            _promoted.Clear();
            Demoted = true;
        }
        var local = Local(Elem, "t" + id + "_" + k);
        _stable.Add(local);
        return local;
    }
}
