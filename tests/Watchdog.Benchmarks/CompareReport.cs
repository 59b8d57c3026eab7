using System.Globalization;

namespace Watchdog.Benchmarks;

/// <summary>The footprint half: both sides over the same window, and the probes each sent to the peer in it.</summary>
internal sealed record FootprintPart(GroupFootprint Watchdog, GroupFootprint? Stack, long WatchdogProbes, long StackProbes, double ExpectedProbes);

/// <summary>
/// One fault, in seconds after it began on the harness's clock: when each side's first probe was answered 503 (the
/// earliest it could know), Watchdog's rule firing (the incident's <c>detectedAt</c>) and its first notification at the
/// harness's webhook, and Alertmanager's alert at the harness's webhook. Null where it never came within the limit.
/// </summary>
internal sealed record DetectionRun(int Run, TimeSpan For, TimeSpan Poll, double? WatchdogFirstFailed, double? WatchdogDetected, double? WatchdogNotified, string? Kind,
    double? StackFirstFailed, double? StackAlerted)
{
    public double? WatchdogDetectedBeyond => Beyond(WatchdogDetected);

    public double? WatchdogNotifiedBeyond => Beyond(WatchdogNotified);

    public double? StackAlertedBeyond => Beyond(StackAlerted);

    /// <summary>Watchdog's rule firing (or, without it, the notification) after the first failed probe's time plus <c>for:</c>: the rule's own lag.</summary>
    public double? WatchdogLag => Lag(WatchdogDetected ?? WatchdogNotified, WatchdogFirstFailed);

    /// <summary>The same for the stack: its alert at the receiver after the blackbox exporter's first failed probe plus <c>for:</c>.</summary>
    public double? StackLag => Lag(StackAlerted, StackFirstFailed);

    /// <summary>
    /// Watchdog judges on the tick of the probe, so its ideal lag is the probe's own milliseconds, and a tick that should
    /// have fired but stayed pending costs a whole poll more: half a poll tells the two apart. (Prometheus evaluates on
    /// a phase of its own, so its lag of up to one evaluation interval is by design and is not judged this way.)
    /// </summary>
    public bool? WatchdogLostPoll => WatchdogLag is { } lag ? lag >= Poll.TotalSeconds / 2 : null;

    public string Line(bool stack)
    {
        var watchdog = $"  run {Run}: Watchdog first 503 +{S(WatchdogFirstFailed)}, rule fired +{S(WatchdogDetected)} ({S(WatchdogDetectedBeyond)} beyond for:), " +
            $"first notification ({Kind ?? "none"}) +{S(WatchdogNotified)} ({S(WatchdogNotifiedBeyond)} beyond); lag after the first 503 + for: {S(WatchdogLag)}{(WatchdogLostPoll == true ? ", LOST A POLL" : "")}";
        return stack
            ? watchdog + $"; stack first 503 +{S(StackFirstFailed)}, alert +{S(StackAlerted)} ({S(StackAlertedBeyond)} beyond), lag {S(StackLag)}"
            : watchdog;
    }

    internal static string S(double? seconds) => seconds is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "—";

    private double? Beyond(double? at) => at - For.TotalSeconds;

    private double? Lag(double? fired, double? firstFailed) => fired - firstFailed - For.TotalSeconds;
}

internal sealed record DetectionPart(IReadOnlyList<DetectionRun> Runs);

/// <summary>The comparison's tables: both columns and Watchdog's ratio to the stack.</summary>
internal sealed class CompareReport(CompareOptions options, bool withStack)
{
    public FootprintPart? Footprint { get; set; }

    public DetectionPart? Detection { get; set; }

    public void Print(TextWriter o)
    {
        var stackName = withStack ? "stack (blackbox + Prometheus + Alertmanager)" : "stack (not installed)";
        if (Footprint is { } f)
        {
            o.WriteLine();
            o.WriteLine(FormattableString.Invariant($"Footprint: {options.Endpoints} endpoints every {options.IntervalText}, sampled {options.Window.TotalSeconds:0} s after {options.Warmup.TotalSeconds:0} s of warm-up"));
            o.WriteLine();
            o.WriteLine($"| measure | {stackName} | Watchdog | Watchdog ÷ stack |");
            o.WriteLine("|---|---:|---:|---:|");
            o.WriteLine(Row("RSS avg (max)", f.Stack is { } s ? $"{s.RssAvgMb:0.0} MB ({s.RssMaxMb:0.0})" : "—", $"{f.Watchdog.RssAvgMb:0.0} MB ({f.Watchdog.RssMaxMb:0.0})", Ratio(f.Watchdog.RssAvgMb, f.Stack?.RssAvgMb)));
            o.WriteLine(Row("CPU (one core)", f.Stack is { } c ? $"{c.CpuPercent:0.00}%" : "—", $"{f.Watchdog.CpuPercent:0.00}%", Ratio(f.Watchdog.CpuPercent, f.Stack?.CpuPercent)));
            o.WriteLine(Row($"probes in the window (expected {f.ExpectedProbes:0})", f.Stack is null ? "—" : $"{f.StackProbes}", $"{f.WatchdogProbes}", ""));
            if (f.Stack is { } parts) o.WriteLine($"stack members: {parts.Breakdown()}");
        }

        if (Detection is { Runs.Count: > 0 } d)
        {
            var poll = FormattableString.Invariant($"{options.DetectPoll.TotalSeconds:0.###} s");
            o.WriteLine();
            o.WriteLine(FormattableString.Invariant($"Detection: hard-down fault (503), polls every {poll}, for: {options.For.TotalSeconds:0.###} s, {d.Runs.Count} runs; seconds beyond for:, from the fault on the harness's clock"));
            o.WriteLine();
            o.WriteLine($"| beyond for: | {stackName}: alert at the receiver | Watchdog: first notification at the receiver | Watchdog: rule fired (detectedAt) | Watchdog ÷ stack (notification) |");
            o.WriteLine("|---|---:|---:|---:|---:|");
            var stack = d.Runs.Select(r => r.StackAlertedBeyond).ToArray();
            var notified = d.Runs.Select(r => r.WatchdogNotifiedBeyond).ToArray();
            var detected = d.Runs.Select(r => r.WatchdogDetectedBeyond).ToArray();
            o.WriteLine(Row("median", withStack ? DetectionRun.S(Median(stack)) : "—", DetectionRun.S(Median(notified)), DetectionRun.S(Median(detected)), Ratio(Median(notified), withStack ? Median(stack) : null)));
            o.WriteLine(Row("max", withStack ? DetectionRun.S(Max(stack)) : "—", DetectionRun.S(Max(notified)), DetectionRun.S(Max(detected)), Ratio(Max(notified), withStack ? Max(stack) : null)));
            var stackLag = d.Runs.Select(r => r.StackLag).ToArray();
            var watchdogLag = d.Runs.Select(r => r.WatchdogLag).ToArray();
            o.WriteLine(Row("after the side's own first 503 + for: (median / max)", withStack ? $"{DetectionRun.S(Median(stackLag))} / {DetectionRun.S(Max(stackLag))}" : "—",
                "", $"{DetectionRun.S(Median(watchdogLag))} / {DetectionRun.S(Max(watchdogLag))}", ""));
            o.WriteLine(Row("runs losing a poll (a lag of half a poll or more)", "—", "", Lost(d.Runs.Select(r => r.WatchdogLostPoll)), ""));
            o.WriteLine(Row("missed (no alert within for: + 30 s)", withStack ? $"{stack.Count(x => x is null)}" : "—", $"{notified.Count(x => x is null)}", $"{detected.Count(x => x is null)}", ""));
            var median = Median(detected);
            o.WriteLine(median is { } m && m <= 1.0 && d.Runs.All(r => r.WatchdogLostPoll == false)
                ? "issue 14 item 4 (≤ 1.0 s beyond for:, median of the runs, no run losing a poll): met"
                : $"issue 14 item 4 (≤ 1.0 s beyond for:, median of the runs, no run losing a poll): NOT met (median {DetectionRun.S(median)}, {Lost(d.Runs.Select(r => r.WatchdogLostPoll))} losing a poll)");
        }

        if (withStack && Footprint?.Stack is { } fs && Detection is { Runs.Count: > 0 } dd)
        {
            var stackDelay = Median([.. dd.Runs.Select(r => r.StackAlertedBeyond)]);
            var watchdogDelay = Median([.. dd.Runs.Select(r => r.WatchdogNotifiedBeyond)]);
            o.WriteLine();
            o.WriteLine("Side by side (Watchdog ÷ stack: below 1 is Watchdog's lead)");
            o.WriteLine();
            o.WriteLine("| | stack | Watchdog | Watchdog ÷ stack |");
            o.WriteLine("|---|---:|---:|---:|");
            o.WriteLine(Row("RSS (sum of the stack's three processes)", $"{fs.RssAvgMb:0} MB", $"{Footprint.Watchdog.RssAvgMb:0} MB", Ratio(Footprint.Watchdog.RssAvgMb, fs.RssAvgMb)));
            o.WriteLine(Row("CPU (one core)", $"{fs.CpuPercent:0.00}%", $"{Footprint.Watchdog.CpuPercent:0.00}%", Ratio(Footprint.Watchdog.CpuPercent, fs.CpuPercent)));
            o.WriteLine(Row("detection beyond for: (median, alert at the receiver)", DetectionRun.S(stackDelay), DetectionRun.S(watchdogDelay), Ratio(watchdogDelay, stackDelay)));
        }
    }

    private static string Row(string name, string stack, string watchdog, string ratio) => $"| {name} | {stack} | {watchdog} | {ratio} |";

    private static string Row(string name, string stack, string notified, string detected, string ratio) => $"| {name} | {stack} | {notified} | {detected} | {ratio} |";

    private static string Ratio(double? watchdog, double? stack) =>
        watchdog is { } w && stack is { } s && s > 0 ? (w / s).ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Lost(IEnumerable<bool?> lost)
    {
        var all = lost.ToArray();
        return $"{all.Count(l => l == true)} of {all.Count(l => l is not null)}";
    }

    private static double? Median(double?[] values)
    {
        var known = values.OfType<double>().Order().ToArray();
        if (known.Length == 0) return null;
        return known.Length % 2 == 1 ? known[known.Length / 2] : (known[known.Length / 2 - 1] + known[known.Length / 2]) / 2;
    }

    private static double? Max(double?[] values) => values.OfType<double>().DefaultIfEmpty(double.NaN).Max() is var m && double.IsNaN(m) ? null : m;
}
