using System.Diagnostics;
using System.Text.Json;

namespace SymGraph.Cli.Tests.Training;

/// <summary><c>symgraph train</c> and <c>predict</c> end to end, in process (and one run killed with SIGKILL in a child process).</summary>
public sealed class TrainCommandTests
{
    private static readonly string IrisModel = Path.Combine(CliHost.Examples, "iris_softmax.sg");
    private static readonly string IrisTrain = Path.Combine(CliHost.Examples, "data", "iris.train.csv");
    private static readonly string IrisTest = Path.Combine(CliHost.Examples, "data", "iris.test.csv");

    [Fact]
    public void TrainThenPredict_Iris_ClassifiesTheHeldOutRows()
    {
        using var dir = new TempDirectory();
        var train = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "run", "--epochs", "40", "--batch", "16", "--lr", "0.05", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        using (var doc = JsonDocument.Parse(train.Stdout))
        {
            Assert.Equal(40, doc.RootElement.GetProperty("epochs").GetInt32());
            Assert.True(doc.RootElement.GetProperty("val_accuracy").GetDouble() >= 0.9, train.Stdout);
            Assert.Equal(new[] { "epochs", "train_loss", "val_loss", "val_accuracy" }, doc.RootElement.EnumerateObject().Select(p => p.Name));
        }
        Assert.Contains("epoch 40/40", train.Stderr); // plain progress lines on a non-terminal
        foreach (var file in new[] { "params.json", "state.json", "metrics.csv", "loss.svg" })
            Assert.True(File.Exists(Path.Combine(dir.Path, "run", file)), file);
        Assert.Equal(41, File.ReadAllLines(Path.Combine(dir.Path, "run", "metrics.csv")).Length);
        Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(dir.Path, "run", "loss.svg")));

        var predict = CliHost.RunIn(dir.Path, "predict", IrisModel, "--params", "run/params.json", "--data", IrisTest, "--json", "-o", "pred.csv");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        using (var doc = JsonDocument.Parse(predict.Stdout))
        {
            Assert.Equal(30, doc.RootElement.GetProperty("rows").GetInt32());
            Assert.True(doc.RootElement.GetProperty("accuracy").GetDouble() >= 0.9, predict.Stdout);
            var confusion = doc.RootElement.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
            Assert.Equal(3, confusion.Length);
            Assert.All(confusion, row => Assert.Equal(10, row.Sum())); // rows are the true classes: 10 each
        }
        var lines = File.ReadAllLines(Path.Combine(dir.Path, "pred.csv"));
        Assert.Equal("p_setosa,p_versicolor,p_virginica,predicted,species", lines[0]);
        Assert.Equal(31, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(1.0, first.Take(3).Sum(double.Parse), 12); // probabilities
    }

    [Fact]
    public void Params_ReadBackByEval()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "run", "--epochs", "2").ExitCode);
        // params.json is a values file: with the inputs added, eval reads it.
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "run", "params.json"))).RootElement;
        var merged = "{\"x\": [[0,0,0,0]], \"y\": [[1,0,0]], " + string.Join(", ", values.EnumerateObject().Select(p => $"\"{p.Name}\": {p.Value.GetRawText()}")) + "}";
        dir.File("at.json", merged);
        var eval = CliHost.RunIn(dir.Path, "eval", IrisModel, "--at", "at.json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
    }

    [Fact]
    public void Resume_AfterStopping_ReachesTheSameParametersBitForBit()
    {
        using var dir = new TempDirectory();
        string[] common = { "train", IrisModel, "--data", IrisTrain, "--batch", "16", "--optimizer", "adam", "--lr", "0.02", "--seed", "3" };
        Assert.Equal(0, CliHost.RunIn(dir.Path, common.Concat(new[] { "-o", "whole", "--epochs", "6" }).ToArray()).ExitCode);
        Assert.Equal(0, CliHost.RunIn(dir.Path, common.Concat(new[] { "-o", "parts", "--epochs", "2" }).ToArray()).ExitCode);
        var resumed = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "parts", "--resume", "--epochs", "6");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resuming after epoch 2 of 6", resumed.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "whole", "params.json")), File.ReadAllText(Path.Combine(dir.Path, "parts", "params.json")));
        Assert.Equal(Metrics(Path.Combine(dir.Path, "whole")), Metrics(Path.Combine(dir.Path, "parts")));
    }

    [Fact]
    public void KillDashNine_LeavesTheLastEpoch_AndResumeMatchesAnUninterruptedRun()
    {
        using var dir = new TempDirectory();
        string cli = typeof(Cli).Assembly.Location;
        string[] options = { "--data", IrisTrain, "--batch", "8", "--optimizer", "nesterov", "--lr", "0.01", "--seed", "1", "--val", "0.2" };
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { cli, "train", IrisModel, "-o", "killed", "--epochs", "100000" }.Concat(options)) start.ArgumentList.Add(a);
        using (var process = Process.Start(start)!)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            string state = Path.Combine(dir.Path, "killed", "state.json");
            // Wait (without a clock) until a few epochs are checkpointed, then SIGKILL mid-run.
            for (int wait = 0; wait < 6000 && !process.HasExited && EpochOf(state) < 3; wait++) Thread.Sleep(20); // at most two minutes
            bool running = !process.HasExited;
            process.Kill(entireProcessTree: true); // SIGKILL on Linux
            process.WaitForExit();
            Assert.True(running, "the run ended before it could be killed");
        }
        string killedDir = Path.Combine(dir.Path, "killed");
        int epoch = EpochOf(Path.Combine(killedDir, "state.json"));
        Assert.True(epoch >= 3);
        // params.json is complete and readable (written atomically); no temporary files are left to read.
        using (JsonDocument.Parse(File.ReadAllText(Path.Combine(killedDir, "params.json")))) { }
        int total = epoch + 3;
        var resumed = CliHost.RunIn(dir.Path, "train", IrisModel, "-o", "killed", "--resume", "--epochs", total.ToString(), "--data", IrisTrain);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var whole = CliHost.RunIn(dir.Path, new[] { "train", IrisModel, "-o", "whole", "--epochs", total.ToString() }.Concat(options).ToArray());
        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "whole", "params.json")), File.ReadAllText(Path.Combine(killedDir, "params.json")));
    }

    [Fact]
    public void Interrupt_StopsAfterTheCurrentStep_KeepsTheLastCheckpoint()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var r = CliHost.Run(new CliEnvironment { WorkingDirectory = dir.Path, Interrupt = cancel.Token }, "train", IrisModel, "--data", IrisTrain, "-o", "run");
        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted at epoch 1, step 1 of", r.Stderr);
        Assert.Contains("no checkpoint was written", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.Path, "run", "params.json")));
    }

    [Fact]
    public void NaNLoss_StopsNamingEpochAndStep()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", "input x[batch, 2]\ninput y[batch, 1]\nparam w[2, 1]\nloss = mean(log(x @ w - 100))\nminimize loss\n");
        dir.File("d.csv", "a,b,t\n1,2,0.5\n3,4,1.5\n5,6,2.5\n");
        var r = CliHost.RunIn(dir.Path, "train", "m.sg", "--data", "d.csv", "-o", "run", "--val", "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("symgraph: error: training diverged: the loss is NaN at epoch 1, step 1 of 1; no checkpoint was written", r.Stderr);
    }

    [Fact]
    public void DivergingRegression_KeepsTheLastFiniteCheckpoint()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", "input x[batch, 2]\ninput y[batch, 1]\nparam w[2, 1], b[1]\np = x @ w + b\nloss = mean(square(p - y))\nminimize loss\noutput p\n");
        dir.File("d.csv", "a,b,t\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5 * 2},{i % 3}")) + "\n");
        var r = CliHost.RunIn(dir.Path, "train", "m.sg", "--data", "d.csv", "-o", "run", "--val", "0", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "1000", "--batch", "10");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"training diverged: the loss is (Infinity|NaN) at epoch (\d+), step \d of 4; .*params.json holds epoch \d+", r.Stderr);
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "run", "params.json"))).RootElement;
        Assert.All(values.GetProperty("w").EnumerateArray().SelectMany(row => row.EnumerateArray()), v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
    }

    [Fact]
    public void Regression_PredictReportsRmse_Float32()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", "input x[batch, 2]\ninput y[batch, 1]\nparam w[2, 1], b[1]\np = x @ w + b\nloss = mean(square(p - y))\nminimize loss\noutput p\n");
        dir.File("d.csv", "a,b,t\n" + string.Join("\n", Enumerable.Range(0, 50).Select(i => $"{i % 7},{i % 5},{2 * (i % 7) - (i % 5) + 1}")) + "\n");
        var train = CliHost.RunIn(dir.Path, "train", "m.sg", "--data", "d.csv", "-o", "run", "--val", "0", "--epochs", "40", "--batch", "10", "--dtype", "f32", "--optimizer", "sgd", "--lr", "0.1");
        Assert.True(train.ExitCode == 0, train.ToString());
        var predict = CliHost.RunIn(dir.Path, "predict", "m.sg", "--params", "run/params.json", "--data", "d.csv", "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        using var doc = JsonDocument.Parse(predict.Stdout);
        Assert.Equal(50, doc.RootElement.GetProperty("rows").GetInt32());
        Assert.True(doc.RootElement.GetProperty("rmse").GetDouble() < 1e-2, predict.Stdout);
    }

    [Fact]
    public void CSharpBackend_Trains()
    {
        using var dir = new TempDirectory();
        var r = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "run", "--epochs", "20", "--backend", "cs", "--json", "--lr", "0.05");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("val_accuracy").GetDouble() >= 0.9, r.Stdout);
    }

    [Fact]
    public void EarlyStop_EndsTheRunWhenValidationStopsImproving()
    {
        using var dir = new TempDirectory();
        var r = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "run", "--epochs", "500", "--val", "0.3", "--optimizer", "sgd", "--lr", "0.5", "--early-stop", "5", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        int epochs = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("epochs").GetInt32();
        Assert.InRange(epochs, 6, 499);
        Assert.Matches($@"symgraph: stopped early at epoch {epochs}: the validation loss has not improved for 5 epochs \(best [0-9.]+ at epoch {epochs - 5}\)", r.Stderr);
    }

    [Fact]
    public void Init_StartsFromTheGivenParameters_AndNamesWhatDoesNotFit()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "first", "--epochs", "30", "--lr", "0.05", "--val", "0").ExitCode);
        // One more epoch from the trained parameters: the loss starts where the first run ended, far below a fresh start's.
        var fresh = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "fresh", "--epochs", "1", "--lr", "0.05", "--val", "0", "--json");
        var resumed = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "second", "--epochs", "1", "--lr", "0.05", "--val", "0", "--json", "--init", "first/params.json");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        double Loss(CliResult r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("train_loss").GetDouble();
        Assert.True(Loss(resumed) < Loss(fresh) / 2, $"{Loss(resumed)} vs {Loss(fresh)}");
        dir.File("bad.json", "{\"W\": [1, 2, 3], \"b\": [0, 0, 0]}");
        var bad = CliHost.RunIn(dir.Path, "train", IrisModel, "--data", IrisTrain, "-o", "third", "--init", "bad.json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("symgraph: error: bad.json: 'W' has 3 values; the model declares W[4,3] (12)\n", bad.Stderr);
    }

    private static string Metrics(string dir) =>
        string.Join("\n", File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Select(l => string.Join(",", l.Split(',').Take(5)))); // without the seconds

    private static int EpochOf(string state)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(state));
            return doc.RootElement.GetProperty("epoch").GetInt32();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return -1; // not written yet
        }
    }
}
