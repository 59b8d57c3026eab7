namespace Watchdog.Core.Incidents;

/// <summary>
/// The seeds' rollback metrics. Detect: from the first breached reading to the rule firing.
/// Initiate: from detection to the rollback starting. Restore: from detection to verification
/// passing. Impact: from the first breached reading to verification passing.
/// </summary>
public sealed record RollbackMetrics(TimeSpan? TimeToDetect, TimeSpan? TimeToInitiate, TimeSpan? TimeToRestore, TimeSpan? ImpactDuration)
{
    public static RollbackMetrics Of(Incident i) => new(
        i.DetectedAt - i.ImpactStartedAt,
        i.RollbackStartedAt - i.DetectedAt,
        i.RestoredAt - i.DetectedAt,
        i.RestoredAt - i.ImpactStartedAt);
}
