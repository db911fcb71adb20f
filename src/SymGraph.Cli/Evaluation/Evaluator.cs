using System;

namespace SymGraph.Cli;

/// <summary>Runs a prepared function, turning evaluation failures that depend on the values into invalid-input errors.</summary>
internal static class Evaluator
{
    public static Tensor[] Run(PreparedFunction function, Point point)
    {
        try
        {
            return function.Evaluate(point);
        }
        catch (ShapeException e)
        {
            throw CliException.Invalid("evaluation failed: " + e.Message);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            // Sizes the values bind that a reshape cannot use, and the like: the values do not fit the model.
            throw CliException.Invalid($"evaluation failed {point.Description}: {CliException.MessageOf(e)}");
        }
    }
}
