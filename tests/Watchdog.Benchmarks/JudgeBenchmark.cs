using System.Diagnostics;
using System.Globalization;
using Watchdog.Core.Releases;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Benchmarks;

/// <summary>
/// <c>judge</c>: the same fault and no-fault traces (<see cref="JudgeTraces"/>) through threshold rules and through the
/// RegressedFrom judge, side by side: how often a healthy release is called bad, how often and how fast a bad one is caught.
/// </summary>
public static class JudgeBenchmark
{
    private static readonly Deployment A = new("dep-a", "v1"), B = new("dep-b", "v2");
    private static readonly IReadOnlySet<string> NoneBad = new HashSet<string>();

    /// <summary>What a team might configure today: latency 20% over its measured baseline, error rate over 5%, each for 5m.</summary>
    private static Rule[] Thresholds() =>
    [
        new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.2, TimeSpan.FromMinutes(5), 1, Meaning.Performance),
        new("errors", Signal.ErrorRate, Comparison.Above, 0.05, TimeSpan.FromMinutes(5), 1, Meaning.UsersAffected),
    ];

    private static Rule[] Judged() =>
    [
        new("latency", Signal.LatencyP95, Comparison.RegressedFrom, 0, TimeSpan.Zero, 1, Meaning.Performance) { Judge = new JudgeSettings() },
        new("errors", Signal.ErrorRate, Comparison.RegressedFrom, 0, TimeSpan.Zero, 1, Meaning.UsersAffected) { Judge = new JudgeSettings() },
    ];

    private sealed record Method(string Name, Func<Rule[]> Rules, bool WeekHistory);

    private static readonly Method[] Methods =
    [
        new("thresholds (+20% of baseline, >5%, for 5m)", Thresholds, false),
        new("judge, previous release only", Judged, false),
        new("judge, previous release + week earlier", Judged, true),
    ];

    public static int Run(string[] args)
    {
        var seeds = args.SkipWhile(a => a != "--seeds").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(40);
        var explain = args.Contains("--explain"); // print each false alarm's verdict
        var only = args.SkipWhile(a => a != "--trace").Skip(1).FirstOrDefault();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"judge benchmark: {seeds} seeds a trace; B deployed {JudgeTraces.Deploy:yyyy-MM-dd HH:mm}Z, watched {JudgeTraces.Watched.TotalHours:0}h;");
        Console.WriteLine($"faulty B: clear = {JudgeTraces.Clear}, subtle = {JudgeTraces.Subtle} (per request). Judge: {Describe(new JudgeSettings())}.");
        Console.WriteLine();
        Console.WriteLine("| trace | method | false positives (healthy B) | clear fault: detected | delay median / p90 | subtle fault: detected | delay median / p90 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var trace in JudgeTraces.All.Where(t => only is null || t.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase)))
            foreach (var method in Methods)
            {
                var falseAlarms = 0;
                for (var s = 0; s < seeds; s++)
                {
                    if (Replay(trace, s, JudgeTraces.None, method) is not { } alarm) continue;
                    falseAlarms++;
                    if (explain) Console.WriteLine($"  seed {s}: +{alarm.Delay.TotalMinutes:0}m {alarm.Why}");
                }

                Console.WriteLine($"| {trace.Name} | {method.Name} | {Share(falseAlarms, seeds)} | {Caught(trace, method, JudgeTraces.Clear, seeds)} | {Caught(trace, method, JudgeTraces.Subtle, seeds)} |");
            }

        Console.WriteLine();
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:0.0} s)");
        return 0;
    }

    /// <summary>"38/40 (95%) | 21 / 41 min": how many faulty releases were caught within the watch, and how fast.</summary>
    private static string Caught(JudgeTrace trace, Method method, JudgeTraces.Fault fault, int seeds)
    {
        var delays = Enumerable.Range(0, seeds).Select(s => Replay(trace, s, fault, method)?.Delay).OfType<TimeSpan>().Order().ToArray();
        return $"{Share(delays.Length, seeds)} | {Minutes(delays, 0.5)} / {Minutes(delays, 0.9)} min";
    }

    /// <summary>How long after B went live one of the method's rules first fired; null when none did within the watch.</summary>
    private static (TimeSpan Delay, string Why)? Replay(JudgeTrace trace, int seed, JudgeTraces.Fault fault, Method method)
    {
        var set = new RuleSet(method.Rules());
        set.Baselines.Deployed(A, NoneBad);
        foreach (var (at, weekHistory, readings) in JudgeTraces.Minutes(trace, seed, fault))
        {
            if (weekHistory && !method.WeekHistory) continue;
            if (at == JudgeTraces.Deploy)
            {
                set.Reset(); // A's pending breaches are not B's
                set.Baselines.Deployed(B, NoneBad);
            }

            var verdicts = set.Evaluate(readings, at);
            if (at >= JudgeTraces.Deploy)
                foreach (var v in verdicts)
                    if (v.IsFiring) return (at - JudgeTraces.Deploy, v.Explain());
            set.Baselines.Observe(readings, verdicts, incidentOpen: false, at);
        }

        return null;
    }

    private static string Describe(JudgeSettings s) =>
        $"Mann-Whitney U at {s.Confidence:P0}, MinReadings {s.MinReadings}, MaxLooks {s.MaxLooks} (each look at {s.AlphaPerLook:0.#####}), MinEffect {s.MinEffect}";

    private static string Share(int count, int of) => $"{count}/{of} ({100.0 * count / of:0}%)";

    private static string Minutes(TimeSpan[] sorted, double q) => sorted.Length == 0
        ? "—"
        : $"{sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)].TotalMinutes:0}";
}
