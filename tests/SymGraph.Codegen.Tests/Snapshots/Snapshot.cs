using System.Runtime.CompilerServices;
using System.Text;

namespace SymGraph.Tests;

/// <summary>
/// Snapshot tests with Verify's conventions, without Verify: the expected text lives in
/// <c>snapshots/&lt;Area&gt;/&lt;TestClass&gt;.&lt;TestMethod&gt;.verified.cs</c> at the repository root and is
/// committed. On a mismatch the actual text is written beside it as <c>.received.cs</c> (git-ignored
/// through <c>*.received.*</c>) and the test fails with a unified diff. To accept received text, run
/// the tests with the environment variable <c>SYMGRAPH_ACCEPT=1</c>: the verified file is replaced
/// (and created when missing) and the test passes. Line endings are normalized to <c>\n</c>.
/// </summary>
internal static class Snapshot
{
    /// <summary>The environment variable that accepts received snapshots.</summary>
    public const string AcceptVariable = "SYMGRAPH_ACCEPT";

    /// <summary>
    /// Compares <paramref name="text"/> with the verified snapshot of the calling test
    /// (<c>&lt;file name of the caller&gt;.&lt;method&gt;</c>, plus <c>.&lt;suffix&gt;</c> when given).
    /// </summary>
    public static void Verify(string text, string area = "CSharp", string? suffix = null, string extension = "cs",
        [CallerFilePath] string callerFile = "", [CallerMemberName] string callerMethod = "")
    {
        // CallerFilePath may be path-mapped (/_/...) in CI builds; only its file name is used.
        var testClass = Path.GetFileNameWithoutExtension(callerFile.Replace('\\', '/').Split('/').Last());
        var name = testClass + "." + callerMethod + (suffix is null ? "" : "." + suffix);
        var directory = Path.Combine(RepositoryRoot(), "snapshots", area);
        Verify(text, directory, name, extension, Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true");
    }

    /// <summary>The comparison itself, against files in <paramref name="directory"/> (tests of the helper use a temporary one).</summary>
    internal static void Verify(string text, string directory, string name, string extension, bool accept)
    {
        var actual = Normalize(text);
        var verified = Path.Combine(directory, $"{name}.verified.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");
        string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (accept)
        {
            File.WriteAllText(verified, actual, utf8);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual, utf8);
        var message = new StringBuilder();
        message.Append(expected is null ? $"No verified snapshot {Relative(verified)} yet." : $"The snapshot {Relative(verified)} does not match.");
        message.Append($"\nReceived text written to {Relative(received)}. If the change is intended, run with {AcceptVariable}=1 (or copy it over the verified file).");
        if (expected is not null) message.Append("\n\n").Append(UnifiedDiff.Compute(expected, actual, Relative(verified), Relative(received)));
        throw new Xunit.Sdk.XunitException(message.ToString());
    }

    /// <summary>\r\n and \r become \n; the text ends with exactly one \n.</summary>
    internal static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd('\n') + "\n";

    /// <summary>The directory holding SymGraph.sln, found by walking up from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SymGraph.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"SymGraph.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A path relative to the repository root when it is inside it, for short messages.</summary>
    private static string Relative(string path)
    {
        try
        {
            var relative = Path.GetRelativePath(RepositoryRoot(), path);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }
}
