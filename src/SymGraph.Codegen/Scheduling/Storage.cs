namespace SymGraph.Codegen.Scheduling;

/// <summary>Where a node's value lives in a compiled function.</summary>
public enum StorageKind
{
    /// <summary>A constant: scalars are inlined; tensors live in <see cref="Schedule.Constants"/>[Index].</summary>
    Constant,

    /// <summary>The caller's argument array number Index (scalars at element 0).</summary>
    Argument,

    /// <summary>The caller's result array number Index (written in place).</summary>
    Result,

    /// <summary>A planned work buffer, <see cref="Schedule.Buffers"/>[Index], shared by nodes whose lifetimes do not overlap.</summary>
    Buffer,

    /// <summary>A scalar held in a local (slot Index; slots are reused once their value is dead).</summary>
    Scalar,

    /// <summary>A per-element temporary inside a fused loop: never stored.</summary>
    LoopLocal,

    /// <summary>
    /// A view that is never materialized: a transpose read by matmuls, a leading-axis slice read in
    /// place by loops, a scalar reshaped to one element and written straight into a concat.
    /// </summary>
    Virtual,
}

/// <summary>A node's storage: its kind and index (see <see cref="StorageKind"/>).</summary>
public readonly struct Storage
{
    /// <summary>Creates a storage location.</summary>
    public Storage(StorageKind kind, int index)
    {
        Kind = kind;
        Index = index;
    }

    /// <summary>The kind of location.</summary>
    public StorageKind Kind { get; }

    /// <summary>The argument, result, buffer, slot or constant index.</summary>
    public int Index { get; }

    /// <summary>True for locations that hold a whole tensor in an array.</summary>
    public bool IsArray => Kind is StorageKind.Argument or StorageKind.Result or StorageKind.Buffer || (Kind == StorageKind.Constant && Index >= 0);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind}{(Index >= 0 ? Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";
}
