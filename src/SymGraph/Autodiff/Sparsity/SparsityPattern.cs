using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph;

/// <summary>
/// The structural nonzeros of a matrix in compressed sparse row form: row <c>i</c> holds the columns
/// <c>ColumnIndices[RowPointers[i] .. RowPointers[i + 1]]</c>, ascending. An entry outside the pattern is
/// zero at every point; an entry inside may still be zero at some. Immutable.
/// </summary>
public sealed class SparsityPattern : IEquatable<SparsityPattern>
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;

    /// <summary>Creates a pattern from CSR arrays (copied), checking that each row's columns ascend and are in range.</summary>
    public SparsityPattern(int rows, int columns, IReadOnlyList<int> rowPointers, IReadOnlyList<int> columnIndices)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows));
        if (columns < 0) throw new ArgumentOutOfRangeException(nameof(columns));
        if (rowPointers.Count != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Count)
            throw new ArgumentException($"A pattern of {rows} rows needs {rows + 1} row pointers from 0 to the number of entries.", nameof(rowPointers));
        for (int i = 0; i < rows; i++)
        {
            if (rowPointers[i] > rowPointers[i + 1]) throw new ArgumentException($"Row pointer {i + 1} is below row pointer {i}.", nameof(rowPointers));
            for (int e = rowPointers[i]; e < rowPointers[i + 1]; e++)
            {
                int c = columnIndices[e];
                if (c < 0 || c >= columns) throw new ArgumentException($"Row {i}: column {c} is out of range for {columns} columns.", nameof(columnIndices));
                if (e > rowPointers[i] && columnIndices[e - 1] >= c) throw new ArgumentException($"Row {i}: columns must ascend without repeats.", nameof(columnIndices));
            }
        }
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers.ToArray();
        _columnIndices = columnIndices.ToArray();
    }

    // Trusted arrays (already sorted and checked), not copied.
    private SparsityPattern(int rows, int columns, int[] rowPointers, int[] columnIndices, bool _)
    {
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Where each row starts in <see cref="ColumnIndices"/>, plus one past the end (<see cref="Rows"/> + 1 entries).</summary>
    public IReadOnlyList<int> RowPointers => _rowPointers;

    /// <summary>The column of each structural nonzero, row by row, ascending within a row.</summary>
    public IReadOnlyList<int> ColumnIndices => _columnIndices;

    /// <summary>The number of structural nonzeros.</summary>
    public int Nonzeros => _columnIndices.Length;

    /// <summary>True when the pattern is square and equals its transpose.</summary>
    public bool IsSymmetric
    {
        get
        {
            if (Rows != Columns) return false;
            for (int i = 0; i < Rows; i++)
                for (int e = _rowPointers[i]; e < _rowPointers[i + 1]; e++)
                    if (!Contains(_columnIndices[e], i)) return false;
            return true;
        }
    }

    /// <summary>The columns of row <paramref name="row"/>, ascending.</summary>
    public ArraySegment<int> Row(int row) => new(_columnIndices, _rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);

    /// <summary>True when (<paramref name="row"/>, <paramref name="column"/>) is a structural nonzero.</summary>
    public bool Contains(int row, int column) => IndexOf(row, column) >= 0;

    /// <summary>The position of (<paramref name="row"/>, <paramref name="column"/>) in <see cref="ColumnIndices"/>, or −1.</summary>
    public int IndexOf(int row, int column)
    {
        if ((uint)row >= (uint)Rows) return -1;
        int at = Array.BinarySearch(_columnIndices, _rowPointers[row], _rowPointers[row + 1] - _rowPointers[row], column);
        return at >= 0 ? at : -1;
    }

    /// <summary>The transpose (rows become columns).</summary>
    public SparsityPattern Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (int c in _columnIndices) counts[c + 1]++;
        for (int c = 0; c < Columns; c++) counts[c + 1] += counts[c];
        var next = (int[])counts.Clone();
        var rows = new int[_columnIndices.Length];
        for (int i = 0; i < Rows; i++)
            for (int e = _rowPointers[i]; e < _rowPointers[i + 1]; e++) rows[next[_columnIndices[e]]++] = i;
        return new SparsityPattern(Columns, Rows, counts, rows, true);
    }

    /// <summary>A dense boolean picture, <c>[row, column]</c>; for tests and small patterns.</summary>
    public bool[,] ToDense()
    {
        var dense = new bool[Rows, Columns];
        for (int i = 0; i < Rows; i++)
            for (int e = _rowPointers[i]; e < _rowPointers[i + 1]; e++) dense[i, _columnIndices[e]] = true;
        return dense;
    }

    /// <summary>The pattern of the nonzeros of a dense matrix (|value| &gt; <paramref name="tolerance"/>; NaN counts as nonzero).</summary>
    public static SparsityPattern FromDense(double[,] matrix, double tolerance = 0)
    {
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
                if (!(Math.Abs(matrix[i, j]) <= tolerance)) indices.Add(j);
            pointers[i + 1] = indices.Count;
        }
        return new SparsityPattern(rows, columns, pointers, indices.ToArray(), true);
    }

    /// <summary>Builds a pattern from rows of column sets (each sorted ascending, without repeats).</summary>
    internal static SparsityPattern FromSortedRows(int columns, IReadOnlyList<int[]> rows)
    {
        var pointers = new int[rows.Count + 1];
        for (int i = 0; i < rows.Count; i++) pointers[i + 1] = pointers[i] + rows[i].Length;
        var indices = new int[pointers[rows.Count]];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(indices, pointers[i]);
        return new SparsityPattern(rows.Count, columns, pointers, indices, true);
    }

    /// <inheritdoc/>
    public bool Equals(SparsityPattern? other) =>
        other is not null && other.Rows == Rows && other.Columns == Columns &&
        other._rowPointers.SequenceEqual(_rowPointers) && other._columnIndices.SequenceEqual(_columnIndices);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SparsityPattern);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((Rows * 31 + Columns) * 31 + Nonzeros);

    /// <summary><c>10×10, 28 nonzeros</c>.</summary>
    public override string ToString() => $"{Rows}×{Columns}, {Nonzeros} nonzeros";
}
