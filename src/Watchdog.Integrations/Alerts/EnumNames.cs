using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Core enum names as people write them in labels: <c>CoreBroken</c>, <c>core_broken</c>, <c>core-broken</c>
/// and <c>COREBROKEN</c> all mean the same. Numbers are refused (<c>Enum.TryParse</c> would take "1").
/// </summary>
internal static class EnumNames
{
    public static bool TryMeaning(string text, out Meaning meaning) => TryName(text, out meaning);

    public static bool TrySignal(string text, out Signal signal) => TryName(text, out signal);

    public static string MeaningList { get; } = string.Join(", ", Enum.GetNames<Meaning>());

    private static bool TryName<T>(string text, out T value)
        where T : struct, Enum
    {
        var squeezed = new string(text.Where(c => c is not ('_' or '-' or ' ')).ToArray());
        foreach (var name in Enum.GetNames<T>())
        {
            if (string.Equals(name, squeezed, StringComparison.OrdinalIgnoreCase))
                return Enum.TryParse(name, out value);
        }

        value = default;
        return false;
    }
}
