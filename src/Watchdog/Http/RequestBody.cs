using Microsoft.AspNetCore.Http;

namespace Watchdog.Http;

/// <summary>Reads an inbound body up to a cap, so a hostile sender cannot make Watchdog buffer megabytes.</summary>
public static class RequestBody
{
    /// <returns>The raw bytes (signatures are checked over them exactly), or null when the body is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (kept.Length + read > maxBytes) return null;
            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }
}
