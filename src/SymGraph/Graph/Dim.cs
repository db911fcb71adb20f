using System;

namespace SymGraph;

/// <summary>
/// One dimension of a <see cref="Shape"/>: either a static size (<c>784</c>) or a named symbolic size
/// (<c>batch</c>) that is bound when the graph is evaluated or called.
/// </summary>
public readonly struct Dim : IEquatable<Dim>
{
    private readonly int _size;

    private Dim(int size, string? symbol)
    {
        _size = size;
        Symbol = symbol;
    }

    /// <summary>The symbol's name, or <c>null</c> for a static size.</summary>
    public string? Symbol { get; }

    /// <summary>True when the size is known statically.</summary>
    public bool IsStatic => Symbol is null;

    /// <summary>The static size; throws for a symbolic dimension.</summary>
    public int Size => Symbol is null
        ? _size
        : throw new InvalidOperationException($"Dimension '{Symbol}' is symbolic and has no static size.");

    /// <summary>A static dimension of the given size.</summary>
    public static Dim Of(int size) => size >= 0
        ? new Dim(size, null)
        : throw new ArgumentOutOfRangeException(nameof(size), size, "A dimension cannot be negative.");

    /// <summary>A symbolic dimension named <paramref name="symbol"/>.</summary>
    public static Dim Sym(string symbol)
    {
        if (string.IsNullOrEmpty(symbol)) throw new ArgumentException("A symbolic dimension needs a name.", nameof(symbol));
        return new Dim(0, symbol);
    }

    /// <summary>True for the static size 1 (the only size NumPy broadcasting stretches).</summary>
    public bool IsOne => Symbol is null && _size == 1;

    /// <summary>Static sizes convert implicitly.</summary>
    public static implicit operator Dim(int size) => Of(size);

    /// <summary>Symbol names convert implicitly.</summary>
    public static implicit operator Dim(string symbol) => Sym(symbol);

    /// <inheritdoc/>
    public bool Equals(Dim other) => _size == other._size && string.Equals(Symbol, other.Symbol, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dim d && Equals(d);

    /// <inheritdoc/>
    public override int GetHashCode() => Symbol is null ? _size : StringComparer.Ordinal.GetHashCode(Symbol);

    /// <summary>Equality of dimensions.</summary>
    public static bool operator ==(Dim a, Dim b) => a.Equals(b);

    /// <summary>Inequality of dimensions.</summary>
    public static bool operator !=(Dim a, Dim b) => !a.Equals(b);

    /// <inheritdoc/>
    public override string ToString() => Symbol ?? _size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
