using System.Diagnostics;
using SymGraph.Tests;

namespace SymGraph.Generators.Tests;

/// <summary>
/// The package way in: SymGraph.Generators and SymGraph.Runtime packed into a local feed, and a project
/// outside the repository that only adds the package builds and runs with both doors (an .sg file
/// with item metadata, a [Differentiable] method). Offline: the feed and the local package cache are
/// the only sources. (The ProjectReference way is built with the solution: examples/csharp.)
/// </summary>
public class PackageConsumerTests
{
    [Fact]
    public void AProjectOutsideTheRepository_ConsumesThePackages()
    {
        var root = Snapshot.RepositoryRoot();
        string configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var work = Directory.CreateTempSubdirectory("symgraph-consumer-");
        try
        {
            string feed = Path.Combine(work.FullName, "feed"), app = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(app);
            // Built already: the tests reference both projects.
            foreach (var project in new[] { "src/SymGraph.Runtime", "src/SymGraph.Generators" })
                Dotnet(root, "pack", Path.Combine(root, project), "-c", configuration, "--no-build", "-o", feed);

            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" /></config>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="cache" value="{cache}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SymGraph.Generators" Version="0.1.0" />
                    <AdditionalFiles Include="cubic.sg" SymGraphClass="Bowl" SymGraphNamespace="Models" SymGraphHessian="dense" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "cubic.sg"), "param w[2]\nf = sum(w * w * w)\nminimize f\noutput f\n");
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using System;
                using SymGraph;

                var g = new double[2];
                double value = Functions.BoothGradient(1, 2, g);
                Console.WriteLine($"booth {value} {g[0]} {g[1]}");
                var h = new double[4];
                Models.Bowl.Hessian(new[] { 1.0, -2.0 }, h);
                Console.WriteLine($"bowl {Models.Bowl.Value(new[] { 1.0, -2.0 })} {h[0]} {h[3]}");

                static partial class Functions
                {
                    [Differentiable] public static double Booth(double x, double y) => (x + 2 * y - 7) * (x + 2 * y - 7) + (2 * x + y - 5) * (2 * x + y - 5);
                }
                """);
            Dotnet(app, "build", "-c", "Release");
            var output = Dotnet(app, "exec", Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"));
            // Booth at (1, 2): (−2)² + (−1)² = 5; gradient 2(−2) + 4(−1) = −8, 4(−2) + 2(−1) = −10.
            Assert.Contains("booth 5 -8 -10", output);
            // Σ w³ at (1, −2) = −7; the Hessian's diagonal is 6w: 6, −12.
            Assert.Contains("bowl -7 6 -12", output);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Dotnet(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (arguments[0] is "build" or "pack")
            foreach (var a in new[] { "--disable-build-servers", "-nodeReuse:false", "-v:q", "-nologo" }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), $"dotnet {string.Join(" ", arguments)} did not finish in 3 minutes");
        string text = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(" ", arguments)} failed ({process.ExitCode}):\n{text}");
        return text;
    }
}
