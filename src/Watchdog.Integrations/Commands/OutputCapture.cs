using System.Text;

namespace Watchdog.Integrations.Commands;

/// <summary>Reads one output stream to its end, keeping only the head, so a chatty or hostile command cannot fill memory.</summary>
internal static class OutputCapture
{
    /// <summary>
    /// The first <paramref name="maxBytes"/> bytes as UTF-8 text. Reading goes on past the cap, discarding,
    /// because a command blocked on a full pipe would never exit. <c>Truncated</c> is also set when
    /// reading was abandoned (<paramref name="abandon"/>), since more may have followed.
    /// </summary>
    public static async Task<(string Text, bool Truncated)> ReadAsync(Stream stream, int maxBytes, CancellationToken abandon)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var truncated = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, abandon)) > 0)
            {
                var take = Math.Min(read, maxBytes - (int)kept.Length);
                if (take > 0) kept.Write(buffer, 0, take);
                if (take < read) truncated = true;
            }
        }
        catch (OperationCanceledException)
        {
            truncated = true;
        }
        catch (IOException)
        {
            // The pipe broke (the process tree was killed mid-write): keep what arrived.
            truncated = true;
        }

        var bytes = kept.GetBuffer().AsSpan(0, (int)kept.Length);
        if (truncated) bytes = bytes[..WholeCharacters(bytes)];
        return (Encoding.UTF8.GetString(bytes), truncated);
    }

    /// <summary>The length of <paramref name="bytes"/> without a trailing, incomplete UTF-8 sequence (left by a cut).</summary>
    internal static int WholeCharacters(ReadOnlySpan<byte> bytes)
    {
        for (int i = bytes.Length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++)
        {
            var b = bytes[i];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead byte
            var length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return i + length <= bytes.Length ? bytes.Length : i;
        }

        return bytes.Length;
    }
}
