using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Watchdog.Integrations.Http;

/// <summary>Webhook signatures that are a hex HMAC of the raw body (Sentry, GitHub, Vercel): computed and checked in constant time.</summary>
public static class HookSignature
{
    /// <summary>Lowercase hex HMAC of the body, keyed with the secret's UTF-8 bytes.</summary>
    public static string Sign(HashAlgorithmName algorithm, string secret, ReadOnlySpan<byte> rawBody) =>
        Convert.ToHexStringLower(Mac(algorithm, secret, rawBody));

    /// <summary>True when <paramref name="hex"/> (either case) is the HMAC of exactly these bytes. Pass the raw body before any parsing.</summary>
    public static bool Verify(HashAlgorithmName algorithm, string secret, string? hex, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var mac = Mac(algorithm, secret, rawBody);
        if (hex is null || hex.Length != mac.Length * 2) return false;
        Span<byte> given = stackalloc byte[mac.Length];
        if (Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done || written != given.Length) return false;
        return CryptographicOperations.FixedTimeEquals(given, mac);
    }

    private static byte[] Mac(HashAlgorithmName algorithm, string secret, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return CryptographicOperations.HmacData(algorithm, Encoding.UTF8.GetBytes(secret), rawBody);
    }
}
