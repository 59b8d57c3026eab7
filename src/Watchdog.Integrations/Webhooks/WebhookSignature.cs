using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Watchdog.Integrations.Webhooks;

/// <summary>
/// The webhook signature: <c>sha256=</c> + lowercase hex HMAC-SHA256 over <c>"&lt;timestamp&gt;." + body</c>,
/// keyed with the secret's UTF-8 bytes. See <see cref="WebhookOptions"/> for the whole contract.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    /// <summary>How far a timestamp may be from the receiver's clock, either way, by default: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>X-Watchdog-Signature</c> value for a body sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>
    /// True when the headers are well formed, the timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/> (default <see cref="DefaultTolerance"/>), and the signature matches the body.
    /// Compares in constant time. Pass the body's raw bytes, before any JSON parsing.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return false;
        if (timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return false;

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > (tolerance ?? DefaultTolerance)) return false;

        if (signatureHeader is null || !signatureHeader.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var hex = signatureHeader.AsSpan(Prefix.Length);
        if (hex.Length != SHA256.HashSizeInBytes * 2) return false;
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length) return false;

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
