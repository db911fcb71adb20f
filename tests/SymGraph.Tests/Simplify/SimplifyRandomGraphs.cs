using SymGraph.Ops;

namespace SymGraph.Tests;

/// <summary>
/// A seeded generator of random graphs over the whole op set, with the patterns the simplifier's
/// rules look for planted among ordinary operations, derivative graphs (gradients, sometimes
/// Hessians), f32 graphs, graphs built with interning off, and special values (±0, ±∞, NaN, huge and
/// tiny numbers) in constants and inputs. Replay a failure with its seed.
/// </summary>
internal sealed class SimplifyRandomGraphs
{
    private static readonly Shape[] Shapes =
    {
        Shape.Scalar, Shape.Of(3), Shape.Of(2, 3), Shape.Of(3, 2), Shape.Of(1, 3), Shape.Of(6), Shape.Of(2, 1),
    };

    private static readonly double[] Ordinary = { 1, -1, 2, 0.5, 3, -0.25, 0, 1.5 };
    private static readonly double[] Special = { -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300, 1e-310, 700, -800 };

    private readonly Random _rng;
    private readonly Graph _g;
    private readonly DType _dtype;
    private readonly List<Node> _pool = new();
    private readonly List<Node> _leaves = new();

    private SimplifyRandomGraphs(int seed)
    {
        _rng = new Random(seed);
        _g = new Graph { InterningEnabled = _rng.NextDouble() >= 0.1 };
        _dtype = _rng.NextDouble() < 0.1 ? DType.Float32 : DType.Float64;
    }

    public sealed record Sample(Graph Graph, Node[] Outputs, Dictionary<Node, Tensor> Values);

    public static Sample Build(int seed) => new SimplifyRandomGraphs(seed).Build();

    private Sample Build()
    {
        int leaves = 2 + _rng.Next(3);
        for (int i = 0; i < leaves; i++)
        {
            var leaf = _g.Parameter($"p{i}", Pick(Shapes.Take(4).ToArray()), _dtype);
            _leaves.Add(leaf);
            _pool.Add(leaf);
        }
        int ops = 4 + _rng.Next(26);
        for (int i = 0; i < ops; i++)
        {
            var n = Step();
            if (n is not null) _pool.Add(n);
        }

        var outputs = new List<Node>();
        int count = 1 + _rng.Next(3);
        for (int i = 0; i < count; i++) outputs.Add(_pool[_pool.Count - 1 - _rng.Next(Math.Min(_pool.Count, 6))]);
        double d = _rng.NextDouble();
        if (d < 0.3)
        {
            var cost = Sym.Sum(Recent());
            var wrt = _leaves.OrderBy(_ => _rng.Next()).Take(1 + _rng.Next(_leaves.Count)).ToArray();
            outputs.AddRange(Autodiff.Grad(cost, wrt));
        }
        else if (d < 0.36)
        {
            var cost = Sym.Sum(Recent());
            var small = _leaves.Where(l => l.Shape.ElementCount <= 3).ToList();
            if (small.Count > 0) outputs.Add(Autodiff.Hessian(cost, Pick(small.ToArray())));
        }

        var values = new Dictionary<Node, Tensor>();
        bool positive = _rng.NextDouble() < 0.5;
        foreach (var leaf in _leaves)
        {
            var dims = leaf.Shape.Select(x => x.Size).ToArray();
            var data = new double[leaf.Shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = positive ? 0.05 + 3 * _rng.NextDouble() : -2 + 4 * _rng.NextDouble();
                if (_rng.NextDouble() < 0.05) data[i] = Pick(Special);
                else if (_rng.NextDouble() < 0.05) data[i] = Pick(Ordinary);
            }
            values[leaf] = new Tensor(dims, data, _dtype);
        }
        return new Sample(_g, outputs.ToArray(), values);
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    // Mostly recent nodes, so graphs grow deep rather than wide.
    private Node Recent() => _rng.NextDouble() < 0.6 ? _pool[_pool.Count - 1 - _rng.Next(Math.Min(_pool.Count, 4))] : _pool[_rng.Next(_pool.Count)];

    private Node Any(Func<Node, bool> fits) => _pool.Where(fits).OrderBy(_ => _rng.Next()).FirstOrDefault() ?? Recent();

    private double ConstValue() => _rng.NextDouble() < 0.1 ? Pick(Special) : Pick(Ordinary);

    private Node Const(Shape? shape = null)
    {
        shape ??= Shape.Scalar;
        if (shape.IsScalar || _rng.NextDouble() < 0.5) return Sym.Broadcast(_g.Constant(ConstValue(), _dtype), shape);
        var data = Enumerable.Range(0, shape.ElementCount).Select(_ => ConstValue()).ToArray();
        return _g.Constant(new Tensor(shape.Select(x => x.Size).ToArray(), data, _dtype));
    }

    private Node Partner(Node a) =>
        _rng.NextDouble() < 0.3 ? Const(_rng.NextDouble() < 0.5 ? Shape.Scalar : a.Shape) : Any(b => Shape.TryBroadcast(a.Shape, b.Shape) is not null);

    private static readonly Func<Node, Node>[] Unary =
    {
        Sym.Neg, Sym.Exp, Sym.Log, Sym.Sqrt, Sym.Abs, Sym.Sign, Sym.Sin, Sym.Cos, Sym.Tan, Sym.Tanh, Sym.Sigmoid, Sym.Relu, Sym.Softplus, Sym.Square,
    };

    private static readonly Func<Node, Node, Node>[] Binary =
    {
        Sym.Add, Sym.Sub, Sym.Mul, Sym.Div, Sym.Pow, Sym.Maximum, Sym.Minimum, Sym.Less, Sym.GreaterEqual, Sym.Equal,
    };

    private Node? Step()
    {
        var x = Recent();
        switch (_rng.Next(12))
        {
            case 0:
            case 1:
                return Pick(Unary)(x);
            case 2:
            case 3:
                return Pick(Binary)(x, Partner(x));
            case 4:
                return Sym.Where(Sym.Greater(x, Const()), x, Partner(x));
            case 5:
                return Structural(x);
            case 6:
                return Reduction(x);
            case 7:
                return NeuralNet(x);
            default:
                return Planted(x);
        }
    }

    private Node? Structural(Node x)
    {
        switch (_rng.Next(7))
        {
            case 0:
                {
                    var targets = Shapes.Where(s => s.ElementCount == x.Shape.ElementCount).ToArray();
                    return targets.Length == 0 ? null : Sym.Reshape(x, Pick(targets));
                }
            case 1: return Sym.Transpose(x);
            case 2:
                if (x.Rank == 0) return null;
                {
                    int n = x.Shape[0].Size, a = _rng.Next(n + 1), b = _rng.Next(n + 1);
                    return Sym.Slice(x, Math.Min(a, b), Math.Max(a, b));
                }
            case 3:
                if (x.Rank == 0) return null;
                return Sym.Concat(x, Any(y => y.Rank == x.Rank && y.Shape.Skip(1).Equals(x.Shape.Skip(1))));
            case 4:
                {
                    var targets = Shapes.Where(s => s != x.Shape && x.Shape.BroadcastsTo(s)).ToArray();
                    return targets.Length == 0 ? null : Sym.Broadcast(x, Pick(targets));
                }
            case 5:
                {
                    var targets = Shapes.Where(s => s != x.Shape && s.BroadcastsTo(x.Shape)).ToArray();
                    return targets.Length == 0 ? null : Sym.SumTo(x, Pick(targets));
                }
            default:
                {
                    var m = x.Rank == 2 ? x : Sym.Reshape(x, new Shape(1, x.Shape.ElementCount));
                    return Sym.MatMul(m, Sym.Transpose(m));
                }
        }
    }

    private Node Reduction(Node x)
    {
        int? axis = x.Rank == 0 || _rng.NextDouble() < 0.3 ? null : _rng.Next(x.Rank);
        return _rng.Next(3) switch
        {
            0 => Sym.Sum(x, axis),
            1 => Sym.Max(x, axis),
            _ => Sym.Mean(x, axis),
        };
    }

    private Node? NeuralNet(Node x)
    {
        if (x.Rank == 0) return null;
        int axis = _rng.Next(x.Rank);
        var y = Any(n => n.Shape == x.Shape && !ReferenceEquals(n, x));
        if (y.Shape != x.Shape) y = Sym.Sigmoid(x);
        return _rng.Next(5) switch
        {
            0 => Sym.Softmax(x, axis),
            1 => Sym.LogSoftmax(x, axis),
            2 => Sym.LogSumExp(x, axis),
            3 => Sym.CrossEntropy(Sym.Sigmoid(x), Sym.Sigmoid(y)),
            _ => Sym.CrossEntropyLogits(x, y),
        };
    }

    private Node? Planted(Node x)
    {
        var y = Any(n => n.Shape == x.Shape && !ReferenceEquals(n, x));
        if (y.Shape != x.Shape) y = Sym.Tanh(x);
        int last = x.Rank - 1;
        switch (_rng.Next(49))
        {
            // Identity shape ops, as graphs from other producers (a deserializer) may contain.
            case 48:
                return _rng.Next(4) switch
                {
                    0 => _g.Apply(new Reshape(x.Shape), x),
                    1 => _g.Apply(new Broadcast(x.Shape), x),
                    2 => _g.Apply(new SumTo(x.Shape), x),
                    _ => x.Rank == 0 ? null : _g.Apply(new Slice(0, x.Shape[0].Size), x),
                };
            case 0: return x * 1.0;
            case 1: return 1.0 * x;
            case 2: return x * -1.0;
            case 3: return x / 1.0;
            case 4: return x + 0.0;
            case 5: return x + -0.0;
            case 6: return 0.0 - x;
            case 7: return -0.0 - x;
            case 8: return x - 0.0;
            case 9: return -(-x);
            case 10: return x - (-y);
            case 11: return x + (-y);
            case 12: return (-x) * (-y);
            case 13: return Sym.Pow(x, 1.0);
            case 14: return Sym.Pow(x, 0.0);
            case 15: return Sym.Pow(x, 2.0);
            case 16: return Sym.Exp(Sym.Log(x));
            case 17: return Sym.Exp(Sym.Log(Sym.Square(x)));
            case 18: return Sym.Log(Sym.Exp(x));
            case 19: return x.Rank == 0 ? null : Sym.Log(Sym.Softmax(x, _rng.Next(x.Rank)));
            case 20: return Sym.Log(Sym.Sigmoid(x));
            case 21: return Sym.Log(1.0 - Sym.Sigmoid(x));
            case 22: return x.Rank == 0 ? null : Sym.Log(Sym.Sum(Sym.Exp(x), _rng.NextDouble() < 0.5 ? null : _rng.Next(x.Rank)));
            case 23: return x.Rank == 0 ? null : Sym.CrossEntropy(Sym.Softmax(x), Sym.Sigmoid(y));
            case 24: return x.Rank == 0 ? null : -Sym.Sum(Sym.Sigmoid(y) * Sym.Log(Sym.Softmax(x)), -1);
            case 25: return x * (y / x);
            case 26: return (y / x) * (x * Sym.Cos(y));
            case 27: return x * (y / x - Sym.Sin(y));
            case 28: return x * (-(y / x) - y);
            case 29: return x - x;
            case 30: return Sym.Sigmoid(x) - Sym.Sigmoid(x);
            case 31: return x * 0.0;
            case 32: return Sym.Sigmoid(x) * 0.0;
            case 33: return Sym.Where(Sym.Less(x, y), y, y);
            case 34: return Sym.Where(Const(), x, y);
            case 35: return Sym.Maximum(x, x);
            case 36: return Sym.Abs(-x) + Sym.Square(Sym.Abs(y));
            case 37: return Sym.Abs(Sym.Exp(x)) + Sym.Relu(Sym.Sigmoid(y));
            case 38: return Sym.Reshape(Sym.Reshape(x, new Shape(x.Shape.ElementCount)), x.Shape);
            case 39: return Sym.Transpose(Sym.Transpose(x));
            case 40: return x.Rank == 0 ? null : Sym.Slice(Sym.Slice(Sym.Concat(x, x), 1, null), 0, x.Shape[0].Size);
            case 41:
                if (x.Rank == 0) return null;
                {
                    int n = x.Shape[0].Size, k = _rng.Next(n + 1);
                    return Sym.Concat(Sym.Slice(x, 0, k), Sym.Slice(x, k, n));
                }
            case 42: return Sym.Broadcast(Sym.Broadcast(x, new Shape(new Dim[] { 1 }.Concat(x.Shape))), new Shape(new Dim[] { 2, 1 }.Concat(x.Shape)));
            case 43: return Sym.Sum(Sym.Reshape(x, new Shape(x.Shape.Concat(new Shape(1)))), x.Rank);
            case 44: return Const(x.Shape) * Const(x.Shape) + Sym.Sum(Const(x.Shape)) * x;
            case 45: return Sym.Sum(Sym.Broadcast(Sym.Exp(x), new Shape(new Dim[] { 2 }.Concat(x.Shape))), 0) - Sym.Exp(x);
            case 46: return last < 0 ? null : Sym.Mean(-Sym.Sum(Sym.Sigmoid(y) * Sym.LogSoftmax(x), -1));
            default: return Sym.Tanh(x) * (1.0 * (Sym.Pow(y, 2.0) + 0.0));
        }
    }
}
