namespace SymGraph.Cli.Tests.Training;

/// <summary>Bad data files: one diagnostic naming the file, the row (its line) and the column.</summary>
public sealed class DataErrorTests
{
    private const string Model = "input x[batch, 2]\ninput y[batch, 3]\nparam W[2, 3], b[3]\nloss = mean(cross_entropy_logits(x @ W + b, y))\nminimize loss\nz = x @ W + b\noutput z\n";

    private static CliResult Train(string csv, params string[] extra)
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        dir.File("bad.csv", csv);
        return CliHost.RunIn(dir.Path, new[] { "train", "m.sg", "--data", "bad.csv", "-o", "run", "--epochs", "1" }.Concat(extra).ToArray());
    }

    [Fact]
    public void NonNumericCell_NamesFileRowAndColumn()
    {
        var r = Train("a,b,kind\n1,2,x\n3,4,y\n5,abc,z\n");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bad.csv(4,2): error SG0603: column 'b': 'abc' is not a number\n", r.Stderr);
    }

    [Fact]
    public void EmptyCell_SaysSo()
    {
        var r = Train("a,b,kind\n1,2,x\n,4,y\n5,6,z\n");
        Assert.Equal("bad.csv(3,1): error SG0603: column 'a': the cell is empty; every feature needs a number\n", r.Stderr);
    }

    [Fact]
    public void MissingTargetColumn_Suggests()
    {
        var r = Train("a,b,kind\n1,2,x\n3,4,y\n5,6,z\n", "--target", "knd");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bad.csv(1,1): error SG0602: there is no column 'knd' (--target); did you mean 'kind'?; the columns are a, b, kind\n", r.Stderr);
    }

    [Fact]
    public void ClassCountThatDoesNotFit_NamesBoth()
    {
        var r = Train("a,b,kind\n1,2,x\n3,4,y\n5,6,z\n7,8,w\n");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bad.csv(1,1): error SG0605: the target column 'kind' has 4 classes (w, x, y, z); the model's target input 'y' [batch,3] takes 3\n", r.Stderr);
    }

    [Fact]
    public void FeatureCountThatDoesNotFit_NamesBoth()
    {
        var r = Train("a,b,c,kind\n1,2,3,x\n3,4,5,y\n5,6,7,z\n");
        Assert.Equal("bad.csv(1,1): error SG0605: the data has 3 feature columns besides the target 'kind'; the model's input 'x' [batch,2] takes 2\n", r.Stderr);
    }

    [Fact]
    public void RaggedRow_NamesTheRow()
    {
        var r = Train("a,b,kind\n1,2,x\n3,4\n5,6,z\n");
        Assert.Equal("bad.csv(3,3): error SG0604: this row has 2 cells; the first row has 3\n", r.Stderr);
    }

    [Fact]
    public void NoHeader_NumericFirstRow_ColumnsAreNamedC0ToCN()
    {
        var r = Train("1,2,0\n3,4,1\n5,x,2\n");
        Assert.Equal("bad.csv(3,2): error SG0603: column 'c1': 'x' is not a number\n", r.Stderr);
        var forced = Train("a,b,kind\n1,2,x\n3,4,y\n", "--no-header");
        Assert.Equal("bad.csv(1,1): error SG0603: column 'c0': 'a' is not a number\n", forced.Stderr);
    }

    [Fact]
    public void EmptyFile_SaysItHasNoRows()
    {
        var r = Train("");
        Assert.Equal("bad.csv(1,1): error SG0601: the data file has no rows\n", r.Stderr);
    }

    [Fact]
    public void Predict_UnknownClass_NamesRowAndColumn()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Model);
        dir.File("d.csv", "a,b,kind\n1,2,x\n3,4,y\n5,6,z\n1,3,x\n2,2,y\n6,5,z\n");
        Assert.Equal(0, CliHost.RunIn(dir.Path, "train", "m.sg", "--data", "d.csv", "-o", "run", "--epochs", "1", "--val", "0").ExitCode);
        dir.File("t.csv", "a,b,kind\n1,2,x\n3,4,q\n");
        var r = CliHost.RunIn(dir.Path, "predict", "m.sg", "--params", "run/params.json", "--data", "t.csv");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("t.csv(3,3): error SG0606: column 'kind': 'q' is not one of the classes the model was trained on (x, y, z)\n", r.Stderr);
    }
}
