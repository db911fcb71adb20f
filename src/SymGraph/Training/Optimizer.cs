using System;
using System.Collections.Generic;

namespace SymGraph.Training;

/// <summary>The update rules <see cref="Optimizer"/> knows, in PyTorch's formulation.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent: p ← p − η·g.</summary>
    Sgd,

    /// <summary>Heavy-ball momentum (PyTorch's <c>SGD(momentum=μ)</c>): b ← μ·b + g; p ← p − η·b.</summary>
    Momentum,

    /// <summary>Nesterov momentum (PyTorch's <c>SGD(momentum=μ, nesterov=True)</c>): b ← μ·b + g; p ← p − η·(g + μ·b).</summary>
    Nesterov,

    /// <summary>Adam with bias correction (Kingma and Ba; PyTorch's <c>Adam</c>).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter; PyTorch's <c>AdamW</c>): p ← p·(1 − η·λ) before the Adam step.</summary>
    AdamW,
}

/// <summary>
/// An optimizer: which update rule, its hyperparameters and the state it keeps per parameter. It is
/// turned into graph nodes by <see cref="UpdateRule.Build"/>; nothing here computes.
/// </summary>
/// <remarks>
/// The learning rate is not a hyperparameter here: it is an input of the update graph
/// (<see cref="UpdateRule.LearningRate"/>), set before each step, so schedules cost no recompilation.
/// </remarks>
public sealed class Optimizer
{
    private Optimizer(OptimizerKind kind, double momentum, double beta1, double beta2, double epsilon)
    {
        if (kind is OptimizerKind.Momentum or OptimizerKind.Nesterov && !(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1).");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        Kind = kind;
        Momentum = momentum;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>μ of <see cref="OptimizerKind.Momentum"/> and <see cref="OptimizerKind.Nesterov"/>.</summary>
    public double Momentum { get; }

    /// <summary>β₁ of Adam: the decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂ of Adam: the decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε of Adam, added to the bias-corrected root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>The spelling on the command line and in checkpoints (<c>nesterov</c>).</summary>
    public string Name => NameOf(Kind);

    /// <summary>The state kept per parameter, each of the parameter's shape and zero at the start: none for SGD, <c>velocity</c> for momentum, <c>m</c> and <c>v</c> for Adam.</summary>
    public IReadOnlyList<string> StateSlots => Kind switch
    {
        OptimizerKind.Sgd => Array.Empty<string>(),
        OptimizerKind.Momentum or OptimizerKind.Nesterov => new[] { "velocity" },
        OptimizerKind.Adam or OptimizerKind.AdamW => new[] { "m", "v" },
        _ => throw Unexpected.Value(Kind),
    };

    /// <summary>The names <see cref="Parse"/> accepts, in order: <c>sgd momentum nesterov adam adamw</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "sgd", "momentum", "nesterov", "adam", "adamw" };

    /// <summary>Plain SGD.</summary>
    public static Optimizer Sgd() => new(OptimizerKind.Sgd, 0, 0.9, 0.999, 1e-8);

    /// <summary>Heavy-ball momentum with coefficient <paramref name="momentum"/>.</summary>
    public static Optimizer WithMomentum(double momentum = 0.9) => new(OptimizerKind.Momentum, momentum, 0.9, 0.999, 1e-8);

    /// <summary>Nesterov momentum with coefficient <paramref name="momentum"/>.</summary>
    public static Optimizer Nesterov(double momentum = 0.9) => new(OptimizerKind.Nesterov, momentum, 0.9, 0.999, 1e-8);

    /// <summary>Adam (PyTorch's defaults).</summary>
    public static Optimizer Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) => new(OptimizerKind.Adam, 0, beta1, beta2, epsilon);

    /// <summary>AdamW: Adam with decoupled weight decay (its coefficient is <see cref="Regularization.WeightDecay"/>).</summary>
    public static Optimizer AdamW(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) => new(OptimizerKind.AdamW, 0, beta1, beta2, epsilon);

    /// <summary>The optimizer called <paramref name="name"/> (one of <see cref="Names"/>), with <paramref name="momentum"/> where it has one and Adam's defaults otherwise.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static Optimizer Parse(string name, double momentum = 0.9) => name switch
    {
        "sgd" => Sgd(),
        "momentum" => WithMomentum(momentum),
        "nesterov" => Nesterov(momentum),
        "adam" => Adam(),
        "adamw" => AdamW(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; the optimizers are {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The spelling of <paramref name="kind"/>.</summary>
    public static string NameOf(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "sgd",
        OptimizerKind.Momentum => "momentum",
        OptimizerKind.Nesterov => "nesterov",
        OptimizerKind.Adam => "adam",
        OptimizerKind.AdamW => "adamw",
        _ => throw Unexpected.Value(kind),
    };
}
