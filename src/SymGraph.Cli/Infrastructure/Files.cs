using System;
using System.IO;

namespace SymGraph.Cli;

/// <summary>Output files named on the command line: written atomically, failures reported as invalid input.</summary>
internal static class Files
{
    public static void Write(CliContext context, string path, string text) => Write(context, path, full => AtomicFile.WriteText(full, text));

    public static void Write(CliContext context, string path, Action<string> write)
    {
        try
        {
            write(context.Resolve(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliException.Invalid($"cannot write '{path}': {CliException.MessageOf(e)}");
        }
    }
}
