using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Hosting;
using Watchdog.Integrations.Prometheus;
using Watchdog.Core.Decisions;
using Watchdog.Core.Runbook;

namespace Watchdog.Cli;

/// <summary>
/// <c>backtest</c>: replays a service's configured rules over Prometheus history and prints when each
/// would have gone pending and firing, and what the policy would have decided. Exit code 3 when any
/// rule would have fired, so a script can ask "would this threshold have paged us last week?". With a journal to read,
/// each rule's would-be alarms are then scored against the real incidents and people's actions it holds
/// (<see cref="BacktestScoring"/>): true, false, missed, precision and recall.
/// </summary>
public static class BacktestCommand
{
    public const int WouldHaveFired = 3;

    internal static Command Create(ConfigOptions config)
    {
        var service = new Option<string>("--service") { Description = "The configured service whose rules to replay.", Required = true };
        var from = new Option<string>("--from") { Description = "Start: RFC 3339 (2026-11-20T14:00:00Z) or relative (-2h).", Required = true };
        var to = new Option<string>("--to") { Description = "End: RFC 3339 or relative (default: now).", DefaultValueFactory = _ => "now" };
        var step = new Option<string>("--step") { Description = "Evaluation step, like the polling interval (default: the service's PollInterval).", };

        var command = config.AddTo(new Command("backtest", "Replay a service's rules over Prometheus history (query_range); exit 3 if any would have fired.")
        {
            service, from, to, step,
        });
        command.SetAction(async (result, ct) =>
        {
            var settings = WatchdogApp.LoadSettings([], config.From(result), out var errors);
            if (settings is null) return Commands.Invalid(errors);
            var name = result.GetValue(service)!;
            if (settings.Services.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is not { } watched)
                return Fail($"no service named '{name}' (configured: {string.Join(", ", settings.Services.Select(s => s.Name))})");
            if (watched.Prometheus is not { } prometheus)
                return Fail($"service '{watched.Name}' reads no Prometheus: set Watchdog:Prometheus:BaseUrl");

            var now = TimeProvider.System.GetUtcNow();
            if (!TryTime(result.GetValue(from)!, now, out var start)) return Fail("--from: not a time (use 2026-11-20T14:00:00Z or -2h)");
            if (!TryTime(result.GetValue(to)!, now, out var end)) return Fail("--to: not a time (use 2026-11-20T16:00:00Z, -30m or now)");
            var interval = watched.PollInterval;
            if (result.GetValue(step) is { } s && !Integrations.Configuration.ConfigReader.TryDuration(s, out interval)) return Fail("--step: not a duration (use 30s, 1m)");
            if (end <= start) return Fail("--to must be after --from");

            using var http = Integrations.Http.StrictHttp.CreateClient();
            var source = new PrometheusSource(http, prometheus, watched.Name, TimeProvider.System, NullLogger<PrometheusSource>.Instance);
            // Progress goes to stderr, so the report on stdout stays what scripts read.
            var readings = await source.ReadRangeAsync(start, end, interval, ct, new Progress<string>(line => Console.Error.WriteLine("backtest: " + line)));
            var failed = readings.Where(r => r.State == ReadingState.Error).Select(r => r.Reason).Distinct().ToList();
            if (failed.Count > 0 && readings.All(r => r.State == ReadingState.Error))
                return Fail($"Prometheus could not be read: {string.Join("; ", failed)}");

            var events = Backtest.Replay(watched.Rules, watched.Baselines, watched.Runbook.FeatureFlags, readings);
            Print(watched.Name, start, end, interval, watched.Rules, events);
            var (journal, absent) = await BacktestJournal.ReadAsync(settings, watched.Name, ct);
            PrintScores(journal is null ? null : BacktestScoring.Score(watched.Name, watched.Rules, events, journal.Incidents, journal.Deploys, start, end, now, journal.Flags),
                journal?.Location, absent);
            return events.Any(e => e.To == RuleStatus.Firing) ? WouldHaveFired : 0;
        });
        return command;
    }

    private static void Print(string service, DateTimeOffset start, DateTimeOffset end, TimeSpan step, IReadOnlyList<Rule> rules, IReadOnlyList<BacktestEvent> events)
    {
        var o = Console.Out;
        o.WriteLine($"Backtest of {service} from {Utc(start)} to {Utc(end)} every {SignalFormat.Duration(step)}");
        foreach (var rule in rules)
        {
            var mine = events.Where(e => e.Rule == rule.Name).ToList();
            var fired = mine.Count(e => e.To == RuleStatus.Firing);
            o.WriteLine();
            o.WriteLine($"{rule.Name} ({rule.Describe()}): {(fired == 0 ? "never fired" : $"fired {fired} time(s)")}");
            foreach (var e in mine)
            {
                o.WriteLine($"  {Utc(e.At)} {e.From.ToString().ToLowerInvariant()} → {e.To.ToString().ToLowerInvariant()}: {e.Explanation}");
                if (e.Decision is { } d) o.WriteLine($"    policy would decide: {d.Action} — {d.Reason}");
            }
        }
    }

    private static void PrintScores(IReadOnlyList<BacktestScore>? scores, string? journal, string? absent)
    {
        var o = Console.Out;
        o.WriteLine();
        if (scores is null)
        {
            o.WriteLine($"Precision not measured: {absent}. The alarms above are all there is.");
            return;
        }

        o.WriteLine($"Against the journal ({journal}): an alarm is true when a confirmed incident, a person's rollback or a deploy " +
            $"followed within {SignalFormat.Duration(ShadowRecord.Window)} (or it fired during a confirmed incident)");
        foreach (var s in scores)
        {
            o.WriteLine();
            o.WriteLine($"{s.Rule}: {s.Alarms.Count} would-be alarm(s): {s.True} true, {s.False} false, {s.Pending} pending; " +
                $"missed {s.Missed.Count} of {s.Incidents} real incident(s); precision {Percent(s.Precision)}, recall {Percent(s.Recall)}");
            foreach (var a in s.Alarms) o.WriteLine($"  {Utc(a.At)} {Verdict(a.Verdict)}: {a.Why}");
            foreach (var m in s.Missed) o.WriteLine($"  {Utc(m.At)} missed: {m.What}");
        }
    }

    private static string Verdict(AlarmVerdict v) => v switch
    {
        AlarmVerdict.Confirmed => "true",
        AlarmVerdict.False => "false",
        _ => "pending",
    };

    private static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static bool TryTime(string text, DateTimeOffset now, out DateTimeOffset at)
    {
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) { at = now; return true; }
        if (text.StartsWith('-') && Integrations.Configuration.ConfigReader.TryDuration(text[1..], out var ago)) { at = now - ago; return true; }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
