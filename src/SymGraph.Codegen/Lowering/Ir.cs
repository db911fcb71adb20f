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
internal abstract class IntExpr
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
}

internal sealed class IntConst : IntExpr
{
    public IntConst(int value) => Value = value;

    public int Value { get; }
}

internal sealed class IntRead : IntExpr
{
    public IntRead(Var v) => Var = v;

    public Var Var { get; }
}

internal enum IntOperator
{
    Add,
    Mul,
    Max,
}

internal sealed class IntBinary : IntExpr
{
    public IntBinary(IntOperator op, IntExpr left, IntExpr right)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public IntOperator Operator { get; }

    public IntExpr Left { get; }

    public IntExpr Right { get; }
}

// ---- element expressions -------------------------------------------------------------------------

/// <summary>An element-valued expression.</summary>
internal abstract class ValueExpr
{
}

/// <summary>A literal (rounded to float in f32 code).</summary>
internal sealed class Literal : ValueExpr
{
    public Literal(double value) => Value = value;

    public double Value { get; }
}

/// <summary>An element variable's value.</summary>
internal sealed class Read : ValueExpr
{
    public Read(Var v) => Var = v;

    public Var Var { get; }
}

/// <summary><c>array[index]</c>.</summary>
internal sealed class Load : ValueExpr
{
    public Load(Var array, IntExpr index)
    {
        Array = array;
        Index = index;
    }

    public Var Array { get; }

    public IntExpr Index { get; }
}

/// <summary>An element-wise op's scalar function applied to operands (one per op input).</summary>
internal sealed class Apply : ValueExpr
{
    public Apply(Op op, IReadOnlyList<ValueExpr> operands)
    {
        Op = op;
        Operands = operands;
    }

    /// <summary>The op whose scalar semantics apply: an element-wise op, a comparison or <c>where</c>.</summary>
    public Op Op { get; }

    public IReadOnlyList<ValueExpr> Operands { get; }
}

/// <summary>The product of sizes as an element (<c>dim_size</c>): exact in double for any int sizes.</summary>
internal sealed class SizeProduct : ValueExpr
{
    public SizeProduct(IReadOnlyList<IntExpr> factors) => Factors = factors;

    /// <summary>Each dimension's size; empty for 1.</summary>
    public IReadOnlyList<IntExpr> Factors { get; }
}

// ---- statements ----------------------------------------------------------------------------------

/// <summary>A statement of the lowered program.</summary>
internal abstract class Stmt
{
}

/// <summary><c>T v = value;</c> (an element or int variable, declared where it is first assigned).</summary>
internal sealed class Declare : Stmt
{
    public Declare(Var v, ValueExpr value)
    {
        Var = v;
        Value = value;
    }

    public Var Var { get; }

    public ValueExpr Value { get; }
}

/// <summary><c>v += value;</c> into a declared element variable (an accumulator).</summary>
internal sealed class Accumulate : Stmt
{
    public Accumulate(Var v, ValueExpr value)
    {
        Var = v;
        Value = value;
    }

    public Var Var { get; }

    public ValueExpr Value { get; }
}

/// <summary><c>array[index] = value;</c> or, accumulating, <c>array[index] += value;</c>.</summary>
internal sealed class Store : Stmt
{
    public Store(Var array, IntExpr index, ValueExpr value, bool accumulate = false)
    {
        Array = array;
        Index = index;
        Value = value;
        IsAccumulating = accumulate;
    }

    public Var Array { get; }

    public IntExpr Index { get; }

    public ValueExpr Value { get; }

    public bool IsAccumulating { get; }
}

/// <summary><c>T[] v = source;</c>: a name for another array (a work buffer, or the array a reshape shares).</summary>
internal sealed class DeclareArray : Stmt
{
    public DeclareArray(Var v, Var source, string? note = null, Var? replaces = null)
    {
        Var = v;
        Source = source;
        Note = note;
        Replaces = replaces;
    }

    /// <summary>The name the same work buffer had before in this part, whose value is dead (printers say so).</summary>
    public Var? Replaces { get; }

    public Var Var { get; }

    public Var Source { get; }

    /// <summary>Why the name exists, for readers of generated code (a reshape's new shape).</summary>
    public string? Note { get; }
}

/// <summary>
/// <c>for (index = 0; index &lt; count; index++) body</c>. <see cref="Counter"/>, when set, is a flat
/// counter that advances with the innermost loop of a nest: it starts at 0 with the outermost loop
/// (<see cref="StartsCounter"/>) and is incremented by the loop that has <see cref="AdvancesCounter"/>.
/// </summary>
internal sealed class Loop : Stmt
{
    public Loop(Var index, IntExpr count, IReadOnlyList<Stmt> body, Var? counter = null, bool startsCounter = false, bool advancesCounter = false)
    {
        Index = index;
        Count = count;
        Body = body;
        Counter = counter;
        StartsCounter = startsCounter;
        AdvancesCounter = advancesCounter;
    }

    public Var Index { get; }

    public IntExpr Count { get; }

    public IReadOnlyList<Stmt> Body { get; }

    public Var? Counter { get; }

    public bool StartsCounter { get; }

    public bool AdvancesCounter { get; }
}

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
internal abstract class KernelArg
{
    public static KernelArg Of(Var array) => new ArrayArg(array);

    public static KernelArg Of(IntExpr value) => new IntArg(value);

    public static KernelArg Of(ValueExpr value) => new ElementArg(value);

    /// <summary>A named flag (printed <c>name: true</c> in C#).</summary>
    public static KernelArg Flag(string name, bool value) => new FlagArg(name, value);

    /// <summary>Which normalization <see cref="Kernel.Normalize"/> computes: the op itself (printers name the runtime's enum member).</summary>
    public static KernelArg Of(AxisNormalization op) => new NormalizationArg(op);
}

internal sealed class ArrayArg : KernelArg
{
    public ArrayArg(Var array) => Array = array;

    public Var Array { get; }
}

internal sealed class IntArg : KernelArg
{
    public IntArg(IntExpr value) => Value = value;

    public IntExpr Value { get; }
}

internal sealed class ElementArg : KernelArg
{
    public ElementArg(ValueExpr value) => Value = value;

    public ValueExpr Value { get; }
}

internal sealed class FlagArg : KernelArg
{
    public FlagArg(string name, bool value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public bool Value { get; }
}

internal sealed class NormalizationArg : KernelArg
{
    public NormalizationArg(AxisNormalization op) => Op = op;

    public AxisNormalization Op { get; }

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
internal sealed class Call : Stmt
{
    public Call(Kernel kernel, IReadOnlyList<KernelArg> arguments, Var? result = null)
    {
        Kernel = kernel;
        Arguments = arguments;
        Result = result;
    }

    public Kernel Kernel { get; }

    public IReadOnlyList<KernelArg> Arguments { get; }

    /// <summary>The element variable declared with the returned value, or null.</summary>
    public Var? Result { get; }
}

/// <summary>Scalar output number <see cref="Output"/> has this value (returned, or stored into its result).</summary>
internal sealed class SetResult : Stmt
{
    public SetResult(int output, ValueExpr value)
    {
        Output = output;
        Value = value;
    }

    public int Output { get; }

    public ValueExpr Value { get; }
}

/// <summary>A line for readers of generated code (a derivative's name); no effect.</summary>
internal sealed class Comment : Stmt
{
    public Comment(string text) => Text = text;

    public string Text { get; }
}
