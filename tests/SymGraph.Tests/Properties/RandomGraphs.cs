namespace SymGraph.Tests;

/// <summary>
/// A seeded generator of random graphs over the op set, with random shapes and NumPy broadcasting.
/// Domain-restricted ops get their arguments mapped into the domain (log(u² + ½), tan(½·tanh u)),
/// so every graph is finite at every point; kinks (relu, abs, max, where) are left in.
/// </summary>
public sealed class RandomGraphs
{
    private static readonly Shape[] ShapePool =
    {
        Shape.Scalar, new(3), new(4), new(2, 3), new(3, 1), new(1, 3), new(3, 3), new(2, 3, 4), new(3, 4), new(4, 3),
    };

    private readonly Random _rng;
    private readonly Graph _graph = new();
    private readonly List<Node> _nodes = new();

    private RandomGraphs(int seed) => _rng = new Random(seed);

    /// <summary>Builds a random scalar cost from 1–3 parameters and 2–12 random operations.</summary>
    public static (Graph graph, Node cost, Node[] parameters) Build(int seed)
    {
        var gen = new RandomGraphs(seed);
        int leaves = 1 + gen._rng.Next(3);
        for (int i = 0; i < leaves; i++) gen._nodes.Add(gen._graph.Parameter($"p{i}", gen.Pick(ShapePool)));
        int ops = 2 + gen._rng.Next(11);
        for (int i = 0; i < ops; i++)
        {
            var n = gen.Step();
            if (n is not null) gen._nodes.Add(n);
        }
        // Project the last few nodes onto random constants so every output entry matters.
        Node? cost = null;
        foreach (var n in gen._nodes.Skip(Math.Max(leaves, gen._nodes.Count - 2)))
        {
            var r = gen._graph.Constant(TestUtil.Random(gen._rng, TestUtil.Dims(n.Shape)));
            var term = Sym.Sum(n * r);
            cost = cost is null ? term : cost + term;
        }
        cost ??= Sym.Sum(Sym.Square(gen._nodes[0]));
        return (gen._graph, cost, gen._graph.Parameters.ToArray());
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private Node Any() => _nodes[_nodes.Count - 1 - _rng.Next(Math.Min(_nodes.Count, 4))];

    private Node? Partner(Node a)
    {
        var candidates = _nodes.Where(n => Shape.TryBroadcast(n.Shape, a.Shape) is not null).ToList();
        return Pick(candidates);
    }

    private Node Bounded(Node u) => Sym.Tanh(u);

    private Node? Step()
    {
        var a = Any();
        switch (_rng.Next(30))
        {
            case 0: return -a;
            case 1: return Sym.Exp(Bounded(a));
            case 2: return Sym.Log(Sym.Square(a) + 0.5);
            case 3: return Sym.Sqrt(Sym.Square(a) + 0.25);
            case 4: return Sym.Abs(a);
            case 5: return Sym.Sin(a);
            case 6: return Sym.Cos(a);
            case 7: return Sym.Tan(0.5 * Bounded(a));
            case 8: return Sym.Tanh(a);
            case 9: return Sym.Sigmoid(a);
            case 10: return Sym.Relu(a);
            case 11: return Sym.Softplus(a);
            case 12: return Sym.Square(a);
            case 13: return a + Partner(a)!;
            case 14: return a - Partner(a)!;
            case 15: return a * Partner(a)!;
            case 16: return a / (Sym.Square(Partner(a)!) + 0.5);
            case 17: return Sym.Pow(Sym.Square(a) + 0.5, Bounded(Partner(a)!));
            case 18: return _rng.Next(2) == 0 ? Sym.Maximum(a, Partner(a)!) : Sym.Minimum(a, Partner(a)!);
            case 19:
            {
                var b = Partner(a)!;
                return Sym.Where(Sym.Greater(a, b), a * b, a - b);
            }
            case 20: return a.Rank == 0 ? null : Sym.Sum(a, _rng.Next(a.Rank));
            case 21: return _rng.Next(2) == 0 ? Sym.Sum(a) : Sym.Mean(a);
            case 22: return a.Rank == 0 ? Sym.Max(a) : Sym.Max(a, _rng.Next(a.Rank));
            case 23: return a.Rank == 0 ? null : Sym.Transpose(a);
            case 24: return a.Rank == 0 ? null : Sym.Reshape(a, new Shape(a.Shape.ElementCount));
            case 25: return a.Rank == 0 ? null : Pick(new Func<Node, int, Node>[] { Sym.Softmax, Sym.LogSoftmax, Sym.LogSumExp })(a, _rng.Next(a.Rank));
            case 26:
            {
                var b = _nodes.FirstOrDefault(n => n.Rank is 1 or 2 && a.Rank is 1 or 2 && n.Shape[0] == a.Shape[a.Rank - 1]);
                return b is null ? null : Sym.MatMul(a, b);
            }
            case 27:
            {
                if (a.Rank == 0 || a.Shape[0].Size < 2) return null;
                int n = a.Shape[0].Size, start = _rng.Next(n - 1);
                return _rng.Next(2) == 0 ? Sym.Slice(a, start, start + 1 + _rng.Next(n - start)) : Sym.Index(a, start);
            }
            case 28: return a.Rank == 0 ? null : Sym.Concat(a, Sym.Exp(Bounded(a)));
            default:
            {
                var c = _graph.Constant(TestUtil.Random(_rng, TestUtil.Dims(a.Shape), -2, 2));
                return _rng.Next(2) == 0 ? a * c : a + c;
            }
        }
    }
}
