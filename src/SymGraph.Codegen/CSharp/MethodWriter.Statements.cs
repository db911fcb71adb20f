using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Codegen.Lowering;
using SymGraph.Ops;

namespace SymGraph.Codegen.CSharp;

// The lowered statements and expressions as C# text: one table per construct, operators
// parenthesized by precedence only where C# needs it.
internal sealed partial class MethodWriter
{
    private const string Kernels = "global::SymGraph.Runtime.Kernels";

    private const int Additive = Precedence.Additive, Multiplicative = Precedence.Multiplicative, Unary = Precedence.Unary, Primary = Precedence.Primary;

    private void Statement(Stmt s)
    {
        _formulas.SelfComparison = false;
        switch (s)
        {
            case Declare d:
                Line($"{TypeOf(d.Var)} {_names[d.Var]} = {Value(d.Value)};");
                break;
            case Accumulate a:
                Line($"{_names[a.Var]} += {Value(a.Value)};");
                break;
            case Store st:
                Line($"{_names[st.Array]}[{Int(st.Index)}] {(st.IsAccumulating ? "+=" : "=")} {Value(st.Value)};");
                break;
            case DeclareArray d:
                _w.Line($"{_t}[] {_names[d.Var]} = {_names[d.Source]};"
                    + (d.Note is not null ? " // " + Identifiers.CommentText(d.Note)
                    : d.Replaces is { } old ? $" // reused: {_names[old]} is no longer needed"
                    : ""));
                break;
            case Loop l:
                WriteLoop(l);
                break;
            case Call c:
                WriteCall(c);
                break;
            case SetResult r:
            {
                var value = Value(r.Value);
                if (_outputNames[r.Output] is null) _returnValue = value;
                else Line($"{_outputNames[r.Output]} = {value};");
                break;
            }
            case Comment c:
                _w.Line("// " + Identifiers.CommentText(c.Text));
                break;
            default:
                throw new InvalidOperationException($"Unexpected statement {s.GetType().Name}.");
        }
    }

    /// <summary>Writes a statement; one that compares a value with itself gets the CS1718 pragma.</summary>
    private void Line(string statement)
    {
        // x < x is a legitimate op (it is 0, and x != x tests NaN), but C# warns about it (CS1718).
        bool self = _formulas.SelfComparison;
        _formulas.SelfComparison = false;
        if (self) _w.Line("#pragma warning disable CS1718 // comparison of a value with itself: 0 or 1, and NaN-aware");
        _w.Line(statement);
        if (self) _w.Line("#pragma warning restore CS1718");
    }

    private string TypeOf(Var v) => v.Kind switch
    {
        VarKind.Element => _t,
        VarKind.Int => "int",
        VarKind.Vector => FormulaWriter.VectorType(_schedule.DType),
        _ => _t + "[]",
    };

    // for (int i = 0; i < n; i++), with a nest's flat counter started by the outermost loop and advanced by the innermost.
    private void WriteLoop(Loop l)
    {
        if (l.Vector is not null)
        {
            WriteVectorLoop(l, l.Vector);
            return;
        }
        var i = _names[l.Index];
        string init = l.StartsCounter ? $"int {i} = 0, {_names[l.Counter!]} = 0" : $"int {i} = 0";
        string step = l.AdvancesCounter ? $"{i}++, {_names[l.Counter!]}++" : $"{i}++";
        _w.Line($"for ({init}; {i} < {Int(l.Count)}; {step})");
        _w.Open();
        foreach (var s in l.Body) Statement(s);
        _w.Close();
    }

    // The vector loop over Vector<T>, then the scalar tail:
    //   for (int i = 0; i <= n - Vector<T>.Count; i += Vector<T>.Count) { vectors }
    //   for (int i = n - n % Vector<T>.Count; i < n; i++) { scalars }
    private void WriteVectorLoop(Loop l, Vectorization vector)
    {
        string i = _names[l.Index], v = FormulaWriter.VectorType(_schedule.DType);
        var (count, precedence) = IntText(l.Count, _names);
        string operand = precedence < Multiplicative ? "(" + count + ")" : count;
        // The innermost loop of a nest advances the nest's flat counter with its index (never starts it: the outer loop does).
        string advance = l.AdvancesCounter ? $", {_names[l.Counter!]} += {v}.Count" : "", increment = l.AdvancesCounter ? $", {_names[l.Counter!]}++" : "";
        foreach (var sum in vector.Sums) _w.Line($"{v} {_names[sum.Lanes]} = {v}.Zero;");
        _w.Line($"for (int {i} = 0; {i} <= {count} - {v}.Count; {i} += {v}.Count{advance})");
        _w.Open();
        _vectorLoop = l;
        _vectorValues.Clear();
        foreach (var s in l.Body) VectorStatement(s, vector);
        _vectorLoop = null;
        _w.Close();
        foreach (var sum in vector.Sums) _w.Line($"{_names[sum.Sum]} += global::System.Numerics.Vector.Sum({_names[sum.Lanes]});");
        _w.Line($"for (int {i} = {count} - {operand} % {v}.Count; {i} < {count}; {i}++{increment})");
        _w.Open();
        foreach (var s in l.Body) Statement(s);
        _w.Close();
    }

    private Loop? _vectorLoop;
    private readonly HashSet<Var> _vectorValues = new();

    // A statement of a vector loop's body: every element value is a Vector<T>.
    private void VectorStatement(Stmt s, Vectorization vector)
    {
        switch (s)
        {
            case Declare d:
                _vectorValues.Add(d.Var);
                _w.Line($"var {_names[d.Var]} = {VectorValue(d.Value)};");
                break;
            case Store st:
                _w.Line($"{Precedence.Operand(VectorText(st.Value), Primary)}.CopyTo({_names[st.Array]}, {Int(st.Index)});");
                break;
            case Accumulate a:
                _w.Line($"{_names[vector.Sums.First(x => x.Sum == a.Var).Lanes]} += {VectorValue(a.Value)};");
                break;
            case Comment c:
                _w.Line("// " + Identifiers.CommentText(c.Text));
                break;
            default:
                throw new InvalidOperationException($"{s.GetType().Name} in a vectorized loop.");
        }
    }

    private string VectorValue(ValueExpr e) => VectorText(e).text;

    // A value in a vector body: loads at i + c read Vector<T>.Count elements; anything that does not depend on i is broadcast.
    private (string text, int precedence) VectorText(ValueExpr e) => e switch
    {
        Read r when _vectorValues.Contains(r.Var) => (_names[r.Var], Primary),
        Load l when Vectorizer.Stride(l.Index, _vectorLoop!) == 1 => ($"new {FormulaWriter.VectorType(_schedule.DType)}({_names[l.Array]}, {Int(l.Index)})", Primary),
        Apply a => _vectorFormulas.Print(a.Op.Formula!, a.Operands.Select(VectorText).ToArray()),
        _ => (FormulaWriter.Splat(Value(e)), Primary),
    };

    private void WriteCall(Call c)
    {
        var args = c.Arguments.Select(Argument).ToList();
        string call = c.Kernel switch
        {
            Kernel.Copy => $"global::System.Array.Copy({string.Join(", ", args)})",
            Kernel.Clear => $"global::System.Array.Clear({args[0]}, 0, {args[1]})",
            _ => $"{Kernels}.{c.Kernel}({string.Join(", ", args)})",
        };
        if (c.Kernel is not (Kernel.Copy or Kernel.Clear)) _class.UsesRuntime = true;
        _w.Line(c.Result is { } r ? $"{_t} {_names[r]} = {call};" : call + ";");
    }

    private string Argument(KernelArg a) => a switch
    {
        ArrayArg x => _names[x.Array],
        IntArg i => Int(i.Value),
        ElementArg e => Value(e.Value),
        FlagArg f => f.Name + ": " + Literals.Bool(f.Value),
        NormalizationArg n => "global::SymGraph.Runtime.Normalization." + n.Member,
        _ => throw new InvalidOperationException($"Unexpected kernel argument {a.GetType().Name}."),
    };

    // ---- int expressions -----------------------------------------------------------------------------

    private string Int(IntExpr e) => Int(e, _names);

    private static string Int(IntExpr e, IReadOnlyDictionary<Var, string> names) => IntText(e, names).text;

    private static (string text, int precedence) IntText(IntExpr e, IReadOnlyDictionary<Var, string> names)
    {
        string Operand(IntExpr x, int least)
        {
            var (text, p) = IntText(x, names);
            return p < least ? "(" + text + ")" : text;
        }
        return e switch
        {
            IntConst c => (Literals.Int(c.Value), Primary),
            IntRead r => (names[r.Var], Primary),
            IntBinary { Operator: IntOperator.Add } b => ($"{Operand(b.Left, Additive)} + {Operand(b.Right, Multiplicative)}", Additive),
            IntBinary { Operator: IntOperator.Mul } b => ($"{Operand(b.Left, Multiplicative)} * {Operand(b.Right, Unary)}", Multiplicative),
            IntBinary { Operator: IntOperator.Max } b => ($"global::System.Math.Max({Int(b.Left, names)}, {Int(b.Right, names)})", Primary),
            _ => throw new InvalidOperationException($"Unexpected int expression {e.GetType().Name}."),
        };
    }

    // ---- element expressions -------------------------------------------------------------------------

    private string Value(ValueExpr e) => ValueText(e).text;

    private (string text, int precedence) ValueText(ValueExpr e) => e switch
    {
        Literal l => (Literals.Number(l.Value, _schedule.DType), Primary),
        Read r => (_names[r.Var], Primary),
        Load l => ($"{_names[l.Array]}[{Int(l.Index)}]", Primary),
        Apply a => Elementwise(a.Op, a.Operands),
        SizeProduct p => (SizeProduct(p), Multiplicative),
        _ => throw new InvalidOperationException($"Unexpected value expression {e.GetType().Name}."),
    };

    // The sizes multiplied in double (exact for int sizes), then the element type.
    private string SizeProduct(SizeProduct p)
    {
        var product = p.Factors.Count == 0 ? "1.0"
            : string.Join(" * ", p.Factors.Select(f => f.Constant is int c ? Literals.Number(c, DType.Float64) : "(double)" + Int(f)));
        return _schedule.DType == DType.Float64 ? product : "(float)(" + product + ")";
    }

    /// <summary>An op's scalar function: its formula, over its operands' text.</summary>
    private (string text, int precedence) Elementwise(Op op, IReadOnlyList<ValueExpr> x) =>
        _formulas.Print(op.Formula ?? throw new InvalidOperationException($"The op '{op.Name}' has no formula: it is not element-wise."), x.Select(ValueText).ToArray());
}
