using System;

namespace SymGraph.Training;

/// <summary>
/// What the update adds to the gradient or to the step: L1 and L2 penalties, decoupled weight decay
/// and gradient-norm clipping. All are off (zero, or <c>null</c>) by default.
/// </summary>
/// <remarks>
/// The order is PyTorch's for <c>clip_grad_norm_</c> followed by <c>optimizer.step()</c>: the model's
/// gradient g is clipped first, then the penalties' gradients are added (g + λ₂·p + λ₁·sign(p), the
/// coupled weight decay of <c>SGD</c>/<c>Adam</c>'s <c>weight_decay</c> being λ₂), then decoupled decay
/// scales the parameter (p·(1 − η·λ)) before the optimizer's own step.
/// </remarks>
public sealed class Regularization
{
    private double _l1, _l2, _weightDecay;
    private double? _maxGradNorm;

    /// <summary>λ₁ of the L1 penalty λ₁·Σ|p|: adds λ₁·sign(p) to the gradient (sign(0) = 0).</summary>
    public double L1 { get => _l1; set => _l1 = NonNegative(value, nameof(L1)); }

    /// <summary>λ₂ of the L2 penalty (λ₂/2)·Σp²: adds λ₂·p to the gradient (PyTorch's <c>weight_decay</c>).</summary>
    public double L2 { get => _l2; set => _l2 = NonNegative(value, nameof(L2)); }

    /// <summary>λ of decoupled weight decay: p ← p·(1 − η·λ) before the step (AdamW's <c>weight_decay</c>; any optimizer).</summary>
    public double WeightDecay { get => _weightDecay; set => _weightDecay = NonNegative(value, nameof(WeightDecay)); }

    /// <summary>
    /// When set, the gradients of all parameters together are scaled by min(1, c / (‖g‖₂ + 10⁻⁶)), as
    /// PyTorch's <c>clip_grad_norm_(params, c)</c>.
    /// </summary>
    public double? MaxGradNorm
    {
        get => _maxGradNorm;
        set => _maxGradNorm = value is { } v ? (v > 0 && !double.IsInfinity(v) ? v : throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), v, "The gradient-norm limit must be positive and finite.")) : null;
    }

    private static double NonNegative(double value, string name) =>
        value >= 0 && !double.IsInfinity(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite.");
}
