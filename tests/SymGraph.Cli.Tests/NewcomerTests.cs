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
}
