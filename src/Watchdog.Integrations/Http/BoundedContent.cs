using System.Buffers;
using System.Text;

namespace Watchdog.Integrations.Http;

/// <summary>Reads at most a fixed number of bytes of a response body, so a hostile or broken peer cannot fill memory.</summary>
public static class BoundedContent
{
    /// <summary>Default cap for bodies Watchdog reads from peers: 64 KiB.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The body as UTF-8 text, cut at <paramref name="maxBytes"/>; <c>Truncated</c> says whether it was.</summary>
    public static async Task<(string Text, bool Truncated)> ReadAsStringAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        var (bytes, truncated) = await ReadAsBytesAsync(response, maxBytes, ct);
        return (Encoding.UTF8.GetString(bytes), truncated);
    }

    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsBytesAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        // A pooled chunk, not one the size of the cap: a fleet's probes read a few bytes each, 500 a second, and a
        // fresh 64 KiB array per probe was three quarters of what the host allocated (and so of its GC work).
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, ChunkBytes));
        try
        {
            using var kept = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                var room = maxBytes - (int)kept.Length;
                if (read > room)
                {
                    kept.Write(buffer, 0, room);
                    return (kept.ToArray(), true);
                }

                kept.Write(buffer, 0, read);
            }

            return (kept.ToArray(), false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int ChunkBytes = 16 * 1024;
}
