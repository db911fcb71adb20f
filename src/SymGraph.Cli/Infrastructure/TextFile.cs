using System;
using System.IO;
using System.Text;
using System.Text.Unicode;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>
/// Reads the model and values files named on the command line. A file that is not text (a NUL byte,
/// or bytes that are not UTF-8) is one SG0109 diagnostic, found here before any lexing: lexed, 5 MB of
/// random bytes made 800,000 diagnostics. Byte-order marks are honoured as <see cref="File.ReadAllText(string)"/>
/// honours them; there is no limit on size.
/// </summary>
internal static class TextFile
{
    /// <summary>
    /// The text of <paramref name="path"/> (resolved against the working directory of <paramref name="context"/>),
    /// or a <see cref="CliException"/> after reporting why not; <paramref name="what"/> is what the file should
    /// be, for messages (<c>a model file</c>, <c>a values file</c>).
    /// </summary>
    public static string Read(CliContext context, string path, string what)
    {
        var bytes = ReadBytes(context, path, what);
        var text = Decode(bytes, path, what, out var notText);
        if (notText is not null)
        {
            context.Report(new[] { notText });
            throw CliException.Reported();
        }
        return text!;
    }

    /// <summary>
    /// As <see cref="Read"/>, but a reader over the checked bytes: UTF-8 (nearly every model) is decoded as
    /// it is read, so the file is held once, a byte a character, not also as a string of two bytes a
    /// character (the model compiler reads a block at a time).
    /// </summary>
    public static TextReader Open(CliContext context, string path, string what)
    {
        var bytes = ReadBytes(context, path, what);
        Diagnostic? notText;
        if (IsUtf16Or32(bytes))
        {
            // Rare: decoded whole, as Read does.
            var text = Decode(bytes, path, what, out notText);
            if (notText is null) return new StringReader(text!);
        }
        else
        {
            notText = CheckUtf8(bytes.AsSpan(Utf8Start(bytes)), path, what);
        }
        if (notText is not null)
        {
            context.Report(new[] { notText });
            throw CliException.Reported();
        }
        int start = Utf8Start(bytes);
        return new StreamReader(new MemoryStream(bytes, start, bytes.Length - start, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Where UTF-8 text starts: after its byte-order mark, if any.</summary>
    private static int Utf8Start(byte[] bytes) => bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;

    private static byte[] ReadBytes(CliContext context, string path, string what)
    {
        // Resolved, an empty path is the working folder: say what is really wrong.
        if (string.IsNullOrWhiteSpace(path)) throw CliException.Invalid($"the path of {what} is empty");
        var full = context.Resolve(path);
        byte[] bytes;
        try
        {
            // Reading a directory fails with "Access to the path … is denied", which sends users the wrong way.
            if (Directory.Exists(full)) throw CliException.Invalid($"cannot read '{path}': it is a folder, not {what}");
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliException.Invalid($"cannot read '{path}': no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Invalid($"cannot read '{path}': permission denied; check the file's permissions");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw CliException.Invalid($"cannot read '{path}': {CliException.MessageOf(e)}");
        }
        return bytes;
    }

    private static bool IsUtf16Or32(ReadOnlySpan<byte> span) =>
        span.StartsWith(new byte[] { 0xFF, 0xFE }) || span.StartsWith(new byte[] { 0xFE, 0xFF }) || span.StartsWith(new byte[] { 0, 0, 0xFE, 0xFF });

    /// <summary>SG0109 at the first NUL byte or invalid UTF-8 sequence of <paramref name="span"/>, or <c>null</c>.</summary>
    private static Diagnostic? CheckUtf8(ReadOnlySpan<byte> span, string file, string what)
    {
        int nul = span.IndexOf((byte)0);
        int invalid = Utf8.IsValid(span) ? -1 : FirstInvalidUtf8(span);
        if (nul < 0 && invalid < 0) return null;
        int bad = nul < 0 ? invalid : invalid < 0 ? nul : Math.Min(nul, invalid);
        var (line, column) = Position(span, bad);
        string detail = bad == nul ? "a NUL byte here" : $"byte 0x{span[bad]:X2} here is not valid UTF-8";
        return CliDiagnostics.NotText(file, line, column, detail, what);
    }

    /// <summary>
    /// The text of <paramref name="bytes"/>, or <c>null</c> and an SG0109 diagnostic located at the first
    /// NUL byte or invalid UTF-8 sequence (lines and columns counted as the lexer counts them).
    /// </summary>
    internal static string? Decode(byte[] bytes, string file, string what, out Diagnostic? notText)
    {
        notText = null;
        var span = bytes.AsSpan();
        if (IsUtf16Or32(span))
        {
            // Rare: decode as File.ReadAllText would; a NUL character still means binary.
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var decoded = reader.ReadToEnd();
            int zero = decoded.IndexOf('\0');
            if (zero < 0) return decoded;
            var (l, c) = Position(decoded.AsSpan(0, zero));
            notText = CliDiagnostics.NotText(file, l, c, "a NUL character here", what);
            return null;
        }
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) span = span.Slice(3);
        notText = CheckUtf8(span, file, what);
        return notText is null ? Encoding.UTF8.GetString(span) : null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span)
    {
        int at = 0;
        while (at < span.Length)
        {
            if (System.Buffers.OperationStatus.Done != System.Text.Rune.DecodeFromUtf8(span.Slice(at), out _, out int consumed)) return at;
            at += consumed;
        }
        return -1;
    }

    /// <summary>
    /// 1-based line and UTF-16 column of byte <paramref name="at"/>, with line ends (<c>\n</c>, <c>\r\n</c>,
    /// <c>\r</c>) counted as the lexer counts them; they are ASCII, so bytes can be counted directly.
    /// </summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> span, int at)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < at; i++)
        {
            if (span[i] == '\r' && i + 1 < at && span[i + 1] == '\n') i++;
            if (span[i] is (byte)'\n' or (byte)'\r')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, Encoding.UTF8.GetCharCount(span.Slice(lineStart, at - lineStart)) + 1);
    }

    /// <summary>1-based line and column just after <paramref name="text"/>, as <see cref="Position(ReadOnlySpan{byte}, int)"/> counts.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<char> text)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] is '\n' or '\r')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, text.Length - lineStart + 1);
    }
}
