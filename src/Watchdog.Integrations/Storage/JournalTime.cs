using System.Globalization;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Timestamps as ISO-8601 round-trip text in UTC ("2026-11-21T03:00:00.1234567+00:00"): exact to the tick, readable in
/// the sqlite3 shell, and, being fixed-width with one offset, ordered as text exactly as in time, so SQL can compare them.
/// </summary>
internal static class JournalTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static object Format(DateTimeOffset? value) => value is { } v ? Format(v) : DBNull.Value;

    public static DateTimeOffset Parse(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
