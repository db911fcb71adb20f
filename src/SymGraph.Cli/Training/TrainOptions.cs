using SymGraph.Training;

namespace SymGraph.Cli;

/// <summary>The settings of one training run, from the command line or, on <c>--resume</c>, from <c>state.json</c>.</summary>
internal sealed class TrainOptions
{
    public string Optimizer { get; set; } = "sgd";

    public double LearningRate { get; set; } = 0.1;

    public double Momentum { get; set; } = 0.9;

    public double L1 { get; set; }

    public double L2 { get; set; }

    public double WeightDecay { get; set; }

    public double? Clip { get; set; }

    public string Schedule { get; set; } = "constant";

    public int Epochs { get; set; } = 20;

    public int Batch { get; set; } = 32;

    public double Validation { get; set; } = 0.1;

    public int EarlyStop { get; set; }

    public int Seed { get; set; }

    public string DType { get; set; } = "f64";

    public string Backend { get; set; } = "expr";

    public string? Target { get; set; }

    public bool NoHeader { get; set; }

    public Optimizer CreateOptimizer() => SymGraph.Training.Optimizer.Parse(Optimizer, Momentum);

    public Regularization CreateRegularization() => new() { L1 = L1, L2 = L2, WeightDecay = WeightDecay, MaxGradNorm = Clip };

    /// <summary>The options as written into <c>state.json</c> (everything that decides the result).</summary>
    public void Write(Json w)
    {
        w.StartObject();
        w.Member("optimizer", Optimizer);
        w.Member("lr", LearningRate);
        w.Member("momentum", Momentum);
        w.Member("l1", L1);
        w.Member("l2", L2);
        w.Member("weight_decay", WeightDecay);
        w.Name("clip");
        if (Clip is { } c) w.Number(c); else w.Null();
        w.Member("schedule", Schedule);
        w.Member("epochs", Epochs);
        w.Member("batch", Batch);
        w.Member("val", Validation);
        w.Member("early_stop", EarlyStop);
        w.Member("seed", Seed);
        w.Member("dtype", DType);
        w.Member("backend", Backend);
        w.Name("target");
        if (Target is null) w.Null(); else w.String(Target);
        w.Member("no_header", NoHeader);
        w.EndObject();
    }

    public static TrainOptions Read(JsonValues v) => new()
    {
        Optimizer = v.String("optimizer"),
        LearningRate = v.Number("lr"),
        Momentum = v.Number("momentum"),
        L1 = v.Number("l1"),
        L2 = v.Number("l2"),
        WeightDecay = v.Number("weight_decay"),
        Clip = v.OptionalNumber("clip"),
        Schedule = v.String("schedule"),
        Epochs = (int)v.Number("epochs"),
        Batch = (int)v.Number("batch"),
        Validation = v.Number("val"),
        EarlyStop = (int)v.Number("early_stop"),
        Seed = (int)v.Number("seed"),
        DType = v.String("dtype"),
        Backend = v.String("backend"),
        Target = v.OptionalString("target"),
        NoHeader = v.Bool("no_header"),
    };
}
