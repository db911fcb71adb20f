using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SymGraph;

/// <summary>Tolerances and steps for <see cref="FiniteDifferences"/>.</summary>
public sealed class FiniteDifferenceOptions
{
    /// <summary>The relative step: h = RelativeStep · max(1, |x|). The default, ∛ε ≈ 6e-6, balances truncation and rounding error of central differences.</summary>
    public double RelativeStep { get; set; } = Math.Pow(2.220446049250313e-16, 1.0 / 3.0);

    /// <summary>Absolute tolerance of <see cref="DerivativeCheck.Passed"/>.</summary>
    public double AbsoluteTolerance { get; set; } = 1e-6;

    /// <summary>Relative tolerance of <see cref="DerivativeCheck.Passed"/>.</summary>
    public double RelativeTolerance { get; set; } = 1e-5;
}

/// <summary>The result of comparing symbolic derivatives with finite differences.</summary>
public sealed class DerivativeCheck
{
    internal DerivativeCheck(double maxAbs, string worstAbs, double maxRel, string worstRel, bool passed, int entries)
    {
        MaxAbsoluteError = maxAbs;
        WorstAbsolute = worstAbs;
        MaxRelativeError = maxRel;
        WorstRelative = worstRel;
        Passed = passed;
        Entries = entries;
    }

    /// <summary>The largest |symbolic − numeric| over all entries.</summary>
    public double MaxAbsoluteError { get; }

    /// <summary>Where the largest absolute error occurs, e.g. <c>W1[3,4]</c>.</summary>
    public string WorstAbsolute { get; }

    /// <summary>The largest |symbolic − numeric| / max(|symbolic|, |numeric|) over entries not both zero.</summary>
    public double MaxRelativeError { get; }

    /// <summary>Where the largest relative error occurs.</summary>
    public string WorstRelative { get; }

    /// <summary>True when every entry satisfies |s − n| ≤ atol + rtol·|n|.</summary>
    public bool Passed { get; }

    /// <summary>The number of entries compared.</summary>
    public int Entries { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}: max abs error {1:E3} at {2}, max rel error {3:E3} at {4} ({5} entries)",
        Passed ? "ok" : "FAILED", MaxAbsoluteError, WorstAbsolute, MaxRelativeError, WorstRelative, Entries);
}

/// <summary>
/// Checks symbolic derivatives against central finite differences, evaluating both with the
/// reference <see cref="Interpreter"/> (in its stable forms, as compiled code runs them). The step is
/// chosen per entry from the value's scale.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>
    /// Compares <c>Grad(cost, wrt)</c> with central differences of <paramref name="cost"/>.
    /// <paramref name="values"/> gives every leaf the cost depends on.
    /// </summary>
    public static DerivativeCheck CheckGradient(Node cost, IReadOnlyList<Node> wrt, IReadOnlyDictionary<Node, Tensor> values, FiniteDifferenceOptions? options = null)
    {
        var grads = Autodiff.Grad(cost, wrt.ToArray());
        var analytic = Interpreter.Evaluate(grads, values);
        return Compare(new[] { cost }, wrt, values, analytic.Select(t => new[] { t }).ToArray(), options ?? new FiniteDifferenceOptions());
    }

    /// <summary>Compares <c>Jacobian(y, x)</c> with central differences of <paramref name="y"/>.</summary>
    public static DerivativeCheck CheckJacobian(Node y, Node x, IReadOnlyDictionary<Node, Tensor> values, FiniteDifferenceOptions? options = null)
    {
        var jac = Interpreter.Evaluate(Autodiff.Jacobian(y, x), values);
        return Compare(new[] { y }, new[] { x }, values, new[] { new[] { jac } }, options ?? new FiniteDifferenceOptions());
    }

    /// <summary>
    /// Compares the dense <c>Hessian(cost, wrt)</c> with central differences of the symbolic gradient
    /// (the standard check: second differences of the cost alone lose half the digits).
    /// </summary>
    public static DerivativeCheck CheckHessian(Node cost, IReadOnlyList<Node> wrt, IReadOnlyDictionary<Node, Tensor> values, FiniteDifferenceOptions? options = null)
    {
        var grads = Autodiff.Grad(cost, wrt.ToArray());
        var blocks = Autodiff.Hessian(cost, wrt);
        var flat = new List<Node>();
        for (int i = 0; i < wrt.Count; i++)
            for (int j = 0; j < wrt.Count; j++) flat.Add(blocks[i, j]);
        var evaluated = Interpreter.Evaluate(flat, values);
        // analytic[j][i]: block of output grads[i] against wrt[j].
        var analytic = new Tensor[wrt.Count][];
        for (int j = 0; j < wrt.Count; j++)
        {
            analytic[j] = new Tensor[wrt.Count];
            for (int i = 0; i < wrt.Count; i++) analytic[j][i] = evaluated[i * wrt.Count + j];
        }
        return Compare(grads, wrt, values, analytic, options ?? new FiniteDifferenceOptions());
    }

    /// <summary>
    /// Compares a sparse Hessian (its coloured products evaluated and recovered, entries outside its pattern
    /// taken as 0) with central differences of the symbolic gradient, as <see cref="CheckHessian(Node, IReadOnlyList{Node}, IReadOnlyDictionary{Node, Tensor}, FiniteDifferenceOptions?)"/>
    /// does for the dense one. <paramref name="values"/> are keyed by leaves of the caller's graph or of the Hessian's (matched by name).
    /// </summary>
    public static DerivativeCheck CheckHessian(SparseHessian hessian, IReadOnlyDictionary<Node, Tensor> values, FiniteDifferenceOptions? options = null)
    {
        if (hessian is null) throw new ArgumentNullException(nameof(hessian));
        var wrt = hessian.Wrt;
        var leafValues = ByName(hessian.Cost.Graph, values);
        var dense = hessian.Evaluate(leafValues).ToDense();
        var grads = Autodiff.Grad(hessian.Cost, wrt.ToArray());
        var offsets = HessianLayout.Offsets(wrt);
        // analytic[j][i]: the block of output grads[i] against wrt[j], shape wrt[i] ++ wrt[j].
        var analytic = new Tensor[wrt.Count][];
        for (int j = 0; j < wrt.Count; j++)
        {
            analytic[j] = new Tensor[wrt.Count];
            for (int i = 0; i < wrt.Count; i++)
            {
                int ni = offsets[i + 1] - offsets[i], nj = offsets[j + 1] - offsets[j];
                var data = new double[ni * nj];
                for (int p = 0; p < ni; p++)
                    for (int q = 0; q < nj; q++) data[p * nj + q] = dense[offsets[i] + p][offsets[j] + q];
                var dims = wrt[i].Shape.Concat(wrt[j].Shape).Select(d => d.Size).ToArray();
                analytic[j][i] = new Tensor(dims, data);
            }
        }
        return Compare(grads, wrt, leafValues, analytic, options ?? new FiniteDifferenceOptions());
    }

    // Values re-keyed by leaf name into graph (the caller's leaves are those of another graph: the copy a
    // sparse Hessian made to bind symbolic sizes).
    private static Dictionary<Node, Tensor> ByName(Graph graph, IReadOnlyDictionary<Node, Tensor> values)
    {
        var result = new Dictionary<Node, Tensor>();
        foreach (var kv in values)
            if (kv.Key.Op is Ops.Leaf leaf && graph.FindLeaf(leaf.LeafName) is { } copy) result[copy] = kv.Value;
        return result;
    }

    /// <summary>Central differences of <paramref name="output"/> with respect to <paramref name="wrt"/>: shape output ++ wrt.</summary>
    public static Tensor NumericJacobian(Node output, Node wrt, IReadOnlyDictionary<Node, Tensor> values, FiniteDifferenceOptions? options = null)
    {
        options ??= new FiniteDifferenceOptions();
        var prepared = Interpreter.Prepare(new[] { output });
        var outDims = prepared.Evaluate(values)[0].Dims;
        var x = values[wrt];
        int m = outDims.Aggregate(1, (a, b) => a * b), n = x.Length;
        var data = new double[m * n];
        for (int k = 0; k < n; k++)
        {
            var column = Columns(prepared, wrt, values, k, options.RelativeStep)[0];
            for (int r = 0; r < m; r++) data[r * n + k] = column[r];
        }
        return new Tensor(outDims.Concat(x.Dims).ToArray(), data);
    }

    // Column k of the numeric Jacobian of each output: d(output)/d(wrt[k]) by central differences.
    private static double[][] Columns(Interpreter.PreparedEvaluation outputs, Node wrt, IReadOnlyDictionary<Node, Tensor> values, int k, double relativeStep)
    {
        var x = values[wrt];
        double xk = x.Data[k];
        double h = relativeStep * Math.Max(1.0, Math.Abs(xk));
        h = (xk + h) - xk; // a step that is exactly representable around xk
        var shifted = new Dictionary<Node, Tensor>();
        foreach (var kv in values) shifted[kv.Key] = kv.Value;

        Tensor[] At(double v)
        {
            var data = (double[])x.Data.Clone();
            data[k] = v;
            shifted[wrt] = new Tensor((int[])x.Dims.Clone(), data, x.DType);
            return outputs.Evaluate(shifted);
        }

        var plus = At(xk + h);
        var minus = At(xk - h);
        return plus.Select((p, o) => p.Data.Select((v, r) => (v - minus[o].Data[r]) / (2 * h)).ToArray()).ToArray();
    }

    // analytic[j][i] is the evaluated block d outputs[i] / d wrt[j], of shape outputs[i] ++ wrt[j].
    private static DerivativeCheck Compare(IReadOnlyList<Node> outputs, IReadOnlyList<Node> wrt, IReadOnlyDictionary<Node, Tensor> values, Tensor[][] analytic, FiniteDifferenceOptions options)
    {
        double maxAbs = 0, maxRel = 0;
        string worstAbs = "-", worstRel = "-";
        bool passed = true;
        int entries = 0;
        var prepared = Interpreter.Prepare(outputs);
        for (int j = 0; j < wrt.Count; j++)
        {
            if (!values.ContainsKey(wrt[j])) throw new ArgumentException($"No value was given for {wrt[j]}.", nameof(values));
            var x = values[wrt[j]];
            for (int k = 0; k < x.Length; k++)
            {
                var numeric = Columns(prepared, wrt[j], values, k, options.RelativeStep);
                for (int i = 0; i < outputs.Count; i++)
                {
                    var block = analytic[j][i];
                    for (int r = 0; r < numeric[i].Length; r++)
                    {
                        double s = block.Data[r * x.Length + k], n = numeric[i][r];
                        double abs = Math.Abs(s - n), scale = Math.Max(Math.Abs(s), Math.Abs(n));
                        double rel = scale == 0 ? 0 : abs / scale;
                        if (double.IsNaN(abs)) abs = rel = double.PositiveInfinity;
                        entries++;
                        if (!(abs <= options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(n))) passed = false;
                        if (abs > maxAbs || worstAbs == "-") { maxAbs = abs; worstAbs = Where(outputs[i], outputs.Count, block, r, wrt[j], x, k); }
                        if (rel > maxRel || worstRel == "-") { maxRel = rel; worstRel = Where(outputs[i], outputs.Count, block, r, wrt[j], x, k); }
                    }
                }
            }
        }
        return new DerivativeCheck(maxAbs, worstAbs, maxRel, worstRel, passed, entries);
    }

    // "W1[3,4]" for a gradient; "g[1] wrt W1[3,4]" when there are several outputs or a tensor output.
    private static string Where(Node output, int outputCount, Tensor block, int r, Node wrt, Tensor x, int k)
    {
        string at = Label(wrt, x.Dims, k);
        if (output.Shape.IsScalar && outputCount == 1) return at;
        var outDims = block.Dims.Take(block.Rank - x.Rank).ToArray();
        return $"{Label(output, outDims, r)} wrt {at}";
    }

    /// <summary><c>W1[3,4]</c>: a node's name and the multi-index of flat element <paramref name="k"/>.</summary>
    internal static string Label(Node node, int[] dims, int k)
    {
        string name = node.Name ?? $"%{node.Id}";
        if (dims.Length == 0) return name;
        var index = new int[dims.Length];
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            index[a] = k % dims[a];
            k /= dims[a];
        }
        return $"{name}[{string.Join(",", index)}]";
    }
}
