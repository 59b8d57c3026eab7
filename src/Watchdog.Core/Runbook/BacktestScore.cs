using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>A would-be alarm of a replay (the rule going from not firing to firing) and what the journal says of it.</summary>
public sealed record BacktestAlarm(string Rule, DateTimeOffset At, AlarmVerdict Verdict, string Why);

/// <summary>A real incident of the service (confirmed by the shadow record, or a person's rollback) that a rule did not fire for.</summary>
public sealed record BacktestMiss(DateTimeOffset At, string What);

/// <summary>One rule's replayed alarms judged against the journal, and the real incidents it caught and missed.</summary>
public sealed record BacktestScore(string Rule, IReadOnlyList<BacktestAlarm> Alarms, int Incidents, IReadOnlyList<BacktestMiss> Missed)
{
    public int True => Alarms.Count(a => a.Verdict == AlarmVerdict.Confirmed);

    public int False => Alarms.Count(a => a.Verdict == AlarmVerdict.False);

    public int Pending => Alarms.Count(a => a.Verdict == AlarmVerdict.Pending);

    /// <summary>True over decided alarms; null when no alarm was decided either way.</summary>
    public double? Precision => True + False == 0 ? null : (double)True / (True + False);

    /// <summary>Real incidents caught over all of them; null when the journal holds none in the span.</summary>
    public double? Recall => Incidents == 0 ? null : (double)(Incidents - Missed.Count) / Incidents;
}

/// <summary>
/// Scores a backtest (<see cref="Backtest.Replay"/>) the way the shadow record scores live alarms, so a rule can be tuned before it may act. A would-be
/// alarm is true when, within <see cref="ShadowRecord.Window"/> after it, an incident of the service the shadow record
/// confirmed was detected, a person rolled back or a deploy went live; it is true too when it fired while a confirmed
/// incident was still unrestored (the live rule may have seen it first, and the replay's step shifts times by up to a
/// step either way). With no such evidence it is false, or pending while the window is still running. A real incident
/// (confirmed, or a person's rollback that did not just confirm one) with no would-be alarm in the window before it or
/// during it is missed. It sits with the shadow record, whose judgement it reuses, in the last layer of Core.
/// </summary>
public static class BacktestScoring
{
    private sealed record RealIncident(DateTimeOffset At, DateTimeOffset Until, string What);

    /// <param name="events">The replay of <paramref name="rules"/> (<see cref="Backtest.Replay"/>).</param>
    /// <param name="incidents">The journal's incidents, any service, newest first; drills and other services are ignored.</param>
    /// <param name="deploys">The service's deployments seen live (<see cref="ReleaseWatch.DeploysAsync"/>), any order.</param>
    /// <param name="from">Start of the replay: real incidents before it are not counted as missed.</param>
    /// <param name="to">End of the replay: nor those after it.</param>
    public static IReadOnlyList<BacktestScore> Score(string service, IReadOnlyList<Rule> rules, IReadOnlyList<BacktestEvent> events,
        IReadOnlyList<Incident> incidents, IReadOnlyList<DeployChange> deploys, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyList<Change>? flags = null)
    {
        IReadOnlyList<Incident> mine = [.. incidents.Where(i => i.Service == service && !i.Drill)];
        var judged = ShadowRecord.Judge(mine, deploys, now, flags);
        var byId = mine.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var confirmed = judged.Where(a => a.Verdict == AlarmVerdict.Confirmed)
            .Select(a => new RealIncident(a.FiredAt, Restored(byId[a.IncidentId], now), $"incident {a.IncidentId} ({a.Rule}), confirmed: {a.Why}"))
            .ToList();
        // A person's rollback soon after a confirmed incident is that incident's answer, not a second incident.
        var persons = mine.Where(i => i.Trigger.Source == ShadowRecord.PersonRollback && !confirmed.Any(c => Within(c.At, i.OpenedAt)))
            .Select(i => new RealIncident(i.OpenedAt, i.OpenedAt, $"a person rolled back ({i.Trigger.Summary}), incident {i.Id}"))
            .ToList();
        var real = confirmed.Concat(persons).Where(r => r.At >= from && r.At <= to).OrderBy(r => r.At).ToList();

        return [.. rules.Select(rule =>
        {
            var alarms = AlarmsOf(rule.Name, events);
            var scored = alarms.Select(at => Judge(rule.Name, at, confirmed, persons, judged, deploys, now)).ToList();
            var missed = real.Where(r => !alarms.Any(at => Within(at, r.At) || (at >= r.At && at <= r.Until)))
                .Select(r => new BacktestMiss(r.At, r.What)).ToList();
            return new BacktestScore(rule.Name, scored, real.Count, missed);
        })];
    }

    /// <summary>When a rule went from not firing to firing; consecutive firing ticks are one alarm.</summary>
    public static IReadOnlyList<DateTimeOffset> AlarmsOf(string rule, IReadOnlyList<BacktestEvent> events) =>
        [.. events.Where(e => e.Rule == rule && e.To == RuleStatus.Firing && e.From != RuleStatus.Firing).Select(e => e.At)];

    private static BacktestAlarm Judge(string rule, DateTimeOffset at, List<RealIncident> confirmed, List<RealIncident> persons,
        IReadOnlyList<AlarmOutcome> judged, IReadOnlyList<DeployChange> deploys, DateTimeOffset now)
    {
        BacktestAlarm Alarm(AlarmVerdict verdict, string why) => new(rule, at, verdict, why);

        if (confirmed.FirstOrDefault(c => Within(at, c.At)) is { } next) return Alarm(AlarmVerdict.Confirmed, $"{next.What}, at {Utc(next.At)}");
        if (confirmed.FirstOrDefault(c => at >= c.At && at <= c.Until) is { } during)
            return Alarm(AlarmVerdict.Confirmed, $"during {during.What}, detected at {Utc(during.At)}");
        if (persons.FirstOrDefault(p => Within(at, p.At)) is { } person) return Alarm(AlarmVerdict.Confirmed, $"{person.What} at {Utc(person.At)}");
        if (deploys.Where(d => Within(at, d.At)).OrderBy(d => d.At).FirstOrDefault() is { } deploy)
            return Alarm(AlarmVerdict.Confirmed, $"{deploy.Deployment} went live at {Utc(deploy.At)}: fixed forward or rolled back by hand");
        // The live outcome of an alarm the journal has not decided yet is not known here either.
        if (judged.FirstOrDefault(a => a.Verdict == AlarmVerdict.Pending && Within(at, a.FiredAt)) is { } open)
            return Alarm(AlarmVerdict.Pending, $"incident {open.IncidentId} ({open.Rule}) at {Utc(open.FiredAt)} is not decided yet: {open.Why}");
        if (now - at <= ShadowRecord.Window)
            return Alarm(AlarmVerdict.Pending, $"watching what people do, until {Utc(at + ShadowRecord.Window)}");
        var window = SignalFormat.Duration(ShadowRecord.Window);
        if (judged.FirstOrDefault(a => a.Verdict == AlarmVerdict.False && Within(at, a.FiredAt)) is { } wrong)
            return Alarm(AlarmVerdict.False, $"incident {wrong.IncidentId} ({wrong.Rule}) at {Utc(wrong.FiredAt)} was a false alarm: {wrong.Why}");
        return Alarm(AlarmVerdict.False, $"no confirmed incident, person's rollback or deploy within {window} after it");
    }

    /// <summary>True when <paramref name="then"/> came at or after <paramref name="at"/>, within the shadow record's window.</summary>
    private static bool Within(DateTimeOffset at, DateTimeOffset then) => then >= at && then - at <= ShadowRecord.Window;

    private static DateTimeOffset Restored(Incident i, DateTimeOffset now) => i.RestoredAt ?? i.ClosedAt ?? now;

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
