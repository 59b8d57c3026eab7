using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Http;

/// <summary>Checks <c>Authorization: Bearer …</c> against a configured token in constant time.</summary>
public static class BearerToken
{
    /// <summary>True only when a token is configured and the request carries exactly it.</summary>
    public static bool Matches(HttpRequest request, string? expected)
    {
        if (string.IsNullOrEmpty(expected)) return false;
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
