namespace SymGraph.Ops;

/// <summary>Row-major index arithmetic shared by the reference evaluations of structural ops.</summary>
internal static class Indexing
{
    public static int[] Strides(int[] dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /// <summary>
    /// For every element of <paramref name="target"/> (row-major), the flat index of the element of
    /// <paramref name="source"/> it reads under NumPy broadcasting (right-aligned, size-1 axes repeat).
    /// </summary>
    public static int[] BroadcastMap(int[] source, int[] target)
    {
        int rank = target.Length, offset = rank - source.Length;
        var srcStrides = Strides(source);
        var stride = new int[rank]; // the source stride per target axis, 0 where it repeats
        for (int i = 0; i < rank; i++)
        {
            int si = i - offset;
            stride[i] = si >= 0 && source[si] != 1 ? srcStrides[si] : 0;
        }
        long count = 1;
        foreach (var d in target) count *= d;
        var map = new int[count];
        var index = new int[rank];
        int src = 0;
        for (int flat = 0; flat < count; flat++)
        {
            map[flat] = src;
            // Odometer increment of the multi-index, updating the source offset incrementally.
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                src += stride[axis];
                if (index[axis] < target[axis]) break;
                src -= stride[axis] * index[axis];
                index[axis] = 0;
            }
        }
        return map;
    }

    /// <summary>Splits <paramref name="dims"/> around <paramref name="axis"/> into outer · n · inner.</summary>
    public static (int outer, int n, int inner) AroundAxis(int[] dims, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= dims[i];
        for (int i = axis + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, dims[axis], inner);
    }
}
