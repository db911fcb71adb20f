using SymGraph.Training;

namespace SymGraph.Cli.Tests.Training;

public sealed class ScheduleTests
{
    [Theory]
    [InlineData("constant", 0, 10, 0.1)]
    [InlineData("constant", 9, 10, 0.1)]
    [InlineData("step:3:0.5", 2, 10, 0.1)]
    [InlineData("step:3:0.5", 3, 10, 0.05)]
    [InlineData("step:3:0.5", 7, 10, 0.025)]
    [InlineData("exp:0.9", 2, 10, 0.081)]
    [InlineData("inv:0.5", 4, 10, 0.1 / 3)]
    [InlineData("cosine", 0, 10, 0.1)]
    [InlineData("cosine", 5, 10, 0.05)]
    [InlineData("cosine:0.02", 5, 10, 0.06)]
    [InlineData("constant,warmup:4", 0, 10, 0.025)]
    [InlineData("constant,warmup:4", 3, 10, 0.1)]
    [InlineData("step:2:0.1,warmup:2", 3, 10, 0.1)]   // the decay counts from the end of the warm-up
    [InlineData("step:2:0.1,warmup:2", 4, 10, 0.01)]
    [InlineData("cosine,warmup:2", 2, 10, 0.1)]
    [InlineData("cosine,warmup:2", 6, 10, 0.05)]
    public void Rate_FollowsTheStatedFormula(string spec, int epoch, int epochs, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.Parse(spec).Rate(0.1, epoch, epochs), 12);

    [Theory]
    [InlineData("linear", "not a schedule")]
    [InlineData("step:0:0.5", "EVERY must be a positive integer")]
    [InlineData("exp:-1", "GAMMA must be a positive number")]
    [InlineData("cosine,warmup:x", "'warmup:x' is not 'warmup:EPOCHS'")]
    public void Parse_Invalid_SaysWhatAndTheForms(string spec, string fragment)
    {
        var e = Assert.Throws<FormatException>(() => LearningRateSchedule.Parse(spec));
        Assert.Contains(fragment, e.Message);
        Assert.Contains("step:EVERY:FACTOR", e.Message);
    }

    [Fact]
    public void TrainCommand_BadSchedule_IsAUsageError()
    {
        var r = CliHost.Run("train", "examples/iris_softmax.sg", "--data", "examples/data/iris.train.csv", "-o", "unused", "--schedule", "cos");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--schedule: 'cos': not a schedule", r.Stderr);
    }
}
