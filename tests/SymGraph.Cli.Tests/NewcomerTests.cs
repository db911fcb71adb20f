namespace SymGraph.Cli.Tests;

/// <summary>
/// What a newcomer ran into: huge shapes, empty batches in values files, what eval --json output is
/// good for, option errors, and numbers JSON can write but float64 cannot hold. One test (or a few)
/// per finding, named after it.
/// </summary>
public class NewcomerTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // ---- 1. huge static shapes: a located error, not an internal one ---------------------------------

    [Theory]
    [InlineData("check")]
    [InlineData("compile")]
    [InlineData("bench")]
    public void HugeStaticShape_OverIntMaxElements_LocatedErrorExitCodeOne(string command)
    {
        // check: OverflowException drawing the random point; compile: FoldConstants' "more than 2147483647 elements".
        var r = CliHost.RunModel("param W[100000, 100000]\nminimize sum(W^2)\n", "{}", command, "m.sg");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal("m.sg(1,7): error SG0304: 'W' [100000,100000] has 10,000,000,000 elements; a value has at most 2,147,483,647 (2^31 - 1)\n", r.Stderr);
    }

    [Fact]
    public void HugeStaticShape_InvalidDimension_NoCascadingNoParamWarning()
    {
        var r = CliHost.RunModel("param W[2147483648]\nminimize sum(W^2)\n", "{}", "check", "m.sg");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("m.sg(1,9): error SG0108: invalid dimension '2147483648': a dimension is a non-negative integer below 2^31 or a size name\n", r.Stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("bench")]
    public void HugeStaticShape_RandomPointTooLarge_NotEnoughMemoryNamesTheValue(string command)
    {
        // 16 GB in one array: was an internal error (OutOfMemoryException). Refused before anything is allocated.
        var r = CliHost.RunModel("param b[3], W[2147483647]\nminimize sum(W^2) + sum(b)\n", "{}", command, "m.sg");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal("symgraph: error: not enough memory for the values of 'W' (2,147,483,647 elements, 16 GB); " +
            "one array holds at most 2,147,483,591\n", r.Stderr);
    }

    [Fact]
    public void HugeStaticShape_IntermediateTooLarge_NotEnoughMemoryExitCodeOne()
    {
        // a @ b has 2,147,483,592 elements: a valid shape, but more than one .NET array holds, so evaluating
        // it throws OutOfMemoryException (without allocating anything).
        var r = CliHost.RunModel("param a[43317, 1], b[1, 49576]\nminimize sum(a @ b)\n", "{}", "check", "m.sg");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("", r.Stdout);
        var line = Assert.Single(Lines(r.Stderr));
        Assert.StartsWith("symgraph: error: not enough memory (", line);
        Assert.EndsWith("): the model, its values or the code generated for it are too large for this machine", line);
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(1023, "1023 bytes")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(80L << 20, "80 MB")]
    [InlineData(17_179_869_176, "16 GB")]
    public void HugeStaticShape_SizesInMessages_InBinaryUnits(long bytes, string text)
    {
        Assert.Equal(text, TextFormat.Bytes(bytes));
    }

    // ---- 2. an empty batch in a values file -----------------------------------------------------------

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void EmptyBatch_EvalNoRows_NaNMeanAndTheGradientOfThePenalty(string backend)
    {
        // logistic_regression with 0 rows: "X": [] was SG0408 "expected shape [batch,3], got [0]".
        var model = File.ReadAllText(Path.Combine(CliHost.Examples, "logistic_regression.sg"));
        var r = CliHost.RunModel(model, """{"X": [], "y": [], "w": [0.1, -0.2, 0.05], "b": 0.3}""",
            "eval", "m.sg", "--at", "m.json", "--grad", "--hessian", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        // The mean over no rows is 0/0; the data terms sum over no rows, so only the L2 penalty 0.01·|w|² has a gradient.
        Assert.Equal("""
            loss = NaN
            p [0] = []
            gradient:
              d/dw [3] = [0.002, -0.004, 0.001]
              d/db = 0
            hessian (4×4, rows and columns: w, b, row-major):
              0.02     0     0  0
                 0  0.02     0  0
                 0     0  0.02  0
                 0     0     0  0

            """.Replace("\r\n", "\n"), r.Stdout);
    }

    [Fact]
    public void EmptyBatch_ZeroStaticRows_EmptyArrayAccepted()
    {
        var r = CliHost.RunModel("param W[0, 3], v[3]\nminimize sum(W) + sum(v^2)\n", """{"W": [], "v": [1, 2, 3]}""",
            "eval", "m.sg", "--at", "m.json", "--grad", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("\"W\": [],", r.Stdout);
        Assert.Contains("\"v\": [2, 4, 6]", r.Stdout);
    }

    // ---- 3. eval --json output is not a values file; an unknown name is reported once ----------------

    [Fact]
    public void EvalJsonOutput_GivenAsValuesFile_EachUnknownNameReportedOnce()
    {
        var first = CliHost.Run("eval", CliHost.Model("logistic_regression"), "--at", CliHost.Values("logistic_regression"), "--grad", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var r = CliHost.RunModel(File.ReadAllText(Path.Combine(CliHost.Examples, "logistic_regression.sg")), first.Stdout, "eval", "m.sg", "--at", "m.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(new[]
        {
            "m.json(1,1): error SG0403: no value for input 'X' [batch,3]",
            "m.json(1,1): error SG0403: no value for input 'y' [batch]",
            "m.json(1,1): error SG0403: no value for param 'w' [3]",
            "m.json(1,1): error SG0403: no value for param 'b' []",
            "m.json(2,3): error SG0404: the model has no input or parameter named 'outputs'",   // was also SG0406 "found an object"
            "m.json(6,3): error SG0404: the model has no input or parameter named 'gradient'",
        }, Lines(r.Stderr));
    }

    // ---- 5. numbers JSON can write but float64 cannot hold; other spellings of NaN -------------------

    [Fact]
    public void NumberOutOfRange_1e400_OneErrorSayingWriteInfinity()
    {
        // Was "SG0401: invalid JSON: invalid number '1e400'": it is valid JSON.
        var r = CliHost.RunModel("input x[2]\nparam w\nminimize sum(w * x)\n", """{"x": [1e400, "nan"], "w": 1}""", "eval", "m.sg", "--at", "m.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("m.json(1,8): error SG0410: 'x': '1e400' is out of range for float64 (write \"Infinity\" for an infinite value)\n", r.Stderr);

        r = CliHost.RunModel("input x[2]\nparam w\nminimize sum(w * x)\n", """{"x": [1, "nan"], "w": "Infinity"}""", "eval", "m.sg", "--at", "m.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("m.json(1,11): error SG0406: 'x': \"nan\" is not a number; did you mean \"NaN\"? " +
            "(NaN and the infinities are written \"NaN\", \"Infinity\" and \"-Infinity\", exactly so spelled)\n", r.Stderr);
    }
}
