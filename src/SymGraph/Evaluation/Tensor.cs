using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymGraph;

/// <summary>
/// A concrete value for the reference interpreter: a row-major buffer with static dimensions. Values
/// are held as <see cref="double"/>; a <see cref="DType.Float32"/> tensor holds values rounded to
/// <see cref="float"/>.
/// </summary>
public sealed class Tensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) with the given dimensions.</summary>
    public Tensor(int[] dims, double[] data, DType dtype = DType.Float64)
    {
        if (dims is null) throw new ArgumentNullException(nameof(dims));
        if (data is null) throw new ArgumentNullException(nameof(data));
        long n = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in [{string.Join(",", dims)}].", nameof(dims));
            n *= d;
        }
        if (n != data.Length)
            throw new ArgumentException($"A tensor of shape [{string.Join(",", dims)}] needs {n} values, got {data.Length}.", nameof(data));
        Dims = dims;
        Data = data;
        DType = dtype;
        if (dtype == DType.Float32) RoundToFloat32(data);
    }

    /// <summary>The dimensions, outermost first.</summary>
    public int[] Dims { get; }

    /// <summary>The values in row-major order.</summary>
    public double[] Data { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>A scalar.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float64) => new Tensor(Array.Empty<int>(), new[] { value }, dtype);

    /// <summary>A vector.</summary>
    public static Tensor Vector(params double[] values) => new Tensor(new[] { values.Length }, (double[])values.Clone());

    /// <summary>A matrix from rows of equal length.</summary>
    public static Tensor Matrix(double[,] values)
    {
        int m = values.GetLength(0), n = values.GetLength(1);
        var data = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                data[i * n + j] = values[i, j];
        return new Tensor(new[] { m, n }, data);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(int[] dims, DType dtype = DType.Float64)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        return new Tensor((int[])dims.Clone(), new double[n], dtype);
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double ToScalar() => Data.Length == 1
        ? Data[0]
        : throw new InvalidOperationException($"A tensor of shape {ShapeText} is not a scalar.");

    /// <summary>The element at the given indices.</summary>
    public double this[params int[] index] => Data[Offset(index)];

    private int Offset(int[] index)
    {
        if (index.Length != Dims.Length) throw new ArgumentException($"Expected {Dims.Length} indices, got {index.Length}.");
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)Dims[i]) throw new IndexOutOfRangeException($"Index {index[i]} out of range for axis {i} of {ShapeText}.");
            offset = offset * Dims[i] + index[i];
        }
        return offset;
    }

    /// <summary>A deep copy.</summary>
    public Tensor Copy() => new Tensor((int[])Dims.Clone(), (double[])Data.Clone(), DType);

    /// <summary>The dimensions as text: <c>[2,3]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Dims) + "]";

    /// <summary>True when both tensors have the same dimensions.</summary>
    public bool SameDims(Tensor other) => Dims.SequenceEqual(other.Dims);

    internal static void RoundToFloat32(double[] data)
    {
        for (int i = 0; i < data.Length; i++) data[i] = (float)data[i];
    }

    /// <summary>The values as nested brackets, in round-trip precision.</summary>
    public override string ToString()
    {
        if (Rank == 0) return Data[0].ToString("R", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        int pos = 0;
        Write(0);
        return sb.ToString();

        void Write(int axis)
        {
            // Recursion depth is the tensor's rank, which is small.
            sb.Append('[');
            for (int i = 0; i < Dims[axis]; i++)
            {
                if (i > 0) sb.Append(", ");
                if (axis == Rank - 1) sb.Append(Data[pos++].ToString("R", CultureInfo.InvariantCulture));
                else Write(axis + 1);
            }
            sb.Append(']');
        }
    }
}
