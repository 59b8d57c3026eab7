using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>The shadow record of every watched service, as of <see cref="At"/>: each rule's alarms and its scores over 7 and 30 days.</summary>
public sealed record ShadowReport(DateTimeOffset At, IReadOnlyList<AlarmOutcome> Alarms, IReadOnlyList<RuleScore> Week, IReadOnlyList<RuleScore> Month)
{
    public static readonly TimeSpan WeekSpan = TimeSpan.FromDays(7), MonthSpan = TimeSpan.FromDays(30);

    /// <summary>How many of the newest incidents are read: a month of a busy fleet.</summary>
    public const int Read = 5_000;

    public static ShadowReport Empty { get; } = new(DateTimeOffset.MinValue, [], [], []);

    /// <summary>Reads the journal once and judges every alarm of <paramref name="services"/>.</summary>
    public static async Task<ShadowReport> ReadAsync(IIncidentStore store, ILedger ledger, IReadOnlyCollection<string> services, DateTimeOffset now, CancellationToken ct)
    {
        var watched = services.ToHashSet(StringComparer.Ordinal);
        var incidents = (await store.ListAsync(Read, ct)).Where(i => watched.Contains(i.Service) && now - i.OpenedAt <= MonthSpan).ToList();
        var alarms = new List<AlarmOutcome>();
        foreach (var service in watched.Where(s => incidents.Any(i => i.Service == s)))
            alarms.AddRange(ShadowRecord.Judge([.. incidents.Where(i => i.Service == service)], await ReleaseWatch.DeploysAsync(ledger, service, ct), now,
                await ServiceWatch.FlagChangesAsync(ledger, service, ct)));
        return new ShadowReport(now, alarms, ShadowRecord.Score(alarms, incidents, WeekSpan, now), ShadowRecord.Score(alarms, incidents, MonthSpan, now));
    }
}
