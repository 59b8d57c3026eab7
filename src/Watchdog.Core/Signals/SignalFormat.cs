using System.Globalization;

namespace Watchdog.Core.Signals;

/// <summary>Renders signal values the way people read them: rates as percentages, latency in ms.</summary>
public static class SignalFormat
{
    public static string Value(Signal signal, double value) => signal switch
    {
        Signal.ErrorRate or Signal.Availability or Signal.CrashFreeRate => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%",
        Signal.LatencyP95 => (value * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public static string Duration(TimeSpan d) =>
        d.TotalHours >= 1 ? $"{(int)d.TotalHours}h{d.Minutes:00}m"
        : d.TotalMinutes >= 1 ? (d.Seconds == 0 ? $"{d.Minutes}m" : $"{d.Minutes}m{d.Seconds:00}s")
        : d.TotalSeconds >= 1 ? d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s"
        : ((int)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
