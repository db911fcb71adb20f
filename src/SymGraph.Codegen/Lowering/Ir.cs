using System;
using System.Collections.Generic;
using SymGraph.Ops;

namespace SymGraph.Codegen.Lowering;

// The lowered program: the one IR between the schedule and the printers (tinygrad's linearized UOps,
// Halide's lowered Stmt). Every decision about the code is already made when it exists; a printer
// maps each construct to an Expression node or to text and walks the statements in order.

/// <summary>What a <see cref="Var"/> holds.</summary>
internal enum VarKind
{
    /// <summary>One element (double or float).</summary>
    Element,

    /// <summary>An int: a size, a loop index, a flat counter.</summary>
    Int,

    /// <summary>An array of elements.</summary>
    Array,

    /// <summary>
    /// A vector of elements, as wide as the vectors the printer uses (the lanes of a vectorized
    /// loop's sum, see <see cref="LaneSum"/>).
    /// </summary>
    Vector,
}

/// <summary>
/// Where a frame variable comes from: every part of a function sees these without passing them
/// itself (the C# printer makes them parameters or prologue locals, the Expression printer reads them
/// off the call's arrays and workspace).
/// </summary>
internal enum FrameKind
{
    /// <summary>Not a frame variable: declared by a statement.</summary>
    None,

    /// <summary>Argument number <see cref="Var.Index"/> (an array, or a scalar's value).</summary>
    Argument,

    /// <summary>The result array number <see cref="Var.Index"/>.</summary>
    Result,

    /// <summary>Symbolic size number <see cref="Var.Index"/> (in <c>Schedule.Symbols</c> order).</summary>
    Size,

    /// <summary>Work buffer number <see cref="Var.Index"/> of <see cref="LoweredFunction.Buffers"/>.</summary>
    Buffer,

    /// <summary>The tensor constant <c>Schedule.Constants[Index]</c>.</summary>
    Constant,

    /// <summary>The spill array: scalars that cross from one part to a later one.</summary>
    Spill,
}

/// <summary>
/// A named variable of the lowered program. <see cref="Name"/> is the name it would like (the model's
/// where the graph has one); printers make names unique in creation order.
/// </summary>
internal sealed class Var
{
    internal Var(int id, string name, VarKind kind, FrameKind frame = FrameKind.None, int index = -1)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Frame = frame;
        Index = index;
    }

    /// <summary>Creation order within its function.</summary>
    public int Id { get; }

    /// <summary>The desired name.</summary>
    public string Name { get; }

    /// <summary>Element, int or array.</summary>
    public VarKind Kind { get; }

    /// <summary>Where a frame variable comes from (<see cref="FrameKind.None"/> for statement-declared ones).</summary>
    public FrameKind Frame { get; }

    /// <summary>The argument, result, size, buffer or constant number of a frame variable.</summary>
    public int Index { get; }

    /// <summary>
    /// The schedule's scalar slot of a node's value (−1 for none): values whose lifetimes do not
    /// overlap share a slot, and a printer may give them one local (the Expression printer does: fewer
    /// locals compile and run faster). A value some element of a tensor in locals stands for keeps a
    /// local of its own (−1): it lives as long as the tensor.
    /// </summary>
    public int Slot { get; internal set; } = -1;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

// ---- int expressions: sizes, indices, offsets ----------------------------------------------------

/// <summary>An int expression. Built through <see cref="IntExpr.Add"/> and <see cref="IntExpr.Mul"/>, which fold constants.</summary>
internal abstract record IntExpr
{
    /// <summary>An int literal.</summary>
    public static IntExpr Const(int value) => new IntConst(value);

    /// <summary>An int variable's value.</summary>
    public static IntExpr Of(Var v) => new IntRead(v);

    /// <summary>a + b, with literals folded and 0 dropped.</summary>
    public static IntExpr Add(IntExpr a, IntExpr b) =>
        a is IntConst { Value: var x } && b is IntConst { Value: var y } ? Const(x + y)
        : b is IntConst { Value: 0 } ? a
        : a is IntConst { Value: 0 } ? b
        : new IntBinary(IntOperator.Add, a, b);

    /// <summary>a · b, with literals folded and factors of 1 dropped.</summary>
    public static IntExpr Mul(IntExpr a, IntExpr b) =>
        a is IntConst { Value: var x } && b is IntConst { Value: var y } ? Const(x * y)
        : a is IntConst { Value: 0 } || b is IntConst { Value: 0 } ? Const(0)
        : b is IntConst { Value: 1 } ? a
        : a is IntConst { Value: 1 } ? b
        : new IntBinary(IntOperator.Mul, a, b);

    /// <summary>max(a, b) (a buffer shared by tensors of different symbolic sizes).</summary>
    public static IntExpr Max(IntExpr a, IntExpr b) => new IntBinary(IntOperator.Max, a, b);

    /// <summary>The literal value, when this is one.</summary>
    public int? Constant => this is IntConst c ? c.Value : null;

    /// <summary>The value at run time, with symbolic sizes from <paramref name="sizes"/> (in <c>Schedule.Symbols</c> order); allocates nothing.</summary>
    public long Evaluate(int[] sizes) => this switch
    {
        IntConst c => c.Value,
        IntRead { Var: { Frame: FrameKind.Size } v } => sizes[v.Index],
        IntBinary { Operator: IntOperator.Add } b => b.Left.Evaluate(sizes) + b.Right.Evaluate(sizes),
        IntBinary { Operator: IntOperator.Mul } b => b.Left.Evaluate(sizes) * b.Right.Evaluate(sizes),
        IntBinary b => Math.Max(b.Left.Evaluate(sizes), b.Right.Evaluate(sizes)),
        _ => throw new InvalidOperationException($"{this} depends on more than the sizes."),
    };
}

internal sealed record IntConst(int Value) : IntExpr;

internal sealed record IntRead(Var Var) : IntExpr;

internal enum IntOperator
{
    Add,
    Mul,
    Max,
}

internal sealed record IntBinary(IntOperator Operator, IntExpr Left, IntExpr Right) : IntExpr;

// ---- element expressions -------------------------------------------------------------------------

/// <summary>An element-valued expression.</summary>
internal abstract record ValueExpr;

/// <summary>A literal (rounded to float in f32 code).</summary>
internal sealed record Literal(double Value) : ValueExpr;

/// <summary>An element variable's value.</summary>
internal sealed record Read(Var Var) : ValueExpr;

/// <summary><c>array[index]</c>.</summary>
internal sealed record Load(Var Array, IntExpr Index) : ValueExpr;

/// <summary>An element-wise op's scalar function applied to operands (one per op input).</summary>
/// <param name="Op">The op whose scalar semantics apply: an element-wise op, a comparison or <c>where</c>.</param>
/// <param name="Operands">One per op input.</param>
internal sealed record Apply(Op Op, IReadOnlyList<ValueExpr> Operands) : ValueExpr;

/// <summary>The product of sizes as an element (<c>dim_size</c>): exact in double for any int sizes.</summary>
/// <param name="Factors">Each dimension's size; empty for 1.</param>
internal sealed record SizeProduct(IReadOnlyList<IntExpr> Factors) : ValueExpr;

// ---- statements ----------------------------------------------------------------------------------

/// <summary>A statement of the lowered program.</summary>
internal abstract record Stmt;

/// <summary><c>T v = value;</c> (an element or int variable, declared where it is first assigned).</summary>
internal sealed record Declare(Var Var, ValueExpr Value) : Stmt;

/// <summary><c>v += value;</c> into a declared element variable (an accumulator).</summary>
internal sealed record Accumulate(Var Var, ValueExpr Value) : Stmt;

/// <summary><c>array[index] = value;</c> or, accumulating, <c>array[index] += value;</c>.</summary>
internal sealed record Store(Var Array, IntExpr Index, ValueExpr Value, bool IsAccumulating = false) : Stmt;

/// <summary><c>T[] v = source;</c>: a name for another array (a work buffer, or the array a reshape shares).</summary>
/// <param name="Var">The new name.</param>
/// <param name="Source">The array it names.</param>
/// <param name="Note">Why the name exists, for readers of generated code (a reshape's new shape).</param>
/// <param name="Replaces">The name the same work buffer had before in this part, whose value is dead (printers say so).</param>
internal sealed record DeclareArray(Var Var, Var Source, string? Note = null, Var? Replaces = null) : Stmt;

/// <summary>
/// <c>for (index = 0; index &lt; count; index++) body</c>. <see cref="Counter"/>, when set, is a flat
/// counter that advances with the innermost loop of a nest: it starts at 0 with the outermost loop
/// (<see cref="StartsCounter"/>) and is incremented by the loop that has <see cref="AdvancesCounter"/>.
/// </summary>
/// <param name="Index">The loop variable.</param>
/// <param name="Count">The number of iterations.</param>
/// <param name="Body">The statements of one iteration.</param>
/// <param name="Counter">A nest's flat counter, or null.</param>
/// <param name="StartsCounter">This loop sets the counter to 0 before it starts.</param>
/// <param name="AdvancesCounter">This loop increments the counter with its index.</param>
/// <param name="Vector">How the loop runs in vectors, or null for a scalar loop.</param>
internal sealed record Loop(Var Index, IntExpr Count, IReadOnlyList<Stmt> Body, Var? Counter = null, bool StartsCounter = false, bool AdvancesCounter = false, Vectorization? Vector = null) : Stmt;

/// <summary>
/// A loop run in vectors, then a scalar tail. Printers print the same <see cref="Loop.Body"/> twice:
/// once over vectors of W elements, i = 0, W, 2W, … while i + W ≤ count (every element value a
/// vector; loads and stores at <c>i + c</c> move W elements, anything that does not depend on the
/// index is broadcast), then as the scalar loop over the remaining <c>count mod W</c> elements. W is
/// the printer's: the Expression printer takes the widest vectors the machine accelerates
/// (Vector512, 256 or 128), the C# printer <c>Vector&lt;T&gt;</c>. The lowering vectorizes only
/// flat loops whose every statement has a vector form (see <see cref="Vectorizer"/>).
/// </summary>
/// <param name="Sums">The loop's sums: each accumulates W partial sums in lanes, added to the sum after the vector loop, before the tail.</param>
internal sealed record Vectorization(IReadOnlyList<LaneSum> Sums);

/// <summary>
/// A sum accumulated by a vectorized loop: lane k of <see cref="Lanes"/> sums elements k, k + W, k + 2W, …;
/// after the vector loop <c>Sum += Σ lanes</c> (the runtime's horizontal sum), then the tail adds the rest in order.
/// </summary>
/// <param name="Sum">The element variable the loop's <see cref="Accumulate"/> statements add to.</param>
/// <param name="Lanes">Its vector of partial sums, zero before the loop.</param>
internal sealed record LaneSum(Var Sum, Var Lanes);

/// <summary>The runtime routines lowered code calls (<c>SymGraph.Runtime.Kernels</c>, and array copies).</summary>
internal enum Kernel
{
    MatMul,
    SumAll,
    MaxAll,
    SumAxis,
    MaxAxis,
    Normalize,
    LogSumExpAll,
    CrossEntropy,
    CrossEntropyRow,
    Copy,
    Clear,
    Fill,
}

/// <summary>One argument of a <see cref="Call"/>.</summary>
internal abstract record KernelArg
{
    public static KernelArg Of(Var array) => new ArrayArg(array);

    public static KernelArg Of(IntExpr value) => new IntArg(value);

    public static KernelArg Of(ValueExpr value) => new ElementArg(value);

    /// <summary>A named flag (printed <c>name: true</c> in C#).</summary>
    public static KernelArg Flag(string name, bool value) => new FlagArg(name, value);

    /// <summary>Which normalization <see cref="Kernel.Normalize"/> computes: the op itself (printers name the runtime's enum member).</summary>
    public static KernelArg Of(AxisNormalization op) => new NormalizationArg(op);
}

internal sealed record ArrayArg(Var Array) : KernelArg;

internal sealed record IntArg(IntExpr Value) : KernelArg;

internal sealed record ElementArg(ValueExpr Value) : KernelArg;

internal sealed record FlagArg(string Name, bool Value) : KernelArg;

internal sealed record NormalizationArg(AxisNormalization Op) : KernelArg
{
    /// <summary>The member of <c>SymGraph.Runtime.Normalization</c> this op is.</summary>
    public string Member => Op switch
    {
        Softmax => "Softmax",
        LogSoftmax => "LogSoftmax",
        LogSumExp => "LogSumExp",
        _ => throw new InvalidOperationException($"Unexpected normalization '{Op.Name}'."),
    };
}

/// <summary><c>Kernels.K(args);</c>, or <c>T result = Kernels.K(args);</c> for kernels that return an element.</summary>
/// <param name="Kernel">The routine.</param>
/// <param name="Arguments">Its arguments, in order.</param>
/// <param name="Result">The element variable declared with the returned value, or null.</param>
internal sealed record Call(Kernel Kernel, IReadOnlyList<KernelArg> Arguments, Var? Result = null) : Stmt;

/// <summary>Scalar output number <see cref="Output"/> has this value (returned, or stored into its result).</summary>
internal sealed record SetResult(int Output, ValueExpr Value) : Stmt;

/// <summary>A line for readers of generated code (a derivative's name); no effect.</summary>
internal sealed record Comment(string Text) : Stmt;
