using SymGraph.Benchmarks;
using SymGraph.Codegen.Compilation;

namespace SymGraph.Tests;

/// <summary>
/// The generated C# the benchmark project compiles in (benchmarks/SymGraph.Benchmarks/Generated) is
/// the emitter's current output: a change to the emitter fails here with a diff until the files are
/// regenerated (<c>SYMGRAPH_ACCEPT=1</c>), so the benchmarks never time stale code. Each is also
/// compiled and checked against the interpreter.
/// </summary>
public class BenchmarkSourcesTests
{
    public static IEnumerable<object[]> Names() => Workloads.GeneratedSources().Select(s => new object[] { s.name });

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedSource_IsTheEmittersOutput(string name)
    {
        var source = Workloads.GeneratedSources().Single(s => s.name == name).source;
        var compiled = CSharpCompiler.Compile(source);
        foreach (var f in source.Functions)
            CSharpHarness.AssertMatchesInterpreter(compiled, f.Name, CSharpHarness.RandomValues(f, new Random(3)), name);
        var directory = Path.Combine(Snapshot.RepositoryRoot(), "benchmarks", "SymGraph.Benchmarks", "Generated");
        Snapshot.Verify(source.Text, directory, name, "cs", Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) is "1" or "true");
    }
}
