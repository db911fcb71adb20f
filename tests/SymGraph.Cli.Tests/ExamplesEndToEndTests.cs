using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SymGraph.Cli.Tests;

/// <summary>
/// The command line on every example model: <c>check</c> passes, <c>eval</c> gives the same numbers on
/// every backend, <c>compile</c> output builds (and the assembly computes what <c>eval</c> does), and
/// <c>graph</c> and <c>bench</c> run.
/// </summary>
public class ExamplesEndToEndTests
{
    public static TheoryData<string> Examples() => new(CliHost.ExampleNames);

    public static TheoryData<string> SmallExamples() => new(CliHost.ExampleNames.Where(CliHost.HasHessian));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Check_ExampleAtItsValues_Passes(string name)
    {
        var args = new List<string> { "check", CliHost.Model(name), "--at", CliHost.Values(name), "--json" };
        if (CliHost.HasHessian(name)) args.Add("--hessian");
        var r = CliHost.Run(args.ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean(), r.Stdout);
        var gradient = json.RootElement.GetProperty("gradient");
        Assert.True(gradient.GetProperty("max_abs_error").GetDouble() < 1e-5, r.Stdout);
        Assert.False(string.IsNullOrEmpty(gradient.GetProperty("worst").GetString()));
        if (CliHost.HasHessian(name)) Assert.True(json.RootElement.GetProperty("hessian").GetProperty("ok").GetBoolean(), r.Stdout);
        if (name == "mlp") Assert.True(gradient.GetProperty("sampled").GetBoolean(), "the MLP's 235,146 entries are sampled");
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [MemberData(nameof(SmallExamples))]
    public void Check_ExampleAtRandomPoint_PassesAndPrintsTable(string name)
    {
        var r = CliHost.Run("check", CliHost.Model(name), "--seed", "7");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("random point (seed 7)", r.Stdout);
        Assert.Matches(@"(?m)^gradient\s+ok\s+\d\.\d{3}e[-+]\d\d\s+\S+", r.Stdout);
        Assert.EndsWith("ok\n", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Eval_EveryBackend_SameNumbers(string name)
    {
        var results = new Dictionary<string, JsonElement>();
        foreach (var backend in new[] { "interp", "expr", "cs" })
        {
            var args = new List<string> { "eval", CliHost.Model(name), "--at", CliHost.Values(name), "--grad", "--json", "--backend", backend };
            if (CliHost.HasHessian(name)) args.Add("--hessian");
            var r = CliHost.Run(args.ToArray());
            Assert.True(r.ExitCode == 0, $"{backend}: {r}");
            results[backend] = JsonDocument.Parse(r.Stdout).RootElement.Clone();
        }
        var reference = results["interp"];
        Assert.True(reference.GetProperty("outputs").EnumerateObject().Any());
        Assert.True(reference.GetProperty("gradient").EnumerateObject().Any());
        if (CliHost.HasHessian(name)) Assert.True(reference.GetProperty("hessian").GetProperty("matrix").GetArrayLength() > 0);
        foreach (var backend in new[] { "expr", "cs" })
            AssertSameNumbers(reference, results[backend], $"{name}: interp vs {backend}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Compile_ExampleToSource_Builds(string name)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "compile", CliHost.Model(name), "-o", dir.Path, "--namespace", "Examples.Generated" };
        if (CliHost.HasHessian(name)) args.Add("--hessian");
        var r = CliHost.Run(args.ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        var files = Directory.GetFiles(dir.Path);
        var file = Assert.Single(files);
        Assert.EndsWith(".g.cs", file);
        Assert.Contains($"wrote {file}", r.Stdout);

        var text = File.ReadAllText(file);
        Assert.Contains("namespace Examples.Generated", text);
        Assert.Contains(" Gradient(", text);
        if (CliHost.HasHessian(name)) Assert.Contains(" Hessian(", text);
        AssertBuilds(text, Path.GetFileName(file));
    }

    [Fact]
    public void Compile_OutputsMethod_ComputesTheOutputValuesEvalPrints()
    {
        const string name = "mlp";
        using var dir = new TempDirectory();
        var r = CliHost.Run("compile", CliHost.Model(name), "-o", dir.Path, "--emit", "dll", "--class", "Compiled");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Value, Gradient, Outputs)", r.Stdout);
        var eval = CliHost.Run("eval", CliHost.Model(name), "--at", CliHost.Values(name), "--json");
        Assert.Equal(0, eval.ExitCode);
        using var expected = JsonDocument.Parse(eval.Stdout);

        var context = new AssemblyLoadContext("cli-test-outputs", isCollectible: true);
        try
        {
            var type = context.LoadFromAssemblyPath(Path.Combine(dir.Path, "Compiled.dll")).GetType("SymGraph.Generated.Compiled", throwOnError: true)!;
            var invoke = type.GetMethod("InvokeOutputs", BindingFlags.Public | BindingFlags.Static)!;
            using var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliHost.Root, CliHost.Values(name))));
            var model = SymGraph.Model.ModelCompiler.Compile(File.ReadAllText(Path.Combine(CliHost.Root, CliHost.Model(name))));
            var function = SymGraph.Codegen.CSharp.ModelFunctions.Outputs(model)!;
            // Only the leaves the outputs depend on: the labels are not an argument.
            Assert.True(function.Arguments.Count < model.Inputs.Count + model.Parameters.Count);
            var arguments = function.Arguments.Select(n => Flatten(values.RootElement.GetProperty(n.Name!))).ToArray();
            var outputs = model.Outputs.Select(o => Flatten(expected.RootElement.GetProperty("outputs").GetProperty(o.Name))).ToArray();
            var results = outputs.Select(o => new double[o.Length]).ToArray();
            invoke.Invoke(null, new object[] { arguments, results });
            for (int k = 0; k < outputs.Length; k++)
                for (int i = 0; i < outputs[k].Length; i++) Assert.True(Close(outputs[k][i], results[k][i], 1e-12), $"{model.Outputs[k].Name}[{i}]: {outputs[k][i]} vs {results[k][i]}");
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [MemberData(nameof(SmallExamples))]
    public void Compile_ExampleToDll_LoadsAndComputesTheGradientEvalPrints(string name)
    {
        using var dir = new TempDirectory();
        var r = CliHost.Run("compile", CliHost.Model(name), "-o", dir.Path, "--emit", "dll", "--class", "Compiled");
        Assert.True(r.ExitCode == 0, r.ToString());
        var dll = Path.Combine(dir.Path, "Compiled.dll");
        Assert.Equal(new[] { dll }, Directory.GetFiles(dir.Path));

        var eval = CliHost.Run("eval", CliHost.Model(name), "--at", CliHost.Values(name), "--grad", "--json");
        Assert.Equal(0, eval.ExitCode);
        using var expected = JsonDocument.Parse(eval.Stdout);

        // Call InvokeGradient(double[][] arguments, double[][] results) with the values file's arrays.
        var context = new AssemblyLoadContext("cli-test-" + name, isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(dll);
            var type = assembly.GetType("SymGraph.Generated.Compiled", throwOnError: true)!;
            var invoke = type.GetMethod("InvokeGradient", BindingFlags.Public | BindingFlags.Static)!;
            using var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliHost.Root, CliHost.Values(name))));
            var model = SymGraph.Model.ModelCompiler.Compile(File.ReadAllText(Path.Combine(CliHost.Root, CliHost.Model(name))));
            var arguments = model.Inputs.Concat(model.Parameters).OrderBy(n => n.Id).Select(n => Flatten(values.RootElement.GetProperty(n.Name!))).ToArray();
            var gradient = expected.RootElement.GetProperty("gradient").EnumerateObject().Select(p => Flatten(p.Value)).ToArray();
            var results = new[] { new double[1] }.Concat(gradient.Select(g => new double[g.Length])).ToArray();
            if (model.Wrt.All(w => w.Shape.IsScalar) && model.Wrt.Count > 1)
                results = new[] { new double[1], new double[model.Wrt.Count] };
            invoke.Invoke(null, new object[] { arguments, results });
            Assert.Equal(expected.RootElement.GetProperty("outputs").EnumerateObject().First().Value.GetDouble(), results[0][0], 1e-12);
            var flat = results.Skip(1).SelectMany(a => a).ToArray();
            var want = gradient.SelectMany(a => a).ToArray();
            Assert.Equal(want.Length, flat.Length);
            for (int i = 0; i < want.Length; i++) Assert.True(Close(want[i], flat[i], 1e-10), $"{name} gradient[{i}]: {want[i]} vs {flat[i]}");
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Graph_Example_TextDotAndStats(string name)
    {
        var text = CliHost.Run("graph", CliHost.Model(name), "--grad");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("# derivative", text.Stdout.Replace(", derivative", "# derivative"));
        Assert.Contains("\nreturn %", text.Stdout);

        var dot = CliHost.Run("graph", CliHost.Model(name), "--grad", "--format", "dot");
        Assert.True(dot.ExitCode == 0, dot.ToString());
        Assert.StartsWith("digraph symgraph {", dot.Stdout);
        Assert.Contains("#fce5cd", dot.Stdout); // derivative nodes are coloured apart

        var stats = CliHost.Run("graph", CliHost.Model(name), "--stats", "--json");
        Assert.True(stats.ExitCode == 0, stats.ToString());
        using var json = JsonDocument.Parse(stats.Stdout);
        int forward = json.RootElement.GetProperty("forward").GetInt32();
        int gradient = json.RootElement.GetProperty("gradient").GetInt32();
        Assert.True(forward > 0 && gradient > forward, stats.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("hessian").ValueKind);
    }

    [Fact]
    public void Bench_SmallExampleEveryBackend_ReportsEachFunction()
    {
        var r = CliHost.Run("bench", CliHost.Model("net121"), "--at", CliHost.Values("net121"), "--hessian", "--json", "--warmup-ms", "100", "--time-ms", "100");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(new[] { "interp", "expr", "cs" }, json.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var backend in json.RootElement.EnumerateObject())
        {
            Assert.Equal(new[] { "value", "gradient", "hessian" }, backend.Value.EnumerateObject().Select(p => p.Name));
            foreach (var function in backend.Value.EnumerateObject())
            {
                Assert.True(function.Value.GetProperty("median_ns").GetDouble() > 0, r.Stdout);
                Assert.True(function.Value.GetProperty("alloc_bytes").GetInt64() >= 0, r.Stdout);
            }
        }
        // The interpreter allocates its intermediate tensors on every call.
        Assert.True(json.RootElement.GetProperty("interp").GetProperty("value").GetProperty("alloc_bytes").GetInt64() > 0);
    }

    [Fact]
    public void Bench_TextOutput_OneRowPerBackendAndFunction()
    {
        var r = CliHost.Run("bench", CliHost.Model("rosenbrock"), "--backend", "expr", "--warmup-ms", "100", "--time-ms", "100");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^backend\s+function\s+median ns/call\s+bytes/call\s+setup ms$", lines[1]);
        Assert.Matches(@"^expr\s+value\s+[\d,]+\s+[\d,]+\s+[\d,]+$", lines[2]);
        Assert.Matches(@"^expr\s+gradient\s+[\d,]+\s+[\d,]+$", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    private static double[] Flatten(JsonElement e)
    {
        var list = new List<double>();
        var stack = new Stack<JsonElement>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            if (x.ValueKind == JsonValueKind.Number) list.Add(x.GetDouble());
            else foreach (var child in x.EnumerateArray().Reverse()) stack.Push(child);
        }
        return list.ToArray();
    }

    private static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>Every number of <paramref name="actual"/> within 1e-9 (relative, absolute near zero) of <paramref name="expected"/>, same structure.</summary>
    private static void AssertSameNumbers(JsonElement expected, JsonElement actual, string what)
    {
        var stack = new Stack<(JsonElement E, JsonElement A, string Path)>();
        stack.Push((expected, actual, "$"));
        int numbers = 0;
        while (stack.Count > 0)
        {
            var (e, a, path) = stack.Pop();
            Assert.True(e.ValueKind == a.ValueKind, $"{what}: {path} is {a.ValueKind}, expected {e.ValueKind}");
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    Assert.Equal(e.EnumerateObject().Select(p => p.Name), a.EnumerateObject().Select(p => p.Name));
                    foreach (var p in e.EnumerateObject()) stack.Push((p.Value, a.GetProperty(p.Name), path + "." + p.Name));
                    break;
                case JsonValueKind.Array:
                    Assert.True(e.GetArrayLength() == a.GetArrayLength(), $"{what}: {path} length");
                    for (int i = 0; i < e.GetArrayLength(); i++) stack.Push((e[i], a[i], $"{path}[{i}]"));
                    break;
                case JsonValueKind.Number:
                    numbers++;
                    Assert.True(Close(e.GetDouble(), a.GetDouble(), 1e-9), $"{what}: {path} = {a.GetDouble():R}, expected {e.GetDouble():R}");
                    break;
                default:
                    Assert.Equal(e.ToString(), a.ToString());
                    break;
            }
        }
        Assert.True(numbers > 0);
    }

    /// <summary>Compiles generated source as a user's project would: with the base library and SymGraph.Runtime, warnings as errors.</summary>
    private static void AssertBuilds(string source, string fileName)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: fileName);
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(SymGraph.Runtime.Kernels).Assembly.Location));
        var compilation = CSharpCompilation.Create("Generated", new[] { tree }, trusted,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
        Assert.True(result.Success && problems.Length == 0, string.Join("\n", problems));
    }
}
