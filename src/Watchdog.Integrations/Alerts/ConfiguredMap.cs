using System.Diagnostics.CodeAnalysis;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Lookups in option dictionaries that stay case-insensitive even when configuration binding has
/// replaced the dictionary (and its comparer) with its own.
/// </summary>
internal static class ConfiguredMap
{
    public static bool TryGet<TValue>(Dictionary<string, TValue>? map, string key, [MaybeNullWhen(false)] out TValue value)
    {
        value = default;
        if (map is null) return false;
        if (map.TryGetValue(key, out value)) return true;
        foreach (var (k, v) in map)
        {
            if (!string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) continue;
            value = v;
            return true;
        }

        return false;
    }
}
