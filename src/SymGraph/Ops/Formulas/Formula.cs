using System;
using System.Collections.Generic;

namespace SymGraph.Ops;

/// <summary>
/// A scalar function as data: the one definition of an element-wise op's semantics. The
/// interpreter evaluates it (compiled once to a delegate), the Expression backend inlines it, and
/// the C# backend prints it (helpers such as <see cref="Formulas.Sigmoid"/> as methods of the
/// generated class), so every executor computes the same operations in the same order.
/// </summary>
/// <example>
/// <code>
/// // softplus(x) = max(x, 0) + log1p(e^−|x|)
/// Formula.Max(Formula.X, 0.0) + Formulas.Log1p.Call(Formula.Exp(-Formula.Abs(Formula.X)))
/// </code>
/// </example>
public abstract class Formula
{
    private protected Formula() { }

    /// <summary>The named formulas this formula calls, transitively, callees first, each once.</summary>
    public IEnumerable<NamedFormula> NamedFormulas() => FormulaWalk.Helpers(this);

    /// <summary>True for a condition (a comparison, a test, an or), usable only by <see cref="Select"/> and <see cref="Or"/>.</summary>
    public virtual bool IsCondition => false;

    /// <summary>Operand 0 (x, or a).</summary>
    public static Formula X { get; } = new FormulaArgument(0);

    /// <summary>Operand 1 (b).</summary>
    public static Formula Y { get; } = new FormulaArgument(1);

    /// <summary>Operand <paramref name="index"/>.</summary>
    public static Formula Argument(int index) => index switch { 0 => X, 1 => Y, _ => new FormulaArgument(index) };

    /// <summary>A constant.</summary>
    public static Formula Constant(double value) => new FormulaConstant(value);

    /// <summary>A constant.</summary>
    public static implicit operator Formula(double value) => new FormulaConstant(value);

    /// <summary>a + b.</summary>
    public static Formula operator +(Formula a, Formula b) => new FormulaBinary(FormulaOperator.Add, Number(a), Number(b));

    /// <summary>a − b.</summary>
    public static Formula operator -(Formula a, Formula b) => new FormulaBinary(FormulaOperator.Subtract, Number(a), Number(b));

    /// <summary>a · b.</summary>
    public static Formula operator *(Formula a, Formula b) => new FormulaBinary(FormulaOperator.Multiply, Number(a), Number(b));

    /// <summary>a / b.</summary>
    public static Formula operator /(Formula a, Formula b) => new FormulaBinary(FormulaOperator.Divide, Number(a), Number(b));

    /// <summary>−a.</summary>
    public static Formula operator -(Formula a) => new FormulaNegate(Number(a));

    /// <summary>e^x.</summary>
    public static Formula Exp(Formula x) => Math(MathFunction.Exp, x);

    /// <summary>|x|.</summary>
    public static Formula Abs(Formula x) => Math(MathFunction.Abs, x);

    /// <summary>ln x.</summary>
    public static Formula Log(Formula x) => Math(MathFunction.Log, x);

    /// <summary>max(a, b) as <see cref="System.Math.Max(double, double)"/> (NaN if either is NaN; +0 over −0).</summary>
    public static Formula Max(Formula a, Formula b) => Math(MathFunction.Max, a, b);

    /// <summary>A function of <see cref="System.Math"/> (<c>MathF</c> in float32 code).</summary>
    public static Formula Math(MathFunction function, params Formula[] arguments) => new FormulaMath(function, Numbers(arguments));

    /// <summary>A comparison: a condition.</summary>
    public static Formula Compare(ComparisonKind kind, Formula a, Formula b) => new FormulaComparison(kind, Number(a), Number(b));

    /// <summary>x is NaN: a condition.</summary>
    public static Formula IsNaN(Formula x) => new FormulaTest(FormulaTestKind.IsNaN, Number(x));

    /// <summary>x is ±∞: a condition.</summary>
    public static Formula IsInfinity(Formula x) => new FormulaTest(FormulaTestKind.IsInfinity, Number(x));

    /// <summary>Either condition holds.</summary>
    public static Formula Or(Formula a, Formula b) => new FormulaOr(Condition(a), Condition(b));

    /// <summary><paramref name="ifTrue"/> where <paramref name="condition"/> holds, else <paramref name="ifFalse"/>.</summary>
    public static Formula Select(Formula condition, Formula ifTrue, Formula ifFalse) => new FormulaSelect(Condition(condition), Number(ifTrue), Number(ifFalse));

    /// <summary>
    /// <paramref name="body"/> of a variable named <paramref name="name"/> bound to <paramref name="value"/>
    /// (computed once). Only at the top of a <see cref="NamedFormula"/>'s body, so printers can write it as a statement.
    /// </summary>
    public static Formula Let(string name, Formula value, Func<Formula, Formula> body)
    {
        var variable = new FormulaVariable(name);
        return new FormulaLet(variable, Number(value), Number(body(variable)));
    }

    private static Formula Number(Formula f) =>
        f is null ? throw new ArgumentNullException(nameof(f))
        : f.IsCondition ? throw new ArgumentException("A condition is used as a number; wrap it in Formula.Select.") : f;

    private static Formula Condition(Formula f) =>
        f is null ? throw new ArgumentNullException(nameof(f))
        : !f.IsCondition ? throw new ArgumentException("A number is used as a condition; compare it first.") : f;

    private static Formula[] Numbers(Formula[] fs)
    {
        foreach (var f in fs) Number(f);
        return fs;
    }
}

/// <summary>The functions of <see cref="System.Math"/> a formula may call.</summary>
public enum MathFunction
{
    /// <summary>e^x.</summary>
    Exp,

    /// <summary>ln x.</summary>
    Log,

    /// <summary>√x.</summary>
    Sqrt,

    /// <summary>|x|.</summary>
    Abs,

    /// <summary>sin x.</summary>
    Sin,

    /// <summary>cos x.</summary>
    Cos,

    /// <summary>tan x.</summary>
    Tan,

    /// <summary>tanh x.</summary>
    Tanh,

    /// <summary>a^b.</summary>
    Pow,

    /// <summary>max(a, b) (NaN if either is NaN).</summary>
    Max,
}

/// <summary>The comparisons of formulas (NaN compares false, except <see cref="NotEqual"/>).</summary>
public enum ComparisonKind
{
    /// <summary>a &lt; b.</summary>
    Less,

    /// <summary>a ≤ b.</summary>
    LessEqual,

    /// <summary>a &gt; b.</summary>
    Greater,

    /// <summary>a ≥ b.</summary>
    GreaterEqual,

    /// <summary>a = b.</summary>
    Equal,

    /// <summary>a ≠ b.</summary>
    NotEqual,
}

/// <summary>The arithmetic operators of formulas.</summary>
public enum FormulaOperator
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a − b.</summary>
    Subtract,

    /// <summary>a · b.</summary>
    Multiply,

    /// <summary>a / b.</summary>
    Divide,
}

/// <summary>The tests of formulas.</summary>
public enum FormulaTestKind
{
    /// <summary>x is NaN.</summary>
    IsNaN,

    /// <summary>x is ±∞.</summary>
    IsInfinity,
}

/// <summary>An operand of the formula (the op's input number <see cref="Index"/>).</summary>
public sealed class FormulaArgument : Formula
{
    internal FormulaArgument(int index) => Index = index;

    /// <summary>The operand number.</summary>
    public int Index { get; }
}

/// <summary>A constant (rounded to float in float32 code).</summary>
public sealed class FormulaConstant : Formula
{
    internal FormulaConstant(double value) => Value = value;

    /// <summary>The value.</summary>
    public double Value { get; }
}

/// <summary>−a.</summary>
public sealed class FormulaNegate : Formula
{
    internal FormulaNegate(Formula operand) => Operand = operand;

    /// <summary>a.</summary>
    public Formula Operand { get; }
}

/// <summary>a ∘ b for an arithmetic operator.</summary>
public sealed class FormulaBinary : Formula
{
    internal FormulaBinary(FormulaOperator op, Formula left, Formula right)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public FormulaOperator Operator { get; }

    /// <summary>a.</summary>
    public Formula Left { get; }

    /// <summary>b.</summary>
    public Formula Right { get; }
}

/// <summary>A call of a <see cref="System.Math"/> function.</summary>
public sealed class FormulaMath : Formula
{
    internal FormulaMath(MathFunction function, IReadOnlyList<Formula> arguments)
    {
        Function = function;
        Arguments = arguments;
    }

    /// <summary>The function.</summary>
    public MathFunction Function { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<Formula> Arguments { get; }
}

/// <summary>A comparison (a condition).</summary>
public sealed class FormulaComparison : Formula
{
    internal FormulaComparison(ComparisonKind kind, Formula left, Formula right)
    {
        Kind = kind;
        Left = left;
        Right = right;
    }

    /// <inheritdoc/>
    public override bool IsCondition => true;

    /// <summary>Which comparison.</summary>
    public ComparisonKind Kind { get; }

    /// <summary>a.</summary>
    public Formula Left { get; }

    /// <summary>b.</summary>
    public Formula Right { get; }
}

/// <summary>A test of one value (a condition).</summary>
public sealed class FormulaTest : Formula
{
    internal FormulaTest(FormulaTestKind kind, Formula operand)
    {
        Kind = kind;
        Operand = operand;
    }

    /// <inheritdoc/>
    public override bool IsCondition => true;

    /// <summary>Which test.</summary>
    public FormulaTestKind Kind { get; }

    /// <summary>The value tested.</summary>
    public Formula Operand { get; }
}

/// <summary>Either of two conditions (a condition; the second is evaluated only when the first fails).</summary>
public sealed class FormulaOr : Formula
{
    internal FormulaOr(Formula left, Formula right)
    {
        Left = left;
        Right = right;
    }

    /// <inheritdoc/>
    public override bool IsCondition => true;

    /// <summary>The first condition.</summary>
    public Formula Left { get; }

    /// <summary>The second condition.</summary>
    public Formula Right { get; }
}

/// <summary>condition ? ifTrue : ifFalse.</summary>
public sealed class FormulaSelect : Formula
{
    internal FormulaSelect(Formula condition, Formula ifTrue, Formula ifFalse)
    {
        Condition = condition;
        IfTrue = ifTrue;
        IfFalse = ifFalse;
    }

    /// <summary>The condition.</summary>
    public Formula Condition { get; }

    /// <summary>The value where it holds.</summary>
    public Formula IfTrue { get; }

    /// <summary>The value elsewhere.</summary>
    public Formula IfFalse { get; }
}

/// <summary>A variable bound by a <see cref="FormulaLet"/>.</summary>
public sealed class FormulaVariable : Formula
{
    internal FormulaVariable(string name) => Name = name;

    /// <summary>Its name in generated code.</summary>
    public string Name { get; }
}

/// <summary><see cref="Body"/> with <see cref="Variable"/> bound to <see cref="Value"/>.</summary>
public sealed class FormulaLet : Formula
{
    internal FormulaLet(FormulaVariable variable, Formula value, Formula body)
    {
        Variable = variable;
        Value = value;
        Body = body;
    }

    /// <summary>The variable.</summary>
    public FormulaVariable Variable { get; }

    /// <summary>Its value.</summary>
    public Formula Value { get; }

    /// <summary>The result.</summary>
    public Formula Body { get; }
}

/// <summary>A call of a named formula (a helper method in generated C#).</summary>
public sealed class FormulaCall : Formula
{
    internal FormulaCall(NamedFormula helper, IReadOnlyList<Formula> arguments)
    {
        Helper = helper;
        Arguments = arguments;
    }

    /// <summary>The formula called.</summary>
    public NamedFormula Helper { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<Formula> Arguments { get; }
}

/// <summary>
/// A formula with a name, called by other formulas: a helper method of generated C# (where readers
/// see <c>Sigmoid(x)</c>), inlined by the Expression backend.
/// </summary>
public sealed class NamedFormula
{
    /// <summary>Creates a named formula of <paramref name="parameters"/>.Length operands.</summary>
    /// <param name="name">The helper's name (a C# identifier).</param>
    /// <param name="summary">One line for readers of generated code.</param>
    /// <param name="parameters">The operands' names, in order.</param>
    /// <param name="body">The formula over <see cref="Formula.Argument(int)"/>s.</param>
    /// <param name="computesInDouble">In float32 code, compute in double and round the result (the interpreter's arithmetic).</param>
    public NamedFormula(string name, string summary, string[] parameters, Formula body, bool computesInDouble = false)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Summary = summary ?? throw new ArgumentNullException(nameof(summary));
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        Body = body ?? throw new ArgumentNullException(nameof(body));
        if (body.IsCondition) throw new ArgumentException("A named formula computes a number, not a condition.", nameof(body));
        ComputesInDouble = computesInDouble;
    }

    /// <summary>The helper's name.</summary>
    public string Name { get; }

    /// <summary>One line for readers of generated code.</summary>
    public string Summary { get; }

    /// <summary>The operands' names.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The formula.</summary>
    public Formula Body { get; }

    /// <summary>True when float32 code computes it in double and rounds the result.</summary>
    public bool ComputesInDouble { get; }

    /// <summary>A call of this formula.</summary>
    public Formula Call(params Formula[] arguments)
    {
        if (arguments.Length != Parameters.Count) throw new ArgumentException($"{Name} takes {Parameters.Count} operands, not {arguments.Length}.", nameof(arguments));
        foreach (var a in arguments)
            if (a.IsCondition) throw new ArgumentException($"A condition is passed to {Name}.", nameof(arguments));
        return new FormulaCall(this, arguments);
    }

    /// <summary>The named formulas this one calls, and theirs, callees first.</summary>
    public IEnumerable<NamedFormula> Callees() => FormulaWalk.Helpers(Body);
}
