using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SymGraph;

/// <summary>
/// The static shape of a node: a list of <see cref="Dim"/>s, outermost first (row-major). The empty
/// shape is a scalar. Shapes are immutable values.
/// </summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<Dim>
{
    private readonly Dim[] _dims;

    /// <summary>The shape of a scalar.</summary>
    public static readonly Shape Scalar = new Shape(Array.Empty<Dim>());

    /// <summary>Creates a shape from its dimensions.</summary>
    public Shape(params Dim[] dims) => _dims = (Dim[])dims.Clone();

    /// <summary>Creates a shape from its dimensions.</summary>
    public Shape(IEnumerable<Dim> dims) => _dims = dims.ToArray();

    /// <summary>Creates a static shape.</summary>
    public static Shape Of(params int[] sizes) => new Shape(sizes.Select(Dim.Of));

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <inheritdoc/>
    public int Count => _dims.Length;

    /// <summary>The dimension at <paramref name="axis"/>.</summary>
    public Dim this[int axis] => _dims[axis];

    /// <summary>True for the empty shape.</summary>
    public bool IsScalar => _dims.Length == 0;

    /// <summary>True when every dimension is static.</summary>
    public bool IsStatic
    {
        get
        {
            foreach (var d in _dims)
                if (!d.IsStatic) return false;
            return true;
        }
    }

    /// <summary>The number of elements; throws when a dimension is symbolic.</summary>
    public int ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in _dims) n *= d.Size;
            if (n > int.MaxValue) throw new InvalidOperationException($"Shape {this} has more than {int.MaxValue} elements.");
            return (int)n;
        }
    }

    /// <summary>
    /// A canonical form of the element count that works for symbolic shapes too: the product of the
    /// static sizes and the sorted list of symbols (so [batch,4] and [2,batch,2] compare equal).
    /// </summary>
    internal string SizeKey()
    {
        long n = 1;
        var symbols = new List<string>();
        foreach (var d in _dims)
        {
            if (d.IsStatic) n *= d.Size;
            else symbols.Add(d.Symbol!);
        }
        if (n == 0) return "0";
        symbols.Sort(StringComparer.Ordinal);
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "*" + string.Join("*", symbols);
    }

    /// <summary>Normalizes a possibly negative axis against this shape's rank.</summary>
    public int NormalizeAxis(int axis, string opName)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
            throw new ShapeException($"{opName}: axis {axis} is out of range for shape {this}");
        return a;
    }

    /// <summary>This shape without the dimension at <paramref name="axis"/>.</summary>
    public Shape RemoveAxis(int axis) => new Shape(_dims.Where((_, i) => i != axis));

    /// <summary>This shape with the dimension at <paramref name="axis"/> replaced by <paramref name="dim"/>.</summary>
    public Shape WithAxis(int axis, Dim dim) => new Shape(_dims.Select((d, i) => i == axis ? dim : d));

    /// <summary>The dimensions from <paramref name="start"/> on.</summary>
    public Shape Skip(int start) => new Shape(_dims.Skip(start));

    /// <summary>This shape followed by <paramref name="other"/>.</summary>
    public Shape Concat(Shape other) => new Shape(_dims.Concat(other._dims));

    /// <summary>
    /// The NumPy broadcast of two shapes: aligned at the right, equal dimensions stay, a static 1
    /// stretches. Returns <c>null</c> when they do not broadcast.
    /// </summary>
    public static Shape? TryBroadcast(Shape a, Shape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new Dim[rank];
        for (int i = 0; i < rank; i++)
        {
            int ia = a.Rank - rank + i, ib = b.Rank - rank + i;
            Dim? da = ia >= 0 ? a[ia] : (Dim?)null, db = ib >= 0 ? b[ib] : (Dim?)null;
            if (da is null) dims[i] = db!.Value;
            else if (db is null) dims[i] = da.Value;
            else if (da.Value == db.Value) dims[i] = da.Value;
            else if (da.Value.IsOne) dims[i] = db.Value;
            else if (db.Value.IsOne) dims[i] = da.Value;
            else return null;
        }
        return new Shape(dims);
    }

    /// <summary>True when this shape broadcasts to <paramref name="target"/> (NumPy rules, one direction).</summary>
    public bool BroadcastsTo(Shape target)
    {
        if (Rank > target.Rank) return false;
        int offset = target.Rank - Rank;
        for (int i = 0; i < Rank; i++)
            if (_dims[i] != target[i + offset] && !_dims[i].IsOne) return false;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._dims.Length != _dims.Length) return false;
        for (int i = 0; i < _dims.Length; i++)
            if (_dims[i] != other._dims[i]) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int h = 17;
        foreach (var d in _dims) h = unchecked(h * 31 + d.GetHashCode());
        return h;
    }

    /// <summary>Equality of shapes.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Inequality of shapes.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <inheritdoc/>
    public IEnumerator<Dim> GetEnumerator() => ((IEnumerable<Dim>)_dims).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _dims.GetEnumerator();

    /// <summary>The shape as written in listings and errors: <c>[batch,784]</c>, <c>[]</c> for a scalar.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < _dims.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(_dims[i].ToString());
        }
        return sb.Append(']').ToString();
    }
}
