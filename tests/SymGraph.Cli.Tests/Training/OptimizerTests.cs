using SymGraph.Codegen.Expressions;
using SymGraph.Model;
using SymGraph.Training;

namespace SymGraph.Cli.Tests.Training;

/// <summary>
/// Every optimizer's compiled step (both backends) against a direct implementation of PyTorch 1.13's
/// update equations, fed the same gradients: within 1e-12 over 100 steps of varying batch size and
/// learning rate. The reference takes its gradients from a separately compiled value-and-gradient function.
/// </summary>
public sealed class OptimizerTests
{
    private const string ModelText = """
        input x[batch, 3]
        input y[batch, 2]
        param W1[3, 4], b1[4], W2[4, 2], b2[2]
        h = tanh(x @ W1 + b1)
        loss = mean(sum(square(h @ W2 + b2 - y), 1))
        minimize loss
        """;

    /// <summary>One configuration: the optimizer's name and the regularization applied.</summary>
    public sealed record Config(string Name, Func<Optimizer> Optimizer, double L1 = 0, double L2 = 0, double WeightDecay = 0, double? Clip = null)
    {
        public override string ToString() => Name;
    }

    public static readonly Config[] Configs =
    {
        new("sgd", Optimizer.Sgd),
        new("momentum", () => Optimizer.WithMomentum(0.9)),
        new("nesterov", () => Optimizer.Nesterov(0.8)),
        new("adam", () => Optimizer.Adam()),
        new("adamw", () => Optimizer.AdamW(), WeightDecay: 0.01),
        new("sgd+l1+l2+clip", Optimizer.Sgd, L1: 1e-3, L2: 1e-2, Clip: 0.05),
        new("nesterov+l2+decay", () => Optimizer.Nesterov(0.9), L2: 5e-3, WeightDecay: 0.02),
        new("adam+l1+clip", () => Optimizer.Adam(0.8, 0.99, 1e-6), L1: 1e-3, Clip: 0.1),
    };

    public static TheoryData<string> ConfigNames() { var d = new TheoryData<string>(); foreach (var c in Configs) d.Add(c.Name); return d; }

    private static readonly Lazy<Fixture> Shared = new(() => new Fixture());

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void Step_MatchesPyTorchEquations_Over100Steps(string name)
    {
        var fixture = Shared.Value;
        int index = Array.FindIndex(Configs, c => c.Name == name);
        var config = Configs[index];
        foreach (var (backend, step) in new[] { ("expr", fixture.Expr[index]), ("cs", fixture.CSharp[index]) })
        {
            var reference = new Reference(config, fixture);
            for (int p = 0; p < 4; p++) step.SetParameter(p, fixture.Initial[p]);
            for (int s = 0; s < step.Rule.State.Count; s++) step.SetState(s, new double[step.StateValue(s).Length]);
            step.StepCount = 0;
            for (int k = 0; k < 100; k++)
            {
                var batch = fixture.Batches[k % fixture.Batches.Length];
                double lr = LearningRate(k);
                double loss = step.Run(batch, lr);
                double expectedLoss = reference.Step(batch, lr);
                AssertClose(expectedLoss, loss, $"{backend} {name}: loss at step {k + 1}");
                for (int p = 0; p < 4; p++)
                    for (int e = 0; e < reference.Parameters[p].Length; e++)
                        AssertClose(reference.Parameters[p][e], step.Parameter(p)[e], $"{backend} {name}: parameter {p}[{e}] after step {k + 1}");
            }
            Assert.Equal(100, step.StepCount);
        }
    }

    [Fact]
    public void Step_AllocatesNothing_BothBackends_AlternatingBatchSizes()
    {
        var fixture = Shared.Value;
        foreach (var step in fixture.Expr.Concat(fixture.CSharp))
        {
            // warm-up: both batch sizes, so every buffer has its largest size
            for (int k = 0; k < 6; k++) step.Run(fixture.Batches[k % 3], 0.01);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 60; k++) step.Run(fixture.Batches[k % 3], 0.01);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{step.Rule.Optimizer.Name}: {allocated} bytes in 60 steps");
        }
    }

    [Fact]
    public void Step_Float32_TracksFloat64()
    {
        var model = ModelCompiler.Compile(ModelText);
        var map = ElementTypes.Convert(new[] { model.Cost! }, DType.Float32);
        var graph32 = map[model.Cost!].Graph;
        var rule = UpdateRule.Build(map[model.Cost!], graph32.Parameters, graph32.Inputs.Take(2).ToArray(), Optimizer.Adam());
        var step = StepCompiler.Compile<float>(rule, "expr");
        var fixture = Shared.Value;
        var reference = new Reference(Configs[3], fixture);
        for (int p = 0; p < 4; p++) step.SetParameter(p, fixture.Initial[p].Select(v => (float)v).ToArray());
        for (int k = 0; k < 20; k++)
        {
            var batch = fixture.Batches[k % 3];
            step.Run(batch.Select(a => a.Select(v => (float)v).ToArray()).ToArray(), 0.01);
            reference.Step(batch, 0.01);
        }
        for (int p = 0; p < 4; p++)
            for (int e = 0; e < reference.Parameters[p].Length; e++)
                Assert.True(Math.Abs(reference.Parameters[p][e] - step.Parameter(p)[e]) < 1e-4, $"parameter {p}[{e}]");
    }

    private static double LearningRate(int k) => 0.05 * (1 + 0.5 * Math.Cos(k));

    private static void AssertClose(double expected, double actual, string what)
    {
        double tolerance = 1e-12 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3})");
    }

    /// <summary>The model compiled once: its gradient function, the steps of every configuration in both backends, the data.</summary>
    private sealed class Fixture
    {
        public Fixture()
        {
            var model = ModelCompiler.Compile(ModelText);
            var graph = model.Graph;
            var data = model.Inputs.ToArray();
            var parameters = model.Parameters.ToArray();
            var grads = Autodiff.Grad(model.Cost!, parameters);
            Gradient = ExpressionCompiler.Compile(new[] { model.Cost! }.Concat(grads).ToArray(), data.Concat(parameters).ToArray());
            var rules = Configs.Select(c => UpdateRule.Build(model.Cost!, parameters, data, c.Optimizer(),
                new Regularization { L1 = c.L1, L2 = c.L2, WeightDecay = c.WeightDecay, MaxGradNorm = c.Clip })).ToArray();
            Expr = StepCompiler.Compile<double>(rules, "expr").ToArray();
            CSharp = StepCompiler.Compile<double>(rules, "cs").ToArray();
            var rng = new Random(7);
            Initial = parameters.Select(p => Enumerable.Range(0, (int)p.Shape.ElementCount).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
            Batches = new[] { 5, 5, 3 }.Select(n => new[]
            {
                Enumerable.Range(0, n * 3).Select(_ => 2 * rng.NextDouble() - 1).ToArray(),
                Enumerable.Range(0, n * 2).Select(_ => 2 * rng.NextDouble() - 1).ToArray(),
            }).ToArray();
        }

        public CompiledFunction<double> Gradient { get; }

        public TrainingStep<double>[] Expr { get; }

        public TrainingStep<double>[] CSharp { get; }

        public double[][] Initial { get; }

        public double[][][] Batches { get; }
    }

    /// <summary>PyTorch 1.13's <c>clip_grad_norm_</c>, <c>SGD</c> (dampening 0) and <c>Adam</c>/<c>AdamW</c> (single-tensor path), element by element.</summary>
    private sealed class Reference
    {
        private readonly Config _config;
        private readonly Optimizer _optimizer;
        private readonly Fixture _fixture;
        private readonly double[][] _buffer, _m, _v;
        private int _t;

        public Reference(Config config, Fixture fixture)
        {
            _config = config;
            _optimizer = config.Optimizer();
            _fixture = fixture;
            Parameters = fixture.Initial.Select(p => (double[])p.Clone()).ToArray();
            _buffer = Parameters.Select(p => new double[p.Length]).ToArray();
            _m = Parameters.Select(p => new double[p.Length]).ToArray();
            _v = Parameters.Select(p => new double[p.Length]).ToArray();
        }

        public double[][] Parameters { get; }

        public double Step(double[][] batch, double lr)
        {
            var results = new[] { new double[1] }.Concat(Parameters.Select(p => new double[p.Length])).ToArray();
            _fixture.Gradient.Invoke(batch.Concat(Parameters).ToArray(), results);
            var grads = results.Skip(1).ToArray();
            if (_config.Clip is { } maxNorm)
            {
                double total = Math.Sqrt(grads.Sum(g => g.Sum(x => x * x)));
                double coef = Math.Min(maxNorm / (total + 1e-6), 1.0);
                foreach (var g in grads) for (int i = 0; i < g.Length; i++) g[i] *= coef;
            }
            _t++;
            for (int p = 0; p < Parameters.Length; p++)
            {
                var param = Parameters[p];
                for (int i = 0; i < param.Length; i++)
                {
                    double g = grads[p][i];
                    if (_config.L2 != 0) g += _config.L2 * param[i];                    // weight_decay
                    if (_config.L1 != 0) g += _config.L1 * Math.Sign(param[i]);
                    if (_config.WeightDecay != 0) param[i] *= 1 - lr * _config.WeightDecay; // AdamW's decoupled decay
                    switch (_optimizer.Kind)
                    {
                        case OptimizerKind.Sgd:
                            param[i] -= lr * g;
                            break;
                        case OptimizerKind.Momentum:
                        case OptimizerKind.Nesterov:
                        {
                            // buf = d_p on the first step, else buf.mul_(momentum).add_(d_p)
                            double buf = _t == 1 ? g : _optimizer.Momentum * _buffer[p][i] + g;
                            _buffer[p][i] = buf;
                            double d = _optimizer.Kind == OptimizerKind.Nesterov ? g + _optimizer.Momentum * buf : buf;
                            param[i] -= lr * d;
                            break;
                        }
                        default:
                        {
                            double b1 = _optimizer.Beta1, b2 = _optimizer.Beta2;
                            _m[p][i] = _m[p][i] * b1 + (1 - b1) * g;
                            _v[p][i] = _v[p][i] * b2 + (1 - b2) * g * g;
                            double bias1 = 1 - Math.Pow(b1, _t), bias2 = 1 - Math.Pow(b2, _t);
                            double stepSize = lr / bias1;
                            double denom = Math.Sqrt(_v[p][i]) / Math.Sqrt(bias2) + _optimizer.Epsilon;
                            param[i] += -stepSize * (_m[p][i] / denom);
                            break;
                        }
                    }
                }
            }
            return results[0][0];
        }
    }
}
