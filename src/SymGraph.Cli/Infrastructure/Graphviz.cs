using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;

namespace SymGraph.Cli;

/// <summary>Runs Graphviz's <c>dot</c> (<see cref="CliEnvironment.DotExecutable"/>) on DOT text.</summary>
internal static class Graphviz
{
    public static string Render(CliContext context, string dot, string format)
    {
        string exe = context.Environment.DotExecutable;
        var start = new ProcessStartInfo(exe, "-T" + format)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"'{exe}' did not start");
        }
        catch (Win32Exception)
        {
            throw CliException.Invalid(
                $"Graphviz's 'dot' program was not found (tried '{exe}'), so no {format.ToUpperInvariant()} can be drawn. " +
                "Install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz) or set SYMGRAPH_DOT to its path; " +
                "'--format dot' writes the DOT text without it.");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var input = Task.Run(() =>
            {
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
            });
            try
            {
                Task.WaitAll(output, error, input);
            }
            catch (System.AggregateException e)
            {
                throw CliException.Invalid($"'{exe} -T{format}' failed: {e.InnerException?.Message}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw CliException.Invalid($"'{exe} -T{format}' failed (exit code {process.ExitCode}): {error.Result.Trim()}");
            return output.Result;
        }
    }
}
