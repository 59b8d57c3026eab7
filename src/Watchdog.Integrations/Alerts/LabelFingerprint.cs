using System.Security.Cryptography;
using System.Text;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// A stable key for an alert that came without Alertmanager's <c>fingerprint</c> (a hand-made or proxied
/// payload): the same labels in any order give the same 16 hex digits, so a later "resolved" finds it.
/// Not Alertmanager's own algorithm, so never compare it with a real fingerprint.
/// </summary>
internal static class LabelFingerprint
{
    public static string Of(IReadOnlyDictionary<string, string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            // 0xFF never occurs in UTF-8, so "a"="bc" and "ab"="c" cannot collide.
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0xFF]);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
            hash.AppendData([0xFF]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }
}
