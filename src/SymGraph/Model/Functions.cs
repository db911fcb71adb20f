using System;
using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Model;

/// <summary>What a function parameter accepts.</summary>
internal enum ParameterKind
{
    /// <summary>Any expression (a node).</summary>
    Value,

    /// <summary>An integer literal naming an axis; negative counts from the end.</summary>
    Axis,

    /// <summary>A dimension list such as <c>[batch, 10]</c>; one entry may be <c>-1</c> (inferred).</summary>
    Shape,

    /// <summary>A list of axes such as <c>[1, 0]</c>; negative counts from the end.</summary>
    Axes,
}

/// <summary>One parameter of a <see cref="FunctionSpec"/>.</summary>
internal sealed class FunctionParameter
{
    public FunctionParameter(string name, ParameterKind kind, bool optional = false, int? defaultAxis = null)
    {
        Name = name;
        Kind = kind;
        Optional = optional;
        DefaultAxis = defaultAxis;
    }

    public string Name { get; }
    public ParameterKind Kind { get; }
    public bool Optional { get; }

    /// <summary>The axis an omitted optional <see cref="ParameterKind.Axis"/> stands for (<c>null</c>: all axes).</summary>
    public int? DefaultAxis { get; }
}

/// <summary>The arguments of a call, matched to the parameters, as a builder receives them.</summary>
internal sealed class FunctionArguments
{
    public FunctionArguments(Node?[] values, int?[] axes, Dim?[]?[] shapes, int[]?[] axisLists)
    {
        Values = values;
        Axes = axes;
        Shapes = shapes;
        AxisLists = axisLists;
    }

    private Node?[] Values { get; }
    private int?[] Axes { get; }
    private Dim?[]?[] Shapes { get; }
    private int[]?[] AxisLists { get; }

    /// <summary>The node passed for parameter <paramref name="i"/>.</summary>
    public Node Value(int i) => Values[i] ?? throw Unexpected.Value(i);

    /// <summary>The axis passed for parameter <paramref name="i"/> (or its default; <c>null</c> for all axes).</summary>
    public int? Axis(int i) => Axes[i];

    /// <summary>The dimensions passed for parameter <paramref name="i"/>; <c>null</c> entries stand for <c>-1</c>.</summary>
    public Dim?[] Shape(int i) => Shapes[i] ?? throw Unexpected.Value(i);

    /// <summary>The axis list passed for parameter <paramref name="i"/>, or <c>null</c> when omitted.</summary>
    public int[]? AxisList(int i) => AxisLists[i];
}

/// <summary>A function of the language: its name, its parameters, and the builder call it makes.</summary>
internal sealed class FunctionSpec
{
    public FunctionSpec(string name, FunctionParameter[] parameters, Func<FunctionArguments, Node> build)
    {
        Name = name;
        Parameters = parameters;
        Build = build;
    }

    public string Name { get; }
    public FunctionParameter[] Parameters { get; }
    public Func<FunctionArguments, Node> Build { get; }

    public int IndexOf(string parameter) => Array.FindIndex(Parameters, p => p.Name == parameter);

    /// <summary><c>sum(x, axis?)</c>, for messages and docs.</summary>
    public override string ToString() =>
        $"{Name}({string.Join(", ", Parameters.Select(p => p.Optional ? p.Name + "?" : p.Name))})";
}

/// <summary>
/// The functions callable from <c>.sg</c> files, one entry per function: adding a function is one
/// line here. Parameters can be passed by position or by name (<c>softmax(z, axis: 1)</c>).
/// </summary>
internal static class Functions
{
    private static FunctionParameter X(string name) => new(name, ParameterKind.Value);

    /// <summary>An optional axis; omitted means every axis.</summary>
    private static FunctionParameter AllAxesByDefault(string name) => new(name, ParameterKind.Axis, optional: true);

    /// <summary>An optional axis with a default (-1: the last).</summary>
    private static FunctionParameter AxisOrDefault(string name, int axis) => new(name, ParameterKind.Axis, optional: true, defaultAxis: axis);

    private static FunctionParameter Dims(string name) => new(name, ParameterKind.Shape);

    /// <summary>An optional axis list.</summary>
    private static FunctionParameter AxisListOrDefault(string name) => new(name, ParameterKind.Axes, optional: true);

    private static FunctionSpec F(string name, FunctionParameter[] parameters, Func<FunctionArguments, Node> build) => new(name, parameters, build);

    private static FunctionSpec Unary(string name, Func<Node, Node> build) => new(name, new[] { X("x") }, a => build(a.Value(0)));

    private static readonly FunctionSpec[] All =
    {
        Unary("exp", Sym.Exp),
        Unary("log", Sym.Log),
        Unary("sqrt", Sym.Sqrt),
        Unary("abs", Sym.Abs),
        Unary("sign", Sym.Sign),
        Unary("sin", Sym.Sin),
        Unary("cos", Sym.Cos),
        Unary("tan", Sym.Tan),
        Unary("tanh", Sym.Tanh),
        Unary("sigmoid", Sym.Sigmoid),
        Unary("relu", Sym.Relu),
        Unary("softplus", Sym.Softplus),
        Unary("square", Sym.Square),
        F("maximum", new[] { X("a"), X("b") }, a => Sym.Maximum(a.Value(0), a.Value(1))),
        F("minimum", new[] { X("a"), X("b") }, a => Sym.Minimum(a.Value(0), a.Value(1))),
        F("where", new[] { X("condition"), X("a"), X("b") }, a => Sym.Where(a.Value(0), a.Value(1), a.Value(2))),
        F("sum", new[] { X("x"), AllAxesByDefault("axis") }, a => Sym.Sum(a.Value(0), a.Axis(1))),
        F("mean", new[] { X("x"), AllAxesByDefault("axis") }, a => Sym.Mean(a.Value(0), a.Axis(1))),
        F("max", new[] { X("x"), AllAxesByDefault("axis") }, a => Sym.Max(a.Value(0), a.Axis(1))),
        F("softmax", new[] { X("x"), AxisOrDefault("axis", -1) }, a => Sym.Softmax(a.Value(0), a.Axis(1)!.Value)),
        F("log_softmax", new[] { X("x"), AxisOrDefault("axis", -1) }, a => Sym.LogSoftmax(a.Value(0), a.Axis(1)!.Value)),
        F("logsumexp", new[] { X("x"), AxisOrDefault("axis", -1) }, a => Sym.LogSumExp(a.Value(0), a.Axis(1)!.Value)),
        F("cross_entropy", new[] { X("p"), X("y") }, a => Sym.CrossEntropy(a.Value(0), a.Value(1))),
        F("cross_entropy_logits", new[] { X("z"), X("y") }, a => Sym.CrossEntropyLogits(a.Value(0), a.Value(1))),
        F("transpose", new[] { X("x"), AxisListOrDefault("axes") }, a => Lowerings.Transpose(a.Value(0), a.AxisList(1))),
        F("reshape", new[] { X("x"), Dims("shape") }, a => Lowerings.Reshape(a.Value(0), a.Shape(1))),
    };

    private static readonly Dictionary<string, FunctionSpec> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every function, in table order.</summary>
    public static IReadOnlyList<FunctionSpec> List => All;

    /// <summary>The function called <paramref name="name"/>, or <c>null</c>.</summary>
    public static FunctionSpec? Find(string name) => ByName.TryGetValue(name, out var f) ? f : null;
}
