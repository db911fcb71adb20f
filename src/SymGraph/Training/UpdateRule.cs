using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Training;

/// <summary>
/// A training step as a graph (Theano's <c>function(…, updates=…)</c>): the cost, and the parameters
/// and optimizer state after one step, all as nodes of the cost's graph, so one compiled function
/// computes the loss and the gradient and performs the update.
/// </summary>
/// <remarks>
/// <para>Arguments, in <see cref="Arguments"/> order: the data leaves, the parameters, the optimizer
/// state (per state slot, per parameter), the learning rate η and the step number t (1 for the first
/// step; Adam's bias correction reads it). Outputs, in <see cref="Outputs"/> order: the cost, the new
/// parameters, the new state, in the same orders.</para>
/// <para>The rules, for a parameter p with gradient g (after <see cref="Regularization"/>; PyTorch 1.13's
/// single-tensor equations, <c>dampening = 0</c>):</para>
/// <list type="bullet">
/// <item><c>sgd</c>: p' = p − η·g.</item>
/// <item><c>momentum</c>: b' = μ·b + g; p' = p − η·b'.</item>
/// <item><c>nesterov</c>: b' = μ·b + g; p' = p − η·(g + μ·b').</item>
/// <item><c>adam</c>: m' = β₁·m + (1 − β₁)·g; v' = β₂·v + (1 − β₂)·g²; p' = p − (η / (1 − β₁ᵗ))·m' / (√v' / √(1 − β₂ᵗ) + ε).</item>
/// <item><c>adamw</c>: as <c>adam</c> from p·(1 − η·λ) (decoupled decay, λ = <see cref="Regularization.WeightDecay"/>).</item>
/// </list>
/// <para>The state starts at zero; with μ·0 + g = g, the first momentum step equals PyTorch's, whose
/// buffer starts as a copy of g.</para>
/// </remarks>
public sealed class UpdateRule
{
    /// <summary>The prefix of the leaves this class adds; model names cannot contain a dot, so they never clash.</summary>
    public const string LeafPrefix = "train.";

    private UpdateRule(Node cost, IReadOnlyList<Node> data, IReadOnlyList<Node> parameters, Optimizer optimizer, Regularization regularization,
        Node[] state, Node learningRate, Node step, Node[] newParameters, Node[] newState)
    {
        Cost = cost;
        Data = data;
        Parameters = parameters;
        Optimizer = optimizer;
        Regularization = regularization;
        State = state;
        LearningRate = learningRate;
        Step = step;
        NewParameters = newParameters;
        NewState = newState;
        Arguments = data.Concat(parameters).Concat(state).Concat(new[] { learningRate, step }).ToArray();
        Outputs = new[] { cost }.Concat(newParameters).Concat(newState).ToArray();
    }

    /// <summary>The scalar cost the step descends.</summary>
    public Node Cost { get; }

    /// <summary>The data leaves (inputs fed per minibatch), in the order given.</summary>
    public IReadOnlyList<Node> Data { get; }

    /// <summary>The parameters updated.</summary>
    public IReadOnlyList<Node> Parameters { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Penalties, decay and clipping.</summary>
    public Regularization Regularization { get; }

    /// <summary>The optimizer state leaves: for each of <see cref="Optimizer.StateSlots"/>, one per parameter of its shape (slot-major).</summary>
    public IReadOnlyList<Node> State { get; }

    /// <summary>The scalar input η (<c>train.lr</c>).</summary>
    public Node LearningRate { get; }

    /// <summary>The scalar input t, the number of this step counting from 1 (<c>train.t</c>).</summary>
    public Node Step { get; }

    /// <summary>The parameters after the step, one per <see cref="Parameters"/> entry.</summary>
    public IReadOnlyList<Node> NewParameters { get; }

    /// <summary>The state after the step, one per <see cref="State"/> entry.</summary>
    public IReadOnlyList<Node> NewState { get; }

    /// <summary>Every leaf of the step in call order: data, parameters, state, η, t.</summary>
    public IReadOnlyList<Node> Arguments { get; }

    /// <summary>Every result of the step in order: the cost, the new parameters, the new state.</summary>
    public IReadOnlyList<Node> Outputs { get; }

    /// <summary>The index of the first parameter in <see cref="Arguments"/>.</summary>
    public int ParameterOffset => Data.Count;

    /// <summary>The index of the first state leaf in <see cref="Arguments"/>.</summary>
    public int StateOffset => Data.Count + Parameters.Count;

    /// <summary>
    /// Builds the step for <paramref name="cost"/> (a scalar) over <paramref name="parameters"/> (leaves
    /// of its graph), with <paramref name="data"/> the leaves fed per minibatch. Adds the state leaves,
    /// η and t to the graph (named <c>train.SLOT.PARAM</c>, <c>train.lr</c>, <c>train.t</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The cost is not a scalar, a parameter is not a leaf of its graph or has a symbolic shape, or the lists overlap.</exception>
    public static UpdateRule Build(Node cost, IReadOnlyList<Node> parameters, IReadOnlyList<Node> data, Optimizer optimizer, Regularization? regularization = null)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        if (data is null) throw new ArgumentNullException(nameof(data));
        if (optimizer is null) throw new ArgumentNullException(nameof(optimizer));
        regularization ??= new Regularization();
        if (!cost.Shape.IsScalar) throw new ArgumentException($"The cost must be a scalar; it has shape {cost.Shape}.", nameof(cost));
        if (parameters.Count == 0) throw new ArgumentException("There are no parameters to update.", nameof(parameters));
        var graph = cost.Graph;
        var seen = new HashSet<Node>();
        foreach (var leaf in parameters.Concat(data))
        {
            if (leaf is null) throw new ArgumentNullException(nameof(parameters), "A parameter or data leaf is null.");
            if (leaf.Graph != graph || leaf.Op is not Ops.Leaf) throw new ArgumentException($"'{leaf.Name ?? leaf.ToString()}' is not a leaf of the cost's graph.", nameof(parameters));
            if (!seen.Add(leaf)) throw new ArgumentException($"'{leaf.Name}' is listed twice.", nameof(parameters));
        }
        foreach (var p in parameters)
        {
            if (!p.Shape.IsStatic) throw new ArgumentException($"The parameter '{p.Name}' has a symbolic shape {p.Shape}; parameters need static shapes.", nameof(parameters));
            if (p.DType != cost.DType) throw new ArgumentException($"The parameter '{p.Name}' is {p.DType.ShortName()}; the cost is {cost.DType.ShortName()}.", nameof(parameters));
        }

        var dtype = cost.DType;
        var lr = graph.Input(LeafPrefix + "lr", Shape.Scalar, dtype);
        var t = graph.Input(LeafPrefix + "t", Shape.Scalar, dtype);
        var slots = optimizer.StateSlots;
        var state = new Node[slots.Count * parameters.Count];
        for (int s = 0; s < slots.Count; s++)
            for (int i = 0; i < parameters.Count; i++)
                state[s * parameters.Count + i] = graph.Input($"{LeafPrefix}{slots[s]}.{parameters[i].Name}", parameters[i].Shape, dtype);

        var grads = Autodiff.Grad(cost, parameters.ToArray());
        grads = Clip(grads, regularization.MaxGradNorm);
        var newParameters = new Node[parameters.Count];
        var newState = new Node[state.Length];
        int n = parameters.Count;
        for (int i = 0; i < n; i++)
        {
            var p = parameters[i];
            var g = grads[i];
            if (regularization.L2 != 0) g = g + regularization.L2 * p;
            if (regularization.L1 != 0) g = g + regularization.L1 * Sym.Sign(p);
            // Decoupled decay: AdamW's param.mul_(1 - lr * weight_decay), before the step.
            var decayed = regularization.WeightDecay != 0 ? p * (1.0 - lr * regularization.WeightDecay) : p;
            switch (optimizer.Kind)
            {
                case OptimizerKind.Sgd:
                    newParameters[i] = decayed - lr * g;
                    break;
                case OptimizerKind.Momentum:
                {
                    var b = optimizer.Momentum * state[i] + g;
                    newState[i] = b;
                    newParameters[i] = decayed - lr * b;
                    break;
                }
                case OptimizerKind.Nesterov:
                {
                    var b = optimizer.Momentum * state[i] + g;
                    newState[i] = b;
                    newParameters[i] = decayed - lr * (g + optimizer.Momentum * b);
                    break;
                }
                case OptimizerKind.Adam:
                case OptimizerKind.AdamW:
                {
                    double b1 = optimizer.Beta1, b2 = optimizer.Beta2;
                    var m = b1 * state[i] + (1 - b1) * g;
                    var v = b2 * state[n + i] + (1 - b2) * Sym.Square(g);
                    newState[i] = m;
                    newState[n + i] = v;
                    var stepSize = lr / (1.0 - Sym.Pow(graph.Constant(b1, dtype), t));
                    var correction2 = Sym.Sqrt(1.0 - Sym.Pow(graph.Constant(b2, dtype), t));
                    var denominator = Sym.Sqrt(v) / correction2 + optimizer.Epsilon;
                    newParameters[i] = decayed - stepSize * (m / denominator);
                    break;
                }
                default:
                    throw Unexpected.Value(optimizer.Kind);
            }
        }
        return new UpdateRule(cost, data.ToArray(), parameters.ToArray(), optimizer, regularization, state, lr, t, newParameters, newState);
    }

    /// <summary>g·min(1, c / (‖g‖₂ + 10⁻⁶)) over all gradients together (PyTorch's <c>clip_grad_norm_</c>, which always multiplies).</summary>
    private static Node[] Clip(Node[] grads, double? maxNorm)
    {
        if (maxNorm is not { } c) return grads;
        Node? squares = null;
        foreach (var g in grads)
        {
            var s = Sym.Sum(Sym.Square(g));
            squares = squares is null ? s : squares + s;
        }
        var norm = Sym.Sqrt(squares!);
        var one = norm.Graph.Constant(1.0, norm.DType);
        var coefficient = Sym.Minimum(c / (norm + 1e-6), one);
        return grads.Select(g => g * coefficient).ToArray();
    }
}
