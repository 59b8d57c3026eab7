using System.Globalization;

namespace Watchdog.Core.Rules;

/// <summary>
/// Healthy samples by hour, for "the same hours a week earlier": a ring of eight days of hourly buckets (so the hour
/// being filled now never overwrites the one a week before it), each holding at most <see cref="PerHour"/> samples. A full bucket drops every other sample and from then on
/// keeps every second one (then every fourth …), so what it keeps spans the whole hour, not its last minutes.
/// </summary>
public sealed class HourlySamples
{
    public const int PerHour = 60; // a minute's spacing never thins; a full bucket keeps 30 to 59, enough for MinReadings up to 30
    private const int HoursPerWeek = 7 * 24;
    private const int HoursKept = 8 * 24;
    private readonly Bucket[] _buckets = new Bucket[HoursKept];

    public void Add(DateTimeOffset at, double value)
    {
        var hour = HourOf(at);
        ref var b = ref _buckets[Index(hour)];
        if (b is null || b.Hour != hour) b = new Bucket(hour);
        b.Add(value);
    }

    /// <summary>The samples kept of the hours from <paramref name="from"/> to <paramref name="to"/>, one week earlier; the span of those found, or null.</summary>
    public (List<double> Values, string? Span) WeekBefore(DateTimeOffset from, DateTimeOffset to)
    {
        var values = new List<double>();
        DateTimeOffset? first = null, last = null;
        var hours = 0;
        for (var hour = HourOf(from); hour <= to && hours < HoursPerWeek; hour = hour.AddHours(1), hours++)
        {
            var then = hour.AddDays(-7);
            if (_buckets[Index(then)] is not { } b || b.Hour != then || b.Values.Count == 0) continue;
            values.AddRange(b.Values);
            first ??= then;
            last = then;
        }

        var span = first is { } f && last is { } l
            ? $"{f.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}–{l.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture)}Z"
            : null;
        return (values, span);
    }

    public List<SavedHour> Save() => [.. _buckets.Where(b => b is { Values.Count: > 0 }).Select(b => new SavedHour(b.Hour, [.. b.Values], b.Stride, b.Seen))];

    public void Load(IEnumerable<SavedHour>? saved)
    {
        Array.Clear(_buckets);
        foreach (var s in saved ?? [])
        {
            if (s.Values is null || s.Hour != HourOf(s.Hour)) continue;
            var values = s.Values.Where(double.IsFinite).Take(PerHour).ToList();
            _buckets[Index(s.Hour)] = new Bucket(s.Hour.ToUniversalTime()) { Values = values, Stride = Math.Max(1, s.Stride), Seen = Math.Max(0, s.Seen) };
        }
    }

    private static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static int Index(DateTimeOffset hour) => (int)(hour.ToUnixTimeSeconds() / 3600 % HoursKept);

    private sealed class Bucket(DateTimeOffset hour)
    {
        public DateTimeOffset Hour { get; } = hour;
        public List<double> Values { get; init; } = [];
        public int Stride { get; set; } = 1;
        public int Seen { get; set; }

        public void Add(double value)
        {
            if (Seen++ % Stride != 0) return;
            Values.Add(value);
            if (Values.Count < PerHour) return;
            for (var i = Values.Count - 1; i >= 0; i -= 2) Values.RemoveAt(i); // keeps the 1st, 3rd, …: every Stride·2-th seen
            Stride *= 2;
        }
    }
}

/// <summary>One hour's kept samples, as the ledger holds them.</summary>
public sealed record SavedHour(DateTimeOffset Hour, List<double> Values, int Stride, int Seen);
