using System.Collections.Generic;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.Lowering;

/// <summary>
/// One function, lowered: its frame (argument, result, size, buffer, constant and spill variables),
/// its parts (methods, each a list of statements), and the values of scalar results read after the
/// parts of a function written in several. Built once by <see cref="Lowerer"/>; the Expression and C#
/// printers only print it.
/// </summary>
internal sealed class LoweredFunction
{
    internal LoweredFunction(Schedule schedule) => Schedule = schedule;

    /// <summary>The schedule it was lowered from.</summary>
    public Schedule Schedule { get; }

    /// <summary>Every variable, in creation order (printers name them in this order).</summary>
    public List<Var> Variables { get; } = new();

    /// <summary>Per argument: its array, or its value for a scalar argument.</summary>
    public Var[] Arguments { get; internal set; } = System.Array.Empty<Var>();

    /// <summary>Per output: its result array, or null for a scalar output (see <see cref="SetResult"/>).</summary>
    public Var?[] Results { get; internal set; } = System.Array.Empty<Var?>();

    /// <summary>Per symbolic size, in <c>Schedule.Symbols</c> order.</summary>
    public Var[] Sizes { get; internal set; } = System.Array.Empty<Var>();

    /// <summary>The work buffers the code uses (tensors kept in locals need none), each with its length.</summary>
    public List<BufferPlan> Buffers { get; } = new();

    /// <summary>The spill array of a function written in parts (null otherwise) and its length.</summary>
    public (Var Array, int Length)? Spill { get; internal set; }

    /// <summary>The parts, in order: one for a function that fits a method.</summary>
    public List<LoweredPart> Parts { get; } = new();

    /// <summary>
    /// For a function in several parts: the statements after the last part (its scalar results, read
    /// back from the spill array). Empty for one part (results are set where they are computed).
    /// </summary>
    public List<Stmt> Epilogue { get; } = new();

    /// <summary>The work tensors kept in locals, one per element, instead of buffers.</summary>
    public IReadOnlyCollection<Node> TensorsInLocals { get; internal set; } = System.Array.Empty<Node>();

    /// <summary>The element count of <paramref name="shape"/>: symbolic sizes first, static ones folded last (<c>batch * 3</c>).</summary>
    public IntExpr Count(Shape shape) => Product(shape, 0, shape.Rank);

    /// <summary>The product of dimensions <paramref name="from"/> ≤ k &lt; <paramref name="to"/> of <paramref name="shape"/>.</summary>
    public IntExpr Product(Shape shape, int from, int to)
    {
        int constant = 1;
        IntExpr? symbolic = null;
        for (int k = from; k < to; k++)
        {
            if (shape[k].IsStatic) constant *= shape[k].Size;
            else symbolic = symbolic is null ? Size(shape[k]) : IntExpr.Mul(symbolic, Size(shape[k]));
        }
        return symbolic is null ? IntExpr.Const(constant) : IntExpr.Mul(symbolic, IntExpr.Const(constant));
    }

    /// <summary>The size of <paramref name="d"/>: a literal, or its size variable.</summary>
    public IntExpr Size(Dim d) => d.IsStatic ? IntExpr.Const(d.Size) : IntExpr.Of(Sizes[Schedule.SymbolIndex(d.Symbol!)]);

    /// <summary>
    /// The length of frame array <paramref name="v"/> when it is known when compiling (an argument or
    /// result of static shape), else null. The entry points check the caller's arrays; a printer that
    /// checks this length again where it loads the array tells the JIT the length, which then drops
    /// the bounds checks of loops over it. <see cref="LengthMessage"/> is that check's message.
    /// </summary>
    public int? StaticLength(Var v)
    {
        if (v.Kind != VarKind.Array) return null;
        var shape = v.Frame == FrameKind.Argument ? Schedule.Arguments[v.Index].Shape
            : v.Frame == FrameKind.Result ? Schedule.Outputs[v.Index].Shape
            : null;
        return shape is { IsStatic: true } ? shape.ElementCount : null;
    }

    /// <summary>The message when frame array <paramref name="v"/> does not have its <see cref="StaticLength"/>.</summary>
    public static string LengthMessage(Var v, int length) =>
        $"The {v.Frame.ToString().ToLowerInvariant()} array {v.Index} does not have {length} elements.";

    /// <summary>True when the schedule was cut into more than one part (scalars cross through <see cref="Spill"/>).</summary>
    public bool IsSplit { get; internal set; }
}

/// <summary>One method part: the values it takes over from earlier parts (scalars from the spill array, then array names), then its own statements.</summary>
internal sealed class LoweredPart
{
    public LoweredPart(IReadOnlyList<Stmt> loads, IReadOnlyList<Stmt> body)
    {
        Loads = loads;
        Body = body;
    }

    public IReadOnlyList<Stmt> Loads { get; }

    public IReadOnlyList<Stmt> Body { get; }
}
