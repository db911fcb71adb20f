using System.Collections.Generic;
using System.IO;
using System.Linq;
using SymGraph.Codegen;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// A model file compiled without errors, and what the commands derive from it (built once, on demand):
/// the values to show, the gradient of the cost, the Hessian blocks.
/// </summary>
internal sealed class LoadedModel
{
    /// <summary>The most values a dense Hessian is formed with respect to (its rows and columns).</summary>
    public const int MaxHessianSize = ModelDiagnostics.MaxHessianSize;

    private Node[]? _gradients;
    private Node[,]? _hessian;

    private LoadedModel(string file, CompiledModel model)
    {
        File = file;
        Model = model;
        Arguments = model.Inputs.Concat(model.Parameters).OrderBy(n => n.Id).ToArray();
        var outputs = new List<NamedNode>();
        if (model.Minimize is not null) outputs.Add(model.Minimize);
        foreach (var o in model.Outputs)
            if (outputs.All(p => p.Name != o.Name)) outputs.Add(o);
        if (outputs.Count == 0) outputs.AddRange(model.Assignments);
        Outputs = outputs;
    }

    /// <summary>The model file as the user named it (diagnostics use this).</summary>
    public string File { get; }

    public CompiledModel Model { get; }

    /// <summary>Every input and parameter, in declaration order: the arguments of compiled functions.</summary>
    public IReadOnlyList<Node> Arguments { get; }

    /// <summary>The values shown by <c>eval</c>: the cost, then the <c>output</c> statements; every assignment when there are neither.</summary>
    public IReadOnlyList<NamedNode> Outputs { get; }

    public Node? Cost => Model.Cost;

    public IReadOnlyList<Node> Wrt => Model.Wrt;

    /// <summary>Reads and compiles <paramref name="path"/>; reports diagnostics; throws <see cref="CliException"/> on errors.</summary>
    public static LoadedModel Load(CliContext context, string path)
    {
        CompiledModel model;
        using (var text = TextFile.Open(context, path, "a model file")) model = ModelCompiler.Compile(text, path);
        context.Report(model.Diagnostics, model.OmittedErrors, model.OmittedWarnings);
        if (model.HasErrors) throw CliException.Reported();
        return new LoadedModel(path, model);
    }

    /// <summary>The cost node, or a reported SG0501 naming <paramref name="what"/> needs it.</summary>
    public Node RequireCost(CliContext context, string what)
    {
        if (Model.Cost is not null && Model.Wrt.Count > 0) return Model.Cost;
        if (Model.Cost is null)
        {
            context.Report(new[] { CliDiagnostics.NoCostStatement(File, what) });
            throw CliException.Reported();
        }
        throw CliException.Invalid($"{what}: the model has nothing to differentiate with respect to (no 'param' and no 'wrt')");
    }

    /// <summary>The gradient of the cost with respect to <see cref="Wrt"/> (built once).</summary>
    public IReadOnlyList<Node> Gradients(CliContext context, string what)
    {
        RequireCost(context, what);
        return _gradients ??= Model.Gradients();
    }

    /// <summary>The number of scalar values in <see cref="Wrt"/> (static shapes only).</summary>
    public long WrtSize => Wrt.Sum(w => w.Shape.IsStatic ? (long)w.Shape.ElementCount : 0);

    /// <summary>
    /// The Hessian blocks [i, j] = ∂²cost/∂wrtᵢ∂wrtⱼ (built once), after checking that every value
    /// has a static shape and that the dense matrix stays within <see cref="MaxHessianSize"/>.
    /// </summary>
    public Node[,] Hessian(CliContext context, string what)
    {
        var cost = RequireCost(context, what);
        if (_hessian is not null) return _hessian;
        foreach (var w in Wrt)
        {
            if (!w.Shape.IsStatic)
            {
                context.Report(new[] { CliDiagnostics.SymbolicHessian(File, w) });
                throw CliException.Reported();
            }
        }
        long n = WrtSize;
        if (n > MaxHessianSize)
        {
            context.Report(new[] { CliDiagnostics.HessianLimit(File, Model.MinimizeLocation, Model.Minimize!.Name, Wrt, n, MaxHessianSize) });
            throw CliException.Reported();
        }
        return _hessian = Autodiff.Hessian(cost, Wrt);
    }

    /// <summary>The Hessian blocks in row-major block order (the layout <see cref="HessianLayout"/> flattens).</summary>
    public Node[] HessianBlocks(CliContext context, string what)
    {
        var h = Hessian(context, what);
        int k = Wrt.Count;
        var flat = new Node[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) flat[i * k + j] = h[i, j];
        return flat;
    }

    /// <summary>
    /// The model at the sizes <paramref name="point"/> binds: itself when every shape is static, otherwise a
    /// copy with the sizes bound (<see cref="Specialization"/>), so Hessians can be formed for them.
    /// </summary>
    public BoundModel Bind(CliContext context, Point point, string what)
    {
        var cost = RequireCost(context, what);
        var roots = new[] { cost }.Concat(Arguments).ToArray();
        if (Specialization.IsStatic(roots)) return new BoundModel(this, cost, Wrt, Arguments, point, null);
        Specialization specialization;
        try
        {
            specialization = Specialization.Of(roots, point.Sizes);
        }
        catch (ShapeException e)
        {
            throw CliException.Invalid($"{what}: the sizes {point.Description} do not fit the model: {e.Message}");
        }
        return new BoundModel(this, specialization[cost], specialization.Map(Wrt), specialization.Map(Arguments), point.Rebind(specialization), specialization);
    }

    /// <summary>
    /// The dense Hessian blocks of a bound model (row-major block order), after checking that the matrix
    /// stays within <see cref="MaxHessianSize"/> at its sizes.
    /// </summary>
    public Node[] HessianBlocks(CliContext context, string what, BoundModel bound)
    {
        if (bound.Specialization is null) return HessianBlocks(context, what);
        RequireDenseSize(context, bound);
        return HessianLayout.Blocks(bound.Cost, bound.Wrt);
    }

    /// <summary>Reports SG0503 when the dense Hessian of a bound model would exceed <see cref="MaxHessianSize"/> values.</summary>
    public void RequireDenseSize(CliContext context, BoundModel bound)
    {
        long n = bound.Wrt.Sum(w => (long)w.Shape.ElementCount);
        if (n <= MaxHessianSize) return;
        context.Report(new[] { CliDiagnostics.HessianLimit(File, Model.MinimizeLocation, Model.Minimize!.Name, bound.Wrt, n, MaxHessianSize) });
        throw CliException.Reported();
    }
}

/// <summary>
/// A model with its symbolic sizes bound by a point: the cost, the differentiated values and the
/// arguments in a graph of static shapes (the model's own graph when it has no symbolic sizes), and the
/// point's values keyed by that graph's leaves.
/// </summary>
internal sealed class BoundModel
{
    public BoundModel(LoadedModel model, Node cost, IReadOnlyList<Node> wrt, IReadOnlyList<Node> arguments, Point point, Specialization? specialization)
    {
        Model = model;
        Cost = cost;
        Wrt = wrt;
        Arguments = arguments;
        Point = point;
        Specialization = specialization;
    }

    public LoadedModel Model { get; }

    public Node Cost { get; }

    public IReadOnlyList<Node> Wrt { get; }

    public IReadOnlyList<Node> Arguments { get; }

    public Point Point { get; }

    /// <summary>The copy made to bind the sizes; null when the model had none.</summary>
    public Specialization? Specialization { get; }
}
