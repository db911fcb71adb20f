using System.Text;

namespace SymGraph.Cli.Tests.Training;

/// <summary>
/// The committed splits of examples/data: each NAME.csv split once into NAME.train.csv and NAME.test.csv
/// by <see cref="Dataset.Split"/> (seed 0, 20% held out, stratified by the last column). The test
/// regenerates them and compares; <c>SYMGRAPH_ACCEPT=1</c> writes them.
/// </summary>
public sealed class ExampleDataTests
{
    public const double TestFraction = 0.2;

    [Theory]
    [InlineData("iris", 150, 30)]
    [InlineData("digits", 1797, 360)]
    [InlineData("xor", 400, 80)]
    public void ExampleSplit_IsTheSeed0StratifiedSplit(string name, int rows, int test)
    {
        string folder = Path.Combine(CliHost.Examples, "data");
        var context = new CliContext(TextWriter.Null, TextWriter.Null, new CliEnvironment { WorkingDirectory = folder });
        var table = CsvTable.Read(context, name + ".csv", noHeader: false);
        Assert.True(table.HasHeader);
        Assert.Equal(rows, table.Rows.Count);
        int target = table.Columns.Length - 1;
        var classes = DataSpec.SortLabels(table.Rows.Select(r => r[target]).Distinct());
        var labels = table.Rows.Select(r => Array.IndexOf(classes, r[target])).ToArray();
        var (trainRows, testRows) = Dataset.Split(table.Rows.Count, labels, TestFraction, seed: 0);
        Assert.Equal(test, testRows.Length);
        Assert.Equal(rows - test, trainRows.Length);
        // stratified: every class's share of the test rows is within one row of 20%
        for (int c = 0; c < classes.Length; c++)
        {
            int all = labels.Count(l => l == c), held = testRows.Count(r => labels[r] == c);
            Assert.InRange(held, Math.Floor(TestFraction * all), Math.Ceiling(TestFraction * all));
        }
        foreach (var (suffix, part) in new[] { ("train", trainRows), ("test", testRows) })
        {
            var sb = new StringBuilder(string.Join(",", table.Columns)).Append('\n');
            foreach (int r in part) sb.Append(string.Join(",", table.Rows[r])).Append('\n');
            string path = Path.Combine(folder, $"{name}.{suffix}.csv");
            if (Environment.GetEnvironmentVariable("SYMGRAPH_ACCEPT") == "1") File.WriteAllText(path, sb.ToString());
            Assert.True(File.Exists(path), $"{path} is missing; run the tests with SYMGRAPH_ACCEPT=1 to write it");
            Assert.Equal(sb.ToString(), File.ReadAllText(path).Replace("\r\n", "\n"));
        }
    }
}
