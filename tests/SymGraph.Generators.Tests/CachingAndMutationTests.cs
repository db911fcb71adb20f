using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGraph.Tests;

namespace SymGraph.Generators.Tests;

/// <summary>Incremental caching (an unrelated edit reuses every tracked step) and 1,000 mutated inputs through the generator without an exception.</summary>
public class CachingAndMutationTests
{
    private const string Methods = "using System; using SymGraph; namespace N; public static partial class C { [Differentiable(Hessian = true)] public static double F(double x, double y) => Math.Exp(x) * y + x * x; }";
    private const string Other = "namespace N; public static class Other { public static int Twice(int x) => 2 * x; }";

    private static string Example(string name) => File.ReadAllText(Path.Combine(Snapshot.RepositoryRoot(), "examples", name));

    [Fact]
    public void UnrelatedEdits_LeaveTheTrackedStepsCachedOrUnchanged()
    {
        var files = new[] { new SgFile("rosenbrock.sg", Example("rosenbrock.sg")), new SgFile("iris_mlp.sg", Example("iris_mlp.sg")) };
        var compilation = GeneratorHarness.Compilation(new[] { Methods, Other });
        var driver = GeneratorHarness.Driver(files).RunGenerators(compilation);
        Assert.Equal(3, driver.GetRunResult().Results.Single().GeneratedSources.Length - 1); // plus the attribute

        // An edit to another file (a different method body) and a new file.
        var otherTree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("Other", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(otherTree, CSharpSyntaxTree.ParseText(Other.Replace("2 * x", "3 * x"), GeneratorHarness.ParseOptions, path: otherTree.FilePath))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace N; class Extra { }", GeneratorHarness.ParseOptions, path: "Extra.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { SymGraphStep("ModelRequest"), SymGraphStep("ModelFile"), SymGraphStep("Method") })
        {
            var runs = result.TrackedSteps[step];
            Assert.NotEmpty(runs);
            foreach (var run in runs)
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    private static string SymGraphStep(string name) => "SymGraph." + name;

    [Fact]
    public void FiveHundredMutatedModelFiles_GiveDiagnosticsNotExceptions()
    {
        var seeds = new[] { "rosenbrock.sg", "iris_mlp.sg", "logistic_regression.sg", "xor_mlp.sg", "tanh_regression.sg" }.Select(Example).ToArray();
        var rng = new Random(14);
        var compilation = GeneratorHarness.Compilation(Array.Empty<string>());
        var files = new List<SgFile>();
        for (int i = 0; i < 500; i++)
            files.Add(new SgFile($"m{i}.sg", Mutate(seeds[i % seeds.Length], rng, "+-*/()[],:=#@ \n0123456789.eabxyzWsumtanhminimizeoutputparaminput"),
                new Dictionary<string, string> { ["SymGraphHessian"] = i % 7 == 0 ? "dense" : "", ["SymGraphHvp"] = i % 5 == 0 ? "true" : "" }));
        // In batches, as a build sees a handful of files at a time.
        for (int start = 0; start < files.Count; start += 50)
        {
            var (result, _, diagnostics) = GeneratorHarness.Run(Array.Empty<string>(), files.Skip(start).Take(50));
            Assert.DoesNotContain(diagnostics, d => d.Id is "SG0899" or "CS8785");
        }
    }

    [Fact]
    public void FiveHundredMutatedMethods_GiveDiagnosticsNotExceptions()
    {
        var rng = new Random(1014);
        // Four methods of the test functions, so each of the 500 runs stays small.
        var seed = string.Join("\n", Functions.Source.Split('\n').Where((line, i) => i < 9 || line.Contains("Rosenbrock(", StringComparison.Ordinal)
            || line.Contains("Huber", StringComparison.Ordinal) || line.Contains("Square", StringComparison.Ordinal) || line.Contains("Softplus", StringComparison.Ordinal))) + "\n}\n";
        seed = seed.Replace("[Differentiable(Hessian = true)] public static double Huber", "[Differentiable] public static double Huber");
        var body = seed.Substring(seed.IndexOf("public static partial class F", StringComparison.Ordinal));
        var driver = GeneratorHarness.Driver(Array.Empty<SgFile>());
        var compilation = GeneratorHarness.Compilation(new[] { seed });
        var tree = compilation.SyntaxTrees.Single();
        for (int i = 0; i < 500; i++)
        {
            // Mutate one method of the class: the rest stays, as in an edit.
            var mutated = seed.Replace(body, Mutate(body, rng, "+-*/()?:<>=;{}[],. \nxyab0123456789.MathExpLogSqrtPowfordoublereturnif"));
            var newTree = CSharpSyntaxTree.ParseText(mutated, GeneratorHarness.ParseOptions, path: tree.FilePath);
            var next = compilation.ReplaceSyntaxTree(tree, newTree);
            driver = driver.RunGeneratorsAndUpdateCompilation(next, out _, out var diagnostics);
            var run = driver.GetRunResult().Results.Single();
            Assert.Null(run.Exception);
            Assert.DoesNotContain(diagnostics, d => d.Id is "SG0899" or "CS8785");
            (compilation, tree) = (next, newTree);
        }
    }

    /// <summary>One to three edits: delete, insert or replace a character, duplicate or drop a line.</summary>
    private static string Mutate(string text, Random rng, string alphabet)
    {
        var chars = new System.Text.StringBuilder(text);
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && chars.Length > 0; e++)
        {
            int at = rng.Next(chars.Length);
            switch (rng.Next(5))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, alphabet[rng.Next(alphabet.Length)]); break;
                case 2: chars[at] = alphabet[rng.Next(alphabet.Length)]; break;
                case 3:
                {
                    var lines = chars.ToString().Split('\n').ToList();
                    int l = rng.Next(lines.Count);
                    lines.Insert(l, lines[l]);
                    chars = new System.Text.StringBuilder(string.Join("\n", lines));
                    break;
                }
                default:
                {
                    var lines = chars.ToString().Split('\n').ToList();
                    lines.RemoveAt(rng.Next(lines.Count));
                    chars = new System.Text.StringBuilder(string.Join("\n", lines));
                    break;
                }
            }
        }
        return chars.ToString();
    }
}
