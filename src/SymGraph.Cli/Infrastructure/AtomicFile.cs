using System;
using System.IO;

namespace SymGraph.Cli;

/// <summary>
/// Writes files all at once or not at all: the content goes to a file of the same name in a fresh
/// hidden folder beside the target, which is then renamed over the target (a rename within one
/// folder tree of one file system is atomic). An error before the rename leaves the target as it
/// was; an existing file is only ever replaced by a complete new one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="writeTo"/> with a temporary path that has the target's file name (so tools
    /// that derive names from it, such as an assembly name, see the real one), then moves it into place.
    /// </summary>
    public static void Write(string path, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"'{path}' is a directory.");
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var scratch = Path.Combine(directory, ".symgraph-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(scratch);
        try
        {
            var temp = Path.Combine(scratch, Path.GetFileName(full));
            writeTo(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
