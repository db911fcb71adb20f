using System;
using System.IO;
using System.Text;

namespace SymGraph.Cli;

/// <summary>
/// Output files named on the command line: written atomically (<see cref="AtomicFile"/>), the folder
/// created if needed. Every failure is one message naming the user's path (never the temporary file)
/// and saying what to do, as invalid input (exit code 1).
/// </summary>
internal static class Files
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(CliContext context, string path, string text) =>
        Write(context, path, temp => File.WriteAllText(temp, text, Utf8NoBom));

    /// <summary>Writes <paramref name="path"/> through <paramref name="writeTo"/>, which gets a temporary path with the same file name.</summary>
    public static void Write(CliContext context, string path, Action<string> writeTo)
    {
        if (string.IsNullOrWhiteSpace(path)) throw CliException.Invalid("the output path is empty; give a file name");
        var full = context.Resolve(path);
        if (Directory.Exists(full)) throw CliException.Invalid($"cannot write '{path}': it is a folder; give a file name");
        string folder = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        // The first part of the path that exists must be a folder; the rest is created.
        for (var (user, dir) = (folder, Path.GetDirectoryName(full)); dir is not null; (user, dir) = (Path.GetDirectoryName(user) ?? "", Path.GetDirectoryName(dir)))
        {
            if (Directory.Exists(dir)) break;
            if (File.Exists(dir))
                throw CliException.Invalid($"cannot write '{path}': '{(user.Length > 0 ? user : dir)}' is a file, not a folder; choose another output path");
        }
        try
        {
            AtomicFile.Write(full, writeTo);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Invalid($"cannot write '{path}': permission denied in the folder '{folder}'; choose a folder you can write to");
        }
        catch (IOException e) when (e.Message.Contains(".symgraph-", StringComparison.Ordinal))
        {
            // The temporary file beside the target could not be made: the folder takes no new files.
            throw CliException.Invalid($"cannot write '{path}': the folder '{folder}' does not accept new files; choose another output path");
        }
        catch (IOException) when (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw CliException.Invalid($"cannot write '{path}': the folder '{folder}' cannot be created there; choose another output path");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw CliException.Invalid($"cannot write '{path}': {CliException.MessageOf(e)}");
        }
    }
}
