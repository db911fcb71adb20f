using System;
using System.Collections.Generic;

namespace SymGraph;

/// <summary>
/// A sparse matrix in compressed sparse row form: the <see cref="Pattern"/> (row pointers, column indices
/// ascending within a row) and one value per structural nonzero, kept even where the value is 0.
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>Creates a matrix from its pattern and values (not copied).</summary>
    public CsrMatrix(SparsityPattern pattern, double[] values)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        if (values is null) throw new ArgumentNullException(nameof(values));
        if (values.Length != pattern.Nonzeros) throw new ArgumentException($"{values.Length} values for {pattern.Nonzeros} nonzeros.", nameof(values));
        Values = values;
    }

    /// <summary>The structural nonzeros.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>The number of rows.</summary>
    public int Rows => Pattern.Rows;

    /// <summary>The number of columns.</summary>
    public int Columns => Pattern.Columns;

    /// <summary>Where each row starts in <see cref="ColumnIndices"/> and <see cref="Values"/>, plus one past the end.</summary>
    public IReadOnlyList<int> RowPointers => Pattern.RowPointers;

    /// <summary>The column of each value, ascending within a row.</summary>
    public IReadOnlyList<int> ColumnIndices => Pattern.ColumnIndices;

    /// <summary>One value per structural nonzero, row by row.</summary>
    public double[] Values { get; }

    /// <summary>The entry at (<paramref name="row"/>, <paramref name="column"/>): 0 outside the pattern.</summary>
    public double this[int row, int column] => Pattern.IndexOf(row, column) is int at and >= 0 ? Values[at] : 0.0;

    /// <summary>The dense matrix, one array per row.</summary>
    public double[][] ToDense()
    {
        var dense = new double[Rows][];
        for (int i = 0; i < Rows; i++)
        {
            dense[i] = new double[Columns];
            for (int e = Pattern.RowPointers[i]; e < Pattern.RowPointers[i + 1]; e++) dense[i][Pattern.ColumnIndices[e]] = Values[e];
        }
        return dense;
    }
}
