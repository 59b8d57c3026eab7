using System.Globalization;

namespace Watchdog.Benchmarks;

/// <summary>How the polls are expected to be laid out in time: each at its own phase, or all together (the old StartNow).</summary>
public enum FleetSchedule
{
    /// <summary>Each service at <see cref="Core.Runbook.PollPhase"/>'s offset within the interval, counted from the Unix epoch.</summary>
    Spread,

    /// <summary>Every service on the grid of the first poll seen in the run (all triggers started at once).</summary>
    Together,
}

/// <summary>Command-line options of the fleet mode.</summary>
public sealed record FleetOptions(string? WatchdogDll, IReadOnlyList<int> Sizes, TimeSpan Warmup, TimeSpan Window, TimeSpan Interval, string IntervalText,
    string LiveCheck, FleetSchedule Expect, bool Keep)
{
    public static readonly int[] DefaultSizes = [100, 500, 1_000, 2_000, 5_000, 10_000];

    public static FleetOptions Parse(string[] args)
    {
        string? dll = null;
        int[] sizes = DefaultSizes;
        double warmup = 20, window = 60;
        string interval = "10s", liveCheck = "0";
        var expect = FleetSchedule.Spread;
        bool keep = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Seconds(string name, double min) =>
                double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min
                    ? v
                    : throw new ArgumentException($"{name} must be a number of seconds >= {min}");

            switch (args[i])
            {
                case "--watchdog": dll = Path.GetFullPath(Value()); break;
                case "--sizes": sizes = ParseSizes(Value()); break;
                case "--warmup": warmup = Seconds("--warmup", 0); break;
                case "--window": window = Seconds("--window", 1); break;
                case "--interval": interval = Value(); break;
                case "--live-check": liveCheck = Value(); break;
                case "--expect":
                    expect = Enum.TryParse<FleetSchedule>(Value(), ignoreCase: true, out var e) ? e : throw new ArgumentException("--expect must be spread or together");
                    break;
                case "--keep": keep = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (see --help)");
            }
        }

        if (!FootprintOptions.TryDuration(interval, out var every) || every <= TimeSpan.Zero)
            throw new ArgumentException($"--interval '{interval}' is not a duration such as 10s, 500ms or 00:00:10");
        return new FleetOptions(dll, sizes, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(window), every, interval, liveCheck, expect, keep);
    }

    /// <summary>The footprint mode's options for one size: the same generated configuration.</summary>
    public FootprintOptions For(int services) => new(WatchdogDll, Warmup, Window, services, Interval, IntervalText, Keep) { LiveCheck = LiveCheck };

    private static int[] ParseSizes(string text)
    {
        var sizes = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 20_000
                ? n
                : throw new ArgumentException($"--sizes: '{s}' is not a number of services 1..20000"))
            .ToArray();
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--sizes needs at least one size");
    }
}
