using System.Text;

namespace SymGraph.Cli.Tests;

/// <summary>What one in-process run of the tool gave.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs <see cref="Cli.Run"/> in process with string writers, and finds the repository's examples.</summary>
internal static class CliHost
{
    public static CliResult Run(params string[] args) => Run(new CliEnvironment { WorkingDirectory = Root }, args);

    public static CliResult Run(CliEnvironment environment, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Cli.Run(args, stdout, stderr, environment);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs in <paramref name="directory"/> (relative paths resolve there).</summary>
    public static CliResult RunIn(string directory, params string[] args) => Run(new CliEnvironment { WorkingDirectory = directory }, args);

    /// <summary>Runs <paramref name="args"/> in a fresh folder holding <paramref name="model"/> as m.sg and <paramref name="values"/> as m.json.</summary>
    public static CliResult RunModel(string model, string values, params string[] args)
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", model);
        dir.File("m.json", values);
        return RunIn(dir.Path, args);
    }

    public static string Root { get; } = Snapshot.RepositoryRoot();

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The example models, by name (<c>rosenbrock</c> for examples/rosenbrock.sg with examples/rosenbrock.values.json).</summary>
    public static readonly string[] ExampleNames = { "rosenbrock", "logistic_regression", "net121", "xor", "tanh_regression", "mlp" };

    /// <summary>The examples small enough for dense Hessians.</summary>
    public static bool HasHessian(string name) => name != "mlp";

    public static string Model(string name) => Path.Combine("examples", name + ".sg");

    public static string Values(string name) => Path.Combine("examples", name + ".values.json");
}

/// <summary>A fresh directory under the system's temporary folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "symgraph-cli-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string? content = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        if (content is not null) System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
