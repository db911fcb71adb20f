using System;

namespace SymGraph.Training;

/// <summary>
/// A compiled function in the array convention of every SymGraph backend
/// (<c>CompiledFunction&lt;T&gt;.Invoke</c>, a generated class's <c>InvokeStep</c>): arguments in,
/// results written into the given arrays.
/// </summary>
public delegate void StepFunction<T>(T[][] arguments, T[][] results);

/// <summary>
/// A compiled <see cref="UpdateRule"/> with its parameters and optimizer state: <see cref="Run"/> performs
/// one step (loss, gradient, update of parameters and state) and allocates nothing.
/// </summary>
/// <remarks>
/// The parameters and state live in two sets of arrays, read from one and written to the other by the
/// compiled function; after each call the sets swap (a ping-pong, not a copy). So the arrays holding the
/// current values change from step to step: read them through <see cref="Parameter"/> and
/// <see cref="StateValue"/>, and set them with <see cref="SetParameter"/> and <see cref="SetState"/>.
/// </remarks>
/// <typeparam name="T"><see cref="double"/> for f64 rules, <see cref="float"/> for f32.</typeparam>
public sealed class TrainingStep<T> where T : unmanaged
{
    private readonly StepFunction<T> _function;
    private readonly T[][] _arguments;
    private readonly T[][] _results;
    private readonly int _parameterOffset, _stateOffset, _learningRate, _step, _count;

    /// <summary>
    /// Wraps <paramref name="function"/>, compiled from <paramref name="rule"/>'s
    /// <see cref="UpdateRule.Outputs"/> as functions of its <see cref="UpdateRule.Arguments"/>. The
    /// parameters and state start at zero; the data arrays are set per call.
    /// </summary>
    public TrainingStep(UpdateRule rule, StepFunction<T> function)
    {
        Rule = rule ?? throw new ArgumentNullException(nameof(rule));
        _function = function ?? throw new ArgumentNullException(nameof(function));
        if (typeof(T) != (rule.Cost.DType == DType.Float64 ? typeof(double) : typeof(float)))
            throw new ArgumentException($"The rule is {rule.Cost.DType.ShortName()}; a step over {typeof(T).Name} cannot run it.", nameof(rule));
        _arguments = new T[rule.Arguments.Count][];
        _results = new T[rule.Outputs.Count][];
        _parameterOffset = rule.ParameterOffset;
        _stateOffset = rule.StateOffset;
        _count = rule.Parameters.Count + rule.State.Count;
        _learningRate = rule.Arguments.Count - 2;
        _step = rule.Arguments.Count - 1;
        _arguments[_learningRate] = new T[1];
        _arguments[_step] = new T[1];
        _results[0] = new T[1];
        for (int k = 0; k < _count; k++)
        {
            int length = checked((int)rule.Arguments[_parameterOffset + k].Shape.ElementCount);
            _arguments[_parameterOffset + k] = new T[length];
            _results[1 + k] = new T[length];
        }
    }

    /// <summary>The rule this step runs.</summary>
    public UpdateRule Rule { get; }

    /// <summary>The number of steps taken (t of the last step; 0 before the first). Restored checkpoints set it.</summary>
    public long StepCount { get; set; }

    /// <summary>The cost computed by the last step (before its update).</summary>
    public double Loss => ToDouble(_results[0], 0);

    /// <summary>The current values of parameter <paramref name="index"/> (row-major; valid until the next step).</summary>
    public T[] Parameter(int index) => _arguments[_parameterOffset + CheckIndex(index, Rule.Parameters.Count)];

    /// <summary>The current values of state leaf <paramref name="index"/> (in <see cref="UpdateRule.State"/> order; valid until the next step).</summary>
    public T[] StateValue(int index) => _arguments[_stateOffset + CheckIndex(index, Rule.State.Count)];

    /// <summary>Copies <paramref name="values"/> into parameter <paramref name="index"/>.</summary>
    public void SetParameter(int index, T[] values) => Set(Parameter(index), values, Rule.Parameters[index]);

    /// <summary>Copies <paramref name="values"/> into state leaf <paramref name="index"/>.</summary>
    public void SetState(int index, T[] values) => Set(StateValue(index), values, Rule.State[index]);

    /// <summary>
    /// One step on the minibatch <paramref name="data"/> (one array per <see cref="UpdateRule.Data"/>
    /// leaf, row-major; a symbolic batch size is read off their lengths) with learning rate
    /// <paramref name="learningRate"/>: computes the cost and the gradient, updates the parameters and
    /// the state, and returns the cost. Allocates nothing (after the backend's first call with a given
    /// batch size).
    /// </summary>
    public double Run(T[][] data, double learningRate)
    {
        if (data is null) throw new ArgumentNullException(nameof(data));
        if (data.Length != _parameterOffset) throw new ArgumentException($"Expected {_parameterOffset} data arrays, got {data.Length}.", nameof(data));
        var arguments = _arguments;
        for (int i = 0; i < data.Length; i++) arguments[i] = data[i];
        long t = StepCount + 1;
        Store(arguments[_learningRate], learningRate);
        Store(arguments[_step], t);
        _function(arguments, _results);
        StepCount = t;
        // The results become the current values; the old arrays take the next step's results.
        var results = _results;
        for (int k = 1; k <= _count; k++)
        {
            var swap = arguments[_parameterOffset + k - 1];
            arguments[_parameterOffset + k - 1] = results[k];
            results[k] = swap;
        }
        for (int i = 0; i < data.Length; i++) arguments[i] = null!; // keep no reference to the caller's batch
        return ToDouble(results[0], 0);
    }

    private static int CheckIndex(int index, int count) =>
        index >= 0 && index < count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index in [0, {count}).");

    private static void Set(T[] target, T[] values, Node node)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        if (values.Length != target.Length)
            throw new ArgumentException($"'{node.Name}' has {target.Length} values; {values.Length} were given.", nameof(values));
        Array.Copy(values, target, target.Length);
    }

    // Reference casts through object: no boxing, so no allocation on the step path.
    private static void Store(T[] array, double value)
    {
        if (array is double[] d) d[0] = value;
        else ((float[])(object)array)[0] = (float)value;
    }

    private static double ToDouble(T[] array, int index) => array is double[] d ? d[index] : ((float[])(object)array)[index];
}
