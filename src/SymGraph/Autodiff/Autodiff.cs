using System;
using System.Collections.Generic;
using System.Linq;
using SymGraph.Ops;
using SymGraph.Simplify;

namespace SymGraph;

/// <summary>
/// Symbol-to-symbol differentiation. Nothing here computes numbers: each function appends nodes to
/// the graph that describe derivatives, asking every op for its VJP (reverse mode) or JVP (forward
/// mode). Results are ordinary nodes, so they can be printed, simplified, compiled and
/// differentiated again. Every walk is iterative.
/// </summary>
public static class Autodiff
{
    /// <summary>
    /// The gradient of the scalar <paramref name="cost"/> with respect to each of <paramref name="wrt"/>
    /// (each result has the shape of its <paramref name="wrt"/> node). A node the cost does not depend
    /// on gets zeros.
    /// </summary>
    public static Node[] Grad(Node cost, params Node[] wrt) => Grad(cost, wrt, new GradOptions());

    /// <summary>The gradient of the scalar <paramref name="cost"/> with respect to one node, with options.</summary>
    public static Node Grad(Node cost, Node wrt, GradOptions options) => Grad(cost, new[] { wrt }, options)[0];

    /// <summary>
    /// The gradient of the scalar <paramref name="cost"/> with respect to each of <paramref name="wrt"/>,
    /// with options: <see cref="GradOptions.Strict"/> turns a node no derivative reaches into an error.
    /// </summary>
    public static Node[] Grad(Node cost, IReadOnlyList<Node> wrt, GradOptions options)
    {
        if (cost is null) throw new ArgumentNullException(nameof(cost));
        if (wrt is null) throw new ArgumentNullException(nameof(wrt));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (!cost.Shape.IsScalar)
            throw new ArgumentException($"Grad needs a scalar cost, got {cost.DType.ShortName()}{cost.Shape}; use Vjp or Jacobian for other shapes.", nameof(cost));
        string costName = cost.Name ?? $"%{cost.Id}";
        var cotangentNames = new List<(Node Cotangent, string Name)>();
        var (grads, reached) = Reverse(StableForms(new[] { cost }, wrt), new[] { cost.Graph.Constant(1.0, cost.DType) }, wrt, cotangentNames);
        if (options.Strict)
            for (int i = 0; i < wrt.Count; i++)
            {
                if (reached[i]) continue;
                string what = wrt[i].Name is string n ? $"'{n}'" : wrt[i].ToString();
                bool inCone = Topology.Sort(new[] { cost }).Contains(wrt[i]);
                throw new ArgumentException(inCone
                    ? $"Grad (strict): {what} reaches the cost only through piecewise-constant ops (comparisons, sign, …), so no derivative flows to it."
                    : $"Grad (strict): the cost does not depend on {what}.", nameof(wrt));
            }
        for (int i = 0; i < wrt.Count; i++)
            if (grads[i].IsDerivative) grads[i].Named($"d{costName}/d{wrt[i].Name ?? $"%{wrt[i].Id}"}");
        // Then the cotangents of named intermediate values (dloss/dh1), so printed graphs and generated
        // code say what they are; the results' names come first (the first name of a node wins).
        foreach (var (cotangent, name) in cotangentNames)
            if (cotangent.IsDerivative) cotangent.Named($"d{costName}/d{name}");
        return grads;
    }

    /// <summary>The gradient of the scalar <paramref name="cost"/> with respect to one node.</summary>
    public static Node Grad(Node cost, Node wrt) => Grad(cost, new[] { wrt })[0];

    /// <summary>
    /// Reverse mode: Σₖ ȳₖᵀ·∂yₖ/∂x for each x in <paramref name="wrt"/>, where <paramref name="seeds"/>
    /// gives one cotangent ȳₖ per output (of that output's shape). The general back-propagation
    /// algorithm: prune to the nodes between <paramref name="wrt"/> and the outputs, walk them in
    /// reverse topological order, ask each op for its VJP, and sum what arrives along several paths.
    /// </summary>
    public static Node[] Vjp(IReadOnlyList<Node> outputs, IReadOnlyList<Node> seeds, IReadOnlyList<Node> wrt) =>
        Reverse(StableForms(outputs, wrt), seeds, wrt).Cotangents;

    // Vjp of outputs already in their stable forms, and for each node of wrt whether any derivative
    // reached it (false: the zeros are structural). With a list, each named node's complete cotangent is
    // added to it with the node's name, for Grad to name (dloss/dh1) after the results.
    private static (Node[] Cotangents, bool[] Reached) Reverse(IReadOnlyList<Node> outputs, IReadOnlyList<Node> seeds, IReadOnlyList<Node> wrt, List<(Node Cotangent, string Name)>? cotangentNames = null)
    {
        if (outputs.Count != seeds.Count) throw new ArgumentException($"Vjp: {outputs.Count} outputs but {seeds.Count} seeds.", nameof(seeds));
        if (outputs.Count == 0) throw new ArgumentException("Vjp needs at least one output.", nameof(outputs));
        var graph = outputs[0].Graph;
        CheckSameGraph(graph, outputs, seeds, wrt);
        for (int i = 0; i < outputs.Count; i++)
            if (outputs[i].Shape != seeds[i].Shape)
                throw new ShapeException($"vjp: the seed {seeds[i].Shape} does not match the output {outputs[i].Shape}");

        return graph.InDerivativeScope(() =>
        {
            var order = Topology.Sort(outputs, wholeGraph: true);
            // Indexed by id: every node the sweep reads is in the order or in wrt, so it existed before it.
            int size = graph.Nodes.Count;
            var onPath = DependsOn(order, wrt, size);
            var bars = new Cotangents(size);
            for (int i = 0; i < outputs.Count; i++) bars.Add(outputs[i], seeds[i]);

            for (int k = order.Count - 1; k >= 0; k--)
            {
                var y = order[k];
                if (!onPath[y.Id] || y.InputArray.Length == 0 || bars.Complete(y) is not Node ybar) continue;
                // Every consumer of y has run, so ybar is complete.
                if (cotangentNames is not null && y.Name is string yName) cotangentNames.Add((ybar, yName));
                var xbars = y.Op.Vjp(y, ybar);
                if (xbars.Length != y.InputArray.Length)
                    throw new InvalidOperationException($"{y.Op.Name}: its VJP returned {xbars.Length} cotangents for {y.InputArray.Length} inputs.");
                for (int i = 0; i < xbars.Length; i++)
                {
                    var x = y.InputArray[i];
                    if (xbars[i] is null || !onPath[x.Id]) continue;
                    if (xbars[i]!.Shape != x.Shape)
                        throw new InvalidOperationException($"{y.Op.Name}: its VJP gave {xbars[i]!.Shape} for an input of shape {x.Shape}.");
                    bars.Add(x, xbars[i]!);
                }
            }
            var cotangents = new Node[wrt.Count];
            var reached = new bool[wrt.Count];
            for (int i = 0; i < wrt.Count; i++)
            {
                var bar = bars.Complete(wrt[i]);
                reached[i] = bar is not null;
                cotangents[i] = bar ?? Sym.ZerosLike(wrt[i]);
            }
            return (cotangents, reached);
        });
    }

    /// <summary>
    /// Forward mode: the directional derivative Σᵢ ∂y/∂xᵢ·vᵢ of each output, for tangents
    /// <paramref name="tangents"/> (one per node of <paramref name="wrt"/>, of its shape).
    /// </summary>
    public static Node[] Jvp(IReadOnlyList<Node> outputs, IReadOnlyList<Node> wrt, IReadOnlyList<Node> tangents)
    {
        if (wrt.Count != tangents.Count) throw new ArgumentException($"Jvp: {wrt.Count} inputs but {tangents.Count} tangents.", nameof(tangents));
        if (outputs.Count == 0) return Array.Empty<Node>();
        var graph = outputs[0].Graph;
        CheckSameGraph(graph, outputs, wrt, tangents);
        var stable = StableForms(outputs, wrt);
        return graph.InDerivativeScope(() =>
        {
            // Tangents by id: every node read is in the order or in wrt, so it existed before the sweep.
            var dots = new Node?[graph.Nodes.Count];
            for (int i = 0; i < wrt.Count; i++)
            {
                if (wrt[i].Shape != tangents[i].Shape)
                    throw new ShapeException($"jvp: the tangent {tangents[i].Shape} does not match {wrt[i]} of shape {wrt[i].Shape}");
                if (dots[wrt[i].Id] is not null) throw new ArgumentException($"Jvp: {wrt[i]} appears twice.", nameof(wrt));
                dots[wrt[i].Id] = tangents[i];
            }
            var xdot = new List<Node?>();
            foreach (var y in Topology.Sort(stable))
            {
                if (dots[y.Id] is not null || y.InputArray.Length == 0) continue;
                xdot.Clear();
                bool any = false;
                foreach (var x in y.InputArray)
                {
                    var d = dots[x.Id];
                    any |= d is not null;
                    xdot.Add(d);
                }
                if (!any) continue;
                var ydot = y.Op.Jvp(y, xdot);
                if (ydot is null) continue;
                if (ydot.Shape != y.Shape)
                    throw new InvalidOperationException($"{y.Op.Name}: its JVP gave {ydot.Shape} for an output of shape {y.Shape}.");
                dots[y.Id] = ydot;
            }
            return stable.Select(o => dots[o.Id] ?? Sym.ZerosLike(o)).ToArray();
        });
    }

    /// <summary>
    /// The Jacobian of <paramref name="y"/> with respect to <paramref name="x"/>, of shape
    /// y.Shape ++ x.Shape: one reverse sweep per element of y (y needs a static shape).
    /// </summary>
    public static Node Jacobian(Node y, Node x)
    {
        if (!y.Shape.IsStatic) throw new ArgumentException($"Jacobian needs an output with a static shape, got {y.Shape}.", nameof(y));
        if (y.Shape.IsScalar) return Vjp(new[] { y }, new[] { y.Graph.Constant(1.0, y.DType) }, new[] { x })[0];
        int m = y.Shape.ElementCount;
        // No rows to stack: the Jacobian of an empty output (or with respect to an empty x) is empty.
        if (m == 0 || x.Shape.IsStatic && x.Shape.ElementCount == 0)
            return y.Graph.InDerivativeScope(() => Sym.Zeros(y.Shape.Concat(x.Shape), y.DType, y.Graph));
        var stable = StableForms(new[] { y }, new[] { x });
        var rows = new Node[m];
        for (int i = 0; i < m; i++)
        {
            var seed = new double[m];
            seed[i] = 1.0;
            var seedNode = y.Graph.Constant(new Tensor(y.Shape.Select(d => d.Size).ToArray(), seed, y.DType));
            rows[i] = Reverse(stable, new[] { seedNode }, new[] { x }).Cotangents[0];
        }
        return y.Graph.InDerivativeScope(() => Sym.Reshape(Sym.Stack(rows), y.Shape.Concat(x.Shape)));
    }

    /// <summary>The dense Hessian of the scalar <paramref name="cost"/> with respect to <paramref name="x"/>, of shape x.Shape ++ x.Shape: the Jacobian of the gradient.</summary>
    public static Node Hessian(Node cost, Node x) => Jacobian(Grad(cost, x), x);

    /// <summary>
    /// The dense Hessian of the scalar <paramref name="cost"/> with respect to several nodes, as
    /// blocks: element [i, j] is ∂²cost/∂wrtᵢ∂wrtⱼ of shape wrtᵢ.Shape ++ wrtⱼ.Shape (a scalar for
    /// scalar nodes).
    /// </summary>
    public static Node[,] Hessian(Node cost, IReadOnlyList<Node> wrt)
    {
        var grads = Grad(cost, wrt.ToArray());
        var h = new Node[wrt.Count, wrt.Count];
        for (int i = 0; i < wrt.Count; i++)
        {
            if (grads[i].Shape.IsScalar)
            {
                var row = Grad(grads[i], wrt.ToArray());
                for (int j = 0; j < wrt.Count; j++) h[i, j] = row[j];
            }
            else
            {
                for (int j = 0; j < wrt.Count; j++) h[i, j] = Jacobian(grads[i], wrt[j]);
            }
        }
        return h;
    }

    /// <summary>
    /// Hessian-vector products H·v by forward-over-reverse (the JVP of the gradient), without forming
    /// the Hessian: one result per node of <paramref name="wrt"/>, for tangents <paramref name="v"/>.
    /// </summary>
    public static Node[] Hvp(Node cost, IReadOnlyList<Node> wrt, IReadOnlyList<Node> v) =>
        Jvp(Grad(cost, wrt.ToArray()), wrt, v);

    /// <summary>
    /// The outputs in the stable forms of <see cref="Simplify.Stabilize"/> (log(σ(x)) as −softplus(−x),
    /// log(softmax(z)) as log_softmax(z), …), so that derivatives are taken of the stable form: the
    /// derivative of −softplus(−x) is σ(−x), finite everywhere, where the derivative of log(σ(x)) is
    /// σ′(x)/σ(x) = 0/0 once σ(x) underflows, and no later rewrite can cancel that when σ(x) has another
    /// use. The rewrites start from a log or a cross-entropy, so a graph with none is returned as it is
    /// (no sweep); and derivatives with respect to an intermediate node keep the graph as built, since a
    /// rewrite could remove that node.
    /// </summary>
    private static IReadOnlyList<Node> StableForms(IReadOnlyList<Node> outputs, IReadOnlyList<Node> wrt)
    {
        // Null nodes are left for the callers' checks to report.
        if (outputs.Count == 0 || outputs.Any(o => o is null) || wrt.Any(w => w is null || w.Op is not Leaf)) return outputs;
        bool any = false;
        foreach (var n in Topology.Sort(outputs, wholeGraph: true))
            if (n.Op is Log or CrossEntropy or LogSoftmax) { any = true; break; }
        if (!any) return outputs;
        return Stabilize.Forms(outputs);
    }

    // The nodes of order that depend on a node of wrt (wrt's own nodes included), marked by id.
    private static bool[] DependsOn(List<Node> order, IReadOnlyList<Node> wrt, int size)
    {
        var set = new bool[size];
        foreach (var w in wrt) set[w.Id] = true;
        foreach (var n in order)
        {
            if (set[n.Id]) continue;
            foreach (var i in n.InputArray)
                if (set[i.Id]) { set[n.Id] = true; break; }
        }
        return set;
    }

    /// <summary>
    /// The cotangents of a reverse sweep as they arrive, by node id. Dense contributions are summed as
    /// they come; a <see cref="Scatter"/> (the adjoint of a slice, an index, or a concat's tangent) is
    /// kept as its pieces, and all pieces of a node are placed by one scatter when its cotangent is
    /// complete. So a vector indexed element by element (x[0], x[1], … x[n−1]) gets one scatter of n
    /// one-element pieces, O(n), where summing full-length pads would cost O(n²).
    /// </summary>
    private sealed class Cotangents
    {
        private readonly Node?[] _dense;
        private readonly List<(int Offset, Node Piece)>?[] _pieces;

        public Cotangents(int size)
        {
            _dense = new Node?[size];
            _pieces = new List<(int, Node)>?[size];
        }

        public void Add(Node x, Node contribution)
        {
            if (contribution.Op is Scatter scatter)
            {
                var list = _pieces[x.Id] ??= new List<(int, Node)>();
                for (int k = 0; k < scatter.Offsets.Count; k++) list.Add((scatter.Offsets[k], contribution.InputArray[k]));
                return;
            }
            _dense[x.Id] = _dense[x.Id] is Node sum ? sum + contribution : contribution;
        }

        /// <summary>The cotangent of <paramref name="x"/> (every contribution has arrived), or null when none did.</summary>
        public Node? Complete(Node x)
        {
            if (_pieces[x.Id] is not { } list) return _dense[x.Id];
            _pieces[x.Id] = null;
            var offsets = new List<int>(list.Count + 1);
            var pieces = new List<Node>(list.Count + 1);
            if (_dense[x.Id] is Node dense)
            {
                offsets.Add(0);
                pieces.Add(dense);
            }
            foreach (var (offset, piece) in list)
            {
                offsets.Add(offset);
                pieces.Add(piece);
            }
            return _dense[x.Id] = Sym.Scatter(x.Shape[0].Size, offsets, pieces);
        }
    }

    private static void CheckSameGraph(Graph graph, params IReadOnlyList<Node>[] lists)
    {
        foreach (var list in lists)
            foreach (var n in list)
            {
                if (n is null) throw new ArgumentNullException(nameof(lists), "A node is null.");
                if (!ReferenceEquals(n.Graph, graph)) throw new ArgumentException($"{n} belongs to another graph.");
            }
    }
}

/// <summary>Options of <see cref="Autodiff.Grad(Node, IReadOnlyList{Node}, GradOptions)"/>.</summary>
public sealed class GradOptions
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming a <c>wrt</c> node to which no derivative flows
    /// (the cost does not depend on it, or only through comparisons and other piecewise-constant ops)
    /// instead of returning zeros for it: the check a training script wants when a parameter was left
    /// out of the model by mistake. Off by default.
    /// </summary>
    public bool Strict { get; set; }
}
