using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// When a running rollback's progress update is due (seed 001 "Progress Updates"): once half of this service's
/// measured rollback time has passed, and once all of it has; without a measurement, once half of the wait for the
/// target is over (and never after the target is live). Each mark is a journaled step, so a resumed rollback does not
/// send it twice.
/// </summary>
internal sealed class RollbackProgress
{
    public const string Step = "rollback-progress";

    private readonly Incident _incident;
    private readonly (TimeSpan Median, int Of)? _eta;
    private readonly TimeSpan? _waitsUpTo;

    private RollbackProgress(Incident incident, (TimeSpan Median, int Of)? eta, TimeSpan? waitsUpTo)
    {
        _incident = incident;
        _eta = eta;
        _waitsUpTo = waitsUpTo;
    }

    /// <param name="waitsUpTo">How long Watchdog waits for the target to go live; null once it is live.</param>
    public static async Task<RollbackProgress> StartAsync(Incident incident, RestoreTimes? times, TimeSpan? waitsUpTo, CancellationToken ct) =>
        new(incident, times is null ? null : await times.EtaAsync(ct), waitsUpTo);

    private TimeSpan Elapsed(DateTimeOffset now) => now - (_incident.RollbackStartedAt ?? now);

    /// <returns>The mark now due and not yet sent (50 or 100, of the expected time), or null.</returns>
    public int? Due(DateTimeOffset now)
    {
        if ((_eta?.Median ?? _waitsUpTo) is not { } expected) return null;
        var elapsed = Elapsed(now);
        int? mark = _eta is not null && elapsed >= expected ? 100 : elapsed >= expected / 2 ? 50 : null;
        return mark is { } m && _incident.Steps.All(s => !s.Key.StartsWith($"{Step}:{m}", StringComparison.Ordinal)) ? m : null;
    }

    public Notification Message(DateTimeOffset now, string step) => Messages.RollbackProgress(_incident, step, Elapsed(now), _eta, _waitsUpTo);
}
