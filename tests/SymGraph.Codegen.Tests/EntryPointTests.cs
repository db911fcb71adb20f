using SymGraph.Codegen.Compilation;
using SymGraph.Codegen.Expressions;

namespace SymGraph.Tests;

/// <summary>
/// Both array entry points — <c>CompiledFunction.Invoke</c> and the generated <c>Invoke{Name}</c> —
/// check the same things (counts, nulls, lengths, symbolic sizes) and fail with the same exception
/// type and message for the same bad call.
/// </summary>
public class EntryPointTests
{
    // The MLP of the thread-safety tests: arguments X[batch,4], Y[batch,3], W1[4,8], b1[8], W2[8,3], b2[3];
    // results loss (scalar), dW1, db1, dW2, db2.
    private static readonly Lazy<(ArrayEntryPoint<double> IL, ArrayEntryPoint<double> CSharp)> s_functions = new(() =>
    {
        var (outputs, arguments) = ThreadSafetyTests.Mlp();
        var il = ExpressionCompiler.Compile(outputs, arguments);
        var cs = CSharpCompiler.Compile(CSharpHarness.Emit(outputs, arguments, "EntryChecked")).EntryPoint<double>("Run");
        return (il.Invoke, cs);
    });

    private static double[][] Arguments(int batch) => new[] { batch * 4, batch * 3, 32, 8, 24, 3 }.Select(n => new double[n]).ToArray();

    private static double[][] Results() => new[] { 1, 32, 8, 24, 3 }.Select(n => new double[n]).ToArray();

    public static TheoryData<string> Cases => new()
    {
        "arguments null", "results null", "no arguments", "five arguments", "four results", "seven arguments",
        "size source null", "argument null", "result null", "size source not a multiple", "argument too short",
        "second batch input disagrees", "result too long", "scalar result of three", "empty batch is fine",
    };

    private static (double[][]? Arguments, double[][]? Results) Call(string name)
    {
        var a = Arguments(5);
        var r = Results();
        switch (name)
        {
            case "arguments null": return (null, r);
            case "results null": return (a, null);
            case "no arguments": return (Array.Empty<double[]>(), r);
            case "five arguments": return (a.Take(5).ToArray(), r);
            case "four results": return (a, r.Take(4).ToArray());
            case "seven arguments": return (a.Append(new double[1]).ToArray(), r);
            case "size source null": a[0] = null!; return (a, r);
            case "argument null": a[2] = null!; return (a, r);
            case "result null": r[3] = null!; return (a, r);
            case "size source not a multiple": a[0] = new double[7]; return (a, r);
            case "argument too short": a[4] = new double[23]; return (a, r);
            case "second batch input disagrees": a[1] = new double[12]; return (a, r);
            case "result too long": r[1] = new double[33]; return (a, r);
            case "scalar result of three": r[0] = new double[3]; return (a, r);
            case "empty batch is fine": return (Arguments(0), r);
            default: throw new ArgumentException(name);
        }
    }

    private static Exception? Outcome(ArrayEntryPoint<double> f, string name)
    {
        var (a, r) = Call(name);
        try { f(a!, r!); return null; }
        catch (Exception e) { return e; }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadCall_SameErrorInBothBackends(string name)
    {
        var (il, cs) = s_functions.Value;
        var expected = Outcome(il, name);
        var actual = Outcome(cs, name);
        if (name == "empty batch is fine")
        {
            Assert.Null(expected);
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.IsAssignableFrom<ArgumentException>(expected);
        Assert.Equal(expected!.GetType(), actual!.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void BadCall_MessagesNameTheArray()
    {
        var (_, cs) = s_functions.Value;
        Assert.Equal("The argument array 4 ('W2' f64[8,3]) has 23 elements; expected 24. (Parameter 'arguments')", Outcome(cs, "argument too short")!.Message);
        Assert.Equal("Expected 6 arguments, got 0. (Parameter 'arguments')", Outcome(cs, "no arguments")!.Message);
        Assert.StartsWith("The argument array 0 ('X' f64[batch,4]) has 7 elements; expected a multiple of 4.", Outcome(cs, "size source not a multiple")!.Message);
        Assert.StartsWith("The result array 0 ('loss' f64[]) has 3 elements; expected 1.", Outcome(cs, "scalar result of three")!.Message);
        Assert.StartsWith("The argument array 1 ('Y' f64[batch,3]) has 12 elements; expected 15.", Outcome(cs, "second batch input disagrees")!.Message);
    }
}
