using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SymGraph.Codegen.Lowering;
using SymGraph.Codegen.Scheduling;

namespace SymGraph.Codegen.Expressions;

/// <summary>
/// The state compiled code works in: planned buffers, constants, spilled scalars, bound sizes. Each
/// thread that calls a <see cref="CompiledFunction{T}"/> has its own (the constants are shared).
/// </summary>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class Workspace<T> where T : unmanaged
{
    internal Workspace(T[][] constants, int scalarSlots, int symbols, int buffers)
    {
        Constants = constants;
        Spill = new T[scalarSlots];
        Sizes = new int[symbols];
        Inferred = new int[symbols];
        Buffers = new T[buffers][];
        for (int i = 0; i < buffers; i++) Buffers[i] = Array.Empty<T>();
    }

    /// <summary>A fresh workspace of the same layout sharing the constants, for another thread.</summary>
    internal Workspace<T> Sibling() => new(Constants, Spill.Length, Sizes.Length, Buffers.Length);

    /// <summary>The sizes inferred from the argument lengths by the call in progress.</summary>
    internal int[] Inferred { get; }

    /// <summary>The planned work buffers.</summary>
    public T[][] Buffers { get; }

    /// <summary>The tensor constants.</summary>
    public T[][] Constants { get; }

    /// <summary>Scalars that live across method chunks.</summary>
    public T[] Spill { get; }

    /// <summary>The current symbolic sizes, in <see cref="Schedule.Symbols"/> order.</summary>
    public int[] Sizes { get; }

    internal bool Bound { get; set; }
}

/// <summary>One compiled method of a function (large graphs are split into several).</summary>
public delegate void CompiledChunk<T>(T[][] arguments, T[][] results, Workspace<T> workspace) where T : unmanaged;

/// <summary>
/// A graph compiled to native code: a sequence of JIT-compiled methods over planned buffers. Two
/// entry points: <see cref="Invoke(T[][], T[][])"/> (arrays in, arrays out, no allocation after the
/// first call with given sizes: for hot loops) and <see cref="Evaluate(IReadOnlyDictionary{string, Tensor})"/>
/// (by name, allocating, for everything else). Safe to call from many threads at once: each thread
/// works in its own <see cref="Workspace{T}"/>, made on its first call and grown, never shrunk.
/// </summary>
/// <typeparam name="T"><see cref="double"/> for float64 graphs, <see cref="float"/> for float32.</typeparam>
public sealed class CompiledFunction<T> where T : unmanaged
{
    private readonly CompiledChunk<T>[] _chunks;
    private readonly (int Argument, int StaticProduct)[] _sizeSources;
    private readonly int _symbolCount;
    // The first thread to call keeps its workspace in a field (one thread-static read and a compare
    // per call); every other thread gets its own through the ThreadLocal.
    private readonly Workspace<T> _prototype;
    private int _ownerThread;
    private Workspace<T>? _ownerWorkspace;
    private readonly ThreadLocal<Workspace<T>> _otherThreads;
    private readonly long[] _argumentLengths, _resultLengths;
    private readonly IntExpr[] _bufferLengths;

    private readonly LoweredFunction _lowered;
    private readonly int _vectorBits;

    internal CompiledFunction(LoweredFunction lowered, CompiledChunk<T>[] chunks, Workspace<T> workspace, int vectorBits)
    {
        _lowered = lowered;
        _vectorBits = vectorBits;
        var schedule = lowered.Schedule;
        Schedule = schedule;
        _chunks = chunks;
        _prototype = workspace;
        _otherThreads = new ThreadLocal<Workspace<T>>(workspace.Sibling);
        TensorsInLocals = lowered.TensorsInLocals;
        // The buffers the lowered code uses (none for tensors in locals), at the lengths the lowering planned.
        _bufferLengths = lowered.Buffers.Select(b => b.Length).ToArray();
        _symbolCount = schedule.Symbols.Count;
        // Lengths known at compile time are checked without walking shapes on every call (−1: symbolic).
        _argumentLengths = schedule.Arguments.Select(a => a.Shape.IsStatic ? (long)a.Shape.ElementCount : -1).ToArray();
        _resultLengths = schedule.Outputs.Select(o => o.Shape.IsStatic ? (long)o.Shape.ElementCount : -1).ToArray();
        _sizeSources = schedule.SizeSources.ToArray();
    }

    /// <summary>The schedule this function was compiled from.</summary>
    public Schedule Schedule { get; }

    /// <summary>The leaves, in the order <see cref="Invoke(T[][], T[][])"/> expects their arrays.</summary>
    public IReadOnlyList<Node> Arguments => Schedule.Arguments;

    /// <summary>The outputs (as simplified before compiling), in the order of the result arrays.</summary>
    public IReadOnlyList<Node> Outputs => Schedule.Outputs;

    /// <summary>The number of JIT-compiled methods the program was split into.</summary>
    public int MethodCount => _chunks.Length;

    /// <summary>
    /// The work tensors kept in locals, one per element, instead of buffers: small static tensors
    /// that every step reads and writes element by element (loops over them are unrolled).
    /// </summary>
    public IReadOnlyCollection<Node> TensorsInLocals { get; }

    /// <summary>
    /// Runs the function. <paramref name="arguments"/>[i] holds argument i row-major (a scalar is a
    /// one-element array); <paramref name="results"/>[j] receives output j and must have exactly its
    /// size. Symbolic sizes are inferred from the argument lengths. Allocates nothing unless the
    /// sizes changed since the last call.
    /// </summary>
    public void Invoke(T[][] arguments, T[][] results)
    {
        var workspace = CurrentWorkspace();
        var inferred = workspace.Inferred;
        if (_sizeSources.Length > 0 && arguments is null) throw new ArgumentNullException(nameof(arguments));
        for (int s = 0; s < _sizeSources.Length; s++)
        {
            var (a, product) = _sizeSources[s];
            if (a < 0) throw new ArgumentException($"The size '{Schedule.Symbols[s]}' cannot be inferred from the arguments; pass the sizes explicitly.");
            if (a >= arguments!.Length) throw EntryPointChecks.Count("argument", Arguments.Count, arguments.Length);
            var array = arguments[a] ?? throw EntryPointChecks.Null("argument", a, EntryPointChecks.Describe(Arguments[a]));
            if (product != 0 && array.Length % product != 0) throw EntryPointChecks.NotAMultiple(a, EntryPointChecks.Describe(Arguments[a]), array.Length, product);
            inferred[s] = product == 0 ? 0 : array.Length / product;
        }
        Run(arguments!, results, inferred, workspace);
    }

    /// <summary>Runs the function with explicit symbolic sizes, in <see cref="Schedule.Symbols"/> order.</summary>
    public void Invoke(T[][] arguments, T[][] results, int[] sizes)
    {
        if (sizes is null) throw new ArgumentNullException(nameof(sizes));
        Run(arguments, results, sizes, CurrentWorkspace());
    }

    /// <summary>
    /// The function as a delegate with its own parameters: one per argument in <see cref="Arguments"/>
    /// order (<c>T[]</c> for a tensor, <c>T</c> for a scalar), then one <c>T[]</c> per output in order,
    /// except a scalar first output, which the delegate returns (otherwise it returns void). For the
    /// Rosenbrock value and gradient: <c>Func&lt;double[], double[], double&gt;</c>, <c>(x, dx) =&gt; f</c>.
    /// One compiled method with the arrays' lengths checked inline: the cost per call of a tiny
    /// function is that of a direct call. Compiles on each call of this method: keep the delegate.
    /// Thread-safe like <see cref="Invoke(T[][], T[][])"/>; allocates nothing per call.
    /// </summary>
    /// <typeparam name="TDelegate">A delegate type of exactly that signature (<c>Func&lt;…&gt;</c>, <c>Action&lt;…&gt;</c> or your own).</typeparam>
    /// <exception cref="ArgumentException"><typeparamref name="TDelegate"/> has another signature.</exception>
    /// <exception cref="NotSupportedException">The function has symbolic sizes or was split into several methods (use <see cref="Invoke(T[][], T[][])"/>).</exception>
    public TDelegate AsDelegate<TDelegate>() where TDelegate : Delegate
    {
        var expected = Schedule.Arguments.Select(a => a.Shape.IsScalar ? typeof(T) : typeof(T[]))
            .Concat(Schedule.Outputs.Select((o, j) => j == 0 && o.Shape.IsScalar ? null : typeof(T[])).OfType<Type>()).ToArray();
        var returned = Schedule.Outputs.Count > 0 && Schedule.Outputs[0].Shape.IsScalar ? typeof(T) : typeof(void);
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        string Signature(IEnumerable<Type> ps, Type r) => $"({string.Join(", ", ps.Select(p => p.Name))}) => {(r == typeof(void) ? "void" : r.Name)}";
        if (invoke.ReturnType != returned || !invoke.GetParameters().Select(p => p.ParameterType).SequenceEqual(expected))
            throw new ArgumentException(
                $"{typeof(TDelegate).Name} is {Signature(invoke.GetParameters().Select(p => p.ParameterType), invoke.ReturnType)}; this function's typed entry point is {Signature(expected, returned)}.",
                nameof(TDelegate));
        if (Schedule.Symbols.Count > 0)
            throw new NotSupportedException($"The typed entry point needs static shapes; this function has symbolic sizes ({string.Join(", ", Schedule.Symbols)}): use Invoke.");
        if (_lowered.Parts.Count != 1 || _lowered.Epilogue.Count > 0)
            throw new NotSupportedException($"The typed entry point needs a function compiled as one method; this one has {MethodCount}: use Invoke (or raise MaxChunkWeight).");
        var workspace = System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Constant(this),
            typeof(CompiledFunction<T>).GetMethod(nameof(ReadyWorkspace), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!);
        return (TDelegate)ExpressionPrinter<T>.Typed(_lowered, _vectorBits, typeof(TDelegate), workspace).Compile();
    }

    // This thread's workspace with its buffers allocated (the typed entry point's: static sizes).
    internal Workspace<T> ReadyWorkspace()
    {
        var workspace = CurrentWorkspace();
        if (!workspace.Bound) AllocateBuffers(workspace);
        return workspace;
    }

    // This thread's workspace.
    private Workspace<T> CurrentWorkspace()
    {
        int thread = Environment.CurrentManagedThreadId;
        if (thread == _ownerThread) return _ownerWorkspace!;
        if (_ownerThread == 0 && Interlocked.CompareExchange(ref _ownerThread, thread, 0) == 0)
        {
            // Only this thread ever reads _ownerWorkspace (no other has its id), so program order
            // publishes it. A thread that later gets the same id runs after this one has ended.
            _ownerWorkspace = _prototype;
            return _prototype;
        }
        return _otherThreads.Value!;
    }

    private void Run(T[][] arguments, T[][] results, int[] sizes, Workspace<T> workspace)
    {
        // For the smallest functions the checks are most of a call (Rosenbrock n = 2), so the
        // success path reads only arrays: the counts and static lengths were taken at compile time,
        // and CheckLength (which resolves symbolic lengths and names the node) runs only for a
        // symbolic length or a mismatch.
        var argumentLengths = _argumentLengths;
        var resultLengths = _resultLengths;
        if (arguments is null) throw new ArgumentNullException(nameof(arguments));
        if (results is null) throw new ArgumentNullException(nameof(results));
        if (sizes.Length != _symbolCount) throw new ArgumentException($"Expected {Schedule.Symbols.Count} sizes, got {sizes.Length}.", nameof(sizes));
        if (arguments.Length != argumentLengths.Length) throw EntryPointChecks.Count("argument", Arguments.Count, arguments.Length);
        if (results.Length != resultLengths.Length) throw EntryPointChecks.Count("result", Outputs.Count, results.Length);
        bool changed = !workspace.Bound;
        for (int s = 0; s < sizes.Length; s++)
        {
            if (sizes[s] < 0) throw new ArgumentOutOfRangeException(nameof(sizes), $"Size '{Schedule.Symbols[s]}' is negative.");
            if (workspace.Sizes[s] != sizes[s]) changed = true;
            workspace.Sizes[s] = sizes[s];
        }
        for (int a = 0; a < argumentLengths.Length; a++)
        {
            var array = arguments[a];
            if (array is null || array.Length != argumentLengths[a]) CheckLength(array, Arguments[a], argumentLengths[a], "argument", a, workspace);
        }
        for (int j = 0; j < resultLengths.Length; j++)
        {
            var array = results[j];
            if (array is null || array.Length != resultLengths[j]) CheckLength(array, Outputs[j], resultLengths[j], "result", j, workspace);
        }
        if (changed) AllocateBuffers(workspace);
        var chunks = _chunks;
        for (int c = 0; c < chunks.Length; c++) chunks[c](arguments, results, workspace);
    }

    private void CheckLength(T[]? array, Node node, long staticLength, string what, int index, Workspace<T> workspace)
    {
        if (array is null) throw EntryPointChecks.Null(what, index, EntryPointChecks.Describe(node));
        long expected = staticLength >= 0 ? staticLength : Length(node.Shape, workspace.Sizes);
        if (array.Length != expected) throw EntryPointChecks.Length(what, index, EntryPointChecks.Describe(node), array.Length, expected);
    }

    // On the per-call path: an indexed loop, because enumerating a Shape through its interface boxes
    // an enumerator (until the JIT's tier 1 optimizes it away, which may take a while).
    private long Length(Shape shape, int[] sizes)
    {
        long n = 1;
        for (int k = 0; k < shape.Rank; k++)
        {
            var d = shape[k];
            n *= d.IsStatic ? d.Size : sizes[Schedule.SymbolIndex(d.Symbol!)];
        }
        return n;
    }

    // Grows this thread's buffers to the current sizes (indexed loops: a LINQ Max here allocated on
    // every call that changed a size, e.g. alternating batch sizes).
    private void AllocateBuffers(Workspace<T> workspace)
    {
        var lengths = _bufferLengths;
        for (int b = 0; b < lengths.Length; b++)
        {
            long n = lengths[b].Evaluate(workspace.Sizes);
            if (workspace.Buffers[b].Length < n) workspace.Buffers[b] = new T[n];
        }
        workspace.Bound = true;
    }

    /// <summary>The element count of output <paramref name="index"/> at the sizes of this thread's last call (or the given sizes).</summary>
    public int ResultLength(int index, IReadOnlyDictionary<string, int>? sizes = null)
    {
        var bound = CurrentWorkspace().Sizes;
        long n = 1;
        foreach (var d in Outputs[index].Shape)
            n *= d.IsStatic ? d.Size : sizes is not null ? sizes[d.Symbol!] : bound[Schedule.SymbolIndex(d.Symbol!)];
        return checked((int)n);
    }

    /// <summary>Evaluates the function on values given by leaf name; allocates the results.</summary>
    public Tensor[] Evaluate(IReadOnlyDictionary<string, Tensor> values)
    {
        var context = new EvaluationContext();
        var args = new T[Arguments.Count][];
        for (int a = 0; a < Arguments.Count; a++)
        {
            var leaf = (Ops.Leaf)Arguments[a].Op;
            if (!values.TryGetValue(leaf.LeafName, out var t)) throw new ArgumentException($"No value was given for {leaf.Name} '{leaf.LeafName}'.", nameof(values));
            context.Bind(Arguments[a].Shape, t.Dims, $"{leaf.Name} '{leaf.LeafName}'");
            args[a] = Convert(t.Data);
        }
        var sizes = Schedule.Symbols.Select(s => context.Sizes.TryGetValue(s, out var v) ? v : throw new ArgumentException($"The size '{s}' is not bound by any argument.")).ToArray();
        var results = new T[Outputs.Count][];
        var dims = new int[Outputs.Count][];
        for (int j = 0; j < Outputs.Count; j++)
        {
            dims[j] = context.Resolve(Outputs[j].Shape);
            results[j] = new T[dims[j].Aggregate(1, (p, d) => p * d)];
        }
        Invoke(args, results, sizes);
        return results.Select((r, j) => new Tensor(dims[j], ToDouble(r), Outputs[j].DType)).ToArray();
    }

    private static T[] Convert(double[] data)
    {
        if (typeof(T) == typeof(double)) return (T[])(object)data.Clone();
        return (T[])(object)data.Select(v => (float)v).ToArray();
    }

    private static double[] ToDouble(T[] data) =>
        typeof(T) == typeof(double) ? (double[])(object)data : ((float[])(object)data).Select(v => (double)v).ToArray();
}
