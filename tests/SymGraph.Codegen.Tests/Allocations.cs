namespace SymGraph.Tests;

/// <summary>Allocation measurements for the zero-allocation tests.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes allocated per round of <paramref name="calls"/> calls, once steady: tiered compilation
    /// may allocate once, at a moment that depends on machine load, so up to ten rounds are run and
    /// the smallest is returned. A function that allocates per call allocates in every round.
    /// </summary>
    public static long SteadyState(Action call, int calls)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 10 && best != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) call();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best;
    }
}
