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

    // ---- 4. option errors: one line each, with suggestions, in one form -------------------------------

    [Theory]
    [InlineData("check examples/xor.sg --sed 3", "unknown option '--sed'; did you mean '--seed'?")]        // was two "Unrecognized" lines
    [InlineData("check examples/xor.sg --hess", "unknown option '--hess'; did you mean '--hessian'?")]
    [InlineData("check examples/xor.sg --seed abc --sed 3", "unknown option '--sed'; did you mean '--seed'?\nsymgraph: error: --seed: 'abc' is not an integer")]
    [InlineData("--verison", "unknown option '--verison'; did you mean '--version'?")]
    [InlineData("check examples/xor.sg --frobnicate", "unknown option '--frobnicate'")]
    [InlineData("check examples/xor.sg extra.sg", "unexpected argument 'extra.sg'")]
    public void OptionTypo_OneErrorWithSuggestion(string commandLine, string message)
    {
        var r = CliHost.Run(commandLine.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        string command = commandLine.StartsWith("--") ? "symgraph" : "symgraph " + commandLine.Split(' ')[0];
        Assert.Equal($"symgraph: error: {message}\nRun '{command} --help' for usage.\n", r.Stderr);
    }

    [Theory]
    [InlineData("evaluate", "eval")]      // far from eval by edit distance, but it extends it
    [InlineData("comp", "compile")]
    [InlineData("compil", "compile")]
    [InlineData("Graph", "graph")]
    public void CommandTypo_PrefixOrExtension_SuggestsTheCommand(string typed, string meant)
    {
        var r = CliHost.Run(typed, CliHost.Model("xor"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"symgraph: error: unknown command '{typed}'; did you mean '{meant}'?\nRun 'symgraph --help' for usage.\n", r.Stderr);
    }

    [Theory]
    [InlineData("eval examples/xor.sg --at examples/xor.values.json --backend ccs", "--backend: 'ccs' is not one of interp, expr, cs; did you mean 'cs'?")]
    [InlineData("bench examples/xor.sg --backend fortran", "--backend: 'fortran' is not one of interp, expr, cs")]
    [InlineData("compile examples/xor.sg --emit DLL", "--emit: 'DLL' is not one of cs, dll; did you mean 'dll'?")]
    [InlineData("graph examples/xor.sg --format svgg", "--format: 'svgg' is not one of text, dot, svg; did you mean 'svg'?")]
    public void OptionChoice_NotAmongThem_OneLineWithSuggestion(string commandLine, string message)
    {
        // was "Argument 'ccs' not recognized. Must be one of:" and a tab-indented line per choice
        var r = CliHost.Run(commandLine.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"symgraph: error: {message}\nRun 'symgraph {commandLine.Split(' ')[0]} --help' for usage.\n", r.Stderr);
    }

    [Fact]
    public void NoArguments_ShortUsageOnStandardError_ExitCodeTwo()
    {
        // was "symgraph: error: Required command was not provided."
        var r = CliHost.Run();
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var lines = Lines(r.Stderr);
        Assert.Equal("Usage: symgraph <command> MODEL.sg [options]", lines[0]);
        Assert.Equal("Commands:", lines[1]);
        Assert.Equal(new[] { "compile", "eval", "check", "graph", "bench", "train", "predict" }, lines.Skip(2).Take(7).Select(l => l.Trim().Split(' ')[0]));
        Assert.Equal("Run 'symgraph --help' for more, 'symgraph <command> --help' for a command's options.", lines[^1]);
        Assert.DoesNotContain("error", r.Stderr);
    }

    [Theory]
    [InlineData("check examples/xor.sg --atol x", "--atol: 'x' is not a number")]
    [InlineData("check examples/xor.sg --atol -1", "--atol: must not be negative, got -1")]
    [InlineData("check examples/xor.sg --rtol -0.5", "--rtol: must not be negative, got -0.5")]
    [InlineData("check examples/xor.sg --samples 0", "--samples: must be at least 1, got 0")]
    [InlineData("check examples/xor.sg --seed", "--seed: expects a value (N)")]
    [InlineData("check examples/xor.sg --seed 1 --seed 2", "--seed: given 2 times; give it once")]
    [InlineData("eval examples/xor.sg", "missing option --at VALUES.json")]
    [InlineData("eval examples/xor.sg --at", "--at: expects a value (VALUES.json)")]
    [InlineData("eval examples/xor.sg --at a.json --at b.json", "--at: given 2 times; give it once")]
    [InlineData("compile", "missing MODEL: the model file (.sg)")]
    [InlineData("graph examples/xor.sg --json", "--json: only with --stats (it prints the node counts as JSON)")]
    [InlineData("graph examples/xor.sg --stats --format dot", "--format: not with --stats (which prints node counts, not a graph)")]
    [InlineData("compile examples/xor.sg --class 1x", "--class: '1x' is not a valid C# identifier: it starts with '1' (U+0031)")]
    [InlineData("compile examples/xor.sg --namespace A.class.B", "--namespace: 'A.class.B' has a part that is a C# keyword: 'class'")]
    public void OptionMessages_OneForm_OptionColonLowerCase(string commandLine, string message)
    {
        var r = CliHost.Run(commandLine.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal($"symgraph: error: {message}", Lines(r.Stderr)[0]);
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
