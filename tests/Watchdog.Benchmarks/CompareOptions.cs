using System.Globalization;

namespace Watchdog.Benchmarks;

/// <summary>Which halves of the comparison run.</summary>
[Flags]
public enum CompareParts
{
    Footprint = 1,
    Detection = 2,
    Both = Footprint | Detection,
}

/// <summary>Command-line options of the compare mode.</summary>
public sealed record CompareOptions(string? WatchdogDll, int Endpoints, TimeSpan Interval, string IntervalText, TimeSpan Warmup, TimeSpan Window,
    int Runs, TimeSpan DetectPoll, TimeSpan For, CompareParts Parts, bool WatchdogOnly, string LiveCheck, bool Keep)
{
    public static CompareOptions Parse(string[] args)
    {
        string? dll = null;
        int endpoints = 100, runs = 5;
        string interval = "10s", forText = "20s", poll = "1s", liveCheck = "0";
        double warmup = 30, window = 90;
        var parts = CompareParts.Both;
        bool watchdogOnly = false, keep = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Count(string name, int max) =>
                int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n : throw new ArgumentException($"{name} must be 1..{max}");
            double Seconds(string name, double min) =>
                double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min ? v : throw new ArgumentException($"{name} must be a number of seconds >= {min}");

            switch (args[i])
            {
                case "--watchdog": dll = Path.GetFullPath(Value()); break;
                case "--endpoints": endpoints = Count("--endpoints", 10_000); break;
                case "--interval": interval = Value(); break;
                case "--warmup": warmup = Seconds("--warmup", 0); break;
                case "--window": window = Seconds("--window", 5); break;
                case "--runs": runs = Count("--runs", 100); break;
                case "--poll": poll = Value(); break;
                case "--for": forText = Value(); break;
                case "--only":
                    parts = Value() switch
                    {
                        "footprint" => CompareParts.Footprint,
                        "detection" => CompareParts.Detection,
                        var other => throw new ArgumentException($"--only must be footprint or detection, not '{other}'"),
                    };
                    break;
                case "--watchdog-only": watchdogOnly = true; break;
                case "--live-check": liveCheck = Value(); break;
                case "--keep": keep = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (see --help)");
            }
        }

        return new CompareOptions(dll, endpoints, Duration("--interval", interval), interval, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(window),
            runs, Duration("--poll", poll), Duration("--for", forText), parts, watchdogOnly, liveCheck, keep);
    }

    private static TimeSpan Duration(string name, string text) =>
        FootprintOptions.TryDuration(text, out var d) && d > TimeSpan.Zero ? d : throw new ArgumentException($"{name} '{text}' is not a duration such as 10s, 500ms or 00:00:10");
}
