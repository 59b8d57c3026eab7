namespace Watchdog.Core.Incidents;

public enum IncidentState
{
    Detected,
    Decided,
    AwaitingApproval,
    RollingBack,
    Stabilizing,
    Verifying,
    Monitoring,
    Resolved,
    Escalated,
    Failed,
}

/// <summary>The incident state machine: which state may follow which.</summary>
public static class IncidentTransitions
{
    private static readonly Dictionary<IncidentState, IncidentState[]> Allowed = new()
    {
        [IncidentState.Detected] = [IncidentState.Decided, IncidentState.Escalated, IncidentState.Failed],
        [IncidentState.Decided] = [IncidentState.AwaitingApproval, IncidentState.RollingBack, IncidentState.Monitoring, IncidentState.Escalated, IncidentState.Failed],
        [IncidentState.AwaitingApproval] = [IncidentState.RollingBack, IncidentState.Monitoring, IncidentState.Escalated, IncidentState.Resolved, IncidentState.Failed],
        // A flag disable that was refused, or did not help, is decided again as a rollback.
        [IncidentState.RollingBack] = [IncidentState.Decided, IncidentState.Stabilizing, IncidentState.Verifying, IncidentState.Escalated, IncidentState.Failed],
        [IncidentState.Stabilizing] = [IncidentState.Verifying, IncidentState.Escalated, IncidentState.Failed],
        [IncidentState.Verifying] = [IncidentState.Decided, IncidentState.Monitoring, IncidentState.Resolved, IncidentState.Escalated, IncidentState.Failed],
        // A monitored incident that has not been acted on may still be decided again when it worsens.
        [IncidentState.Monitoring] = [IncidentState.Decided, IncidentState.Resolved, IncidentState.Escalated, IncidentState.Failed],
        [IncidentState.Resolved] = [],
        [IncidentState.Escalated] = [],
        [IncidentState.Failed] = [],
    };

    public static bool CanMove(IncidentState from, IncidentState to) => Allowed[from].Contains(to);

    /// <summary>Resolved, Escalated and Failed are final: people own what comes after.</summary>
    public static bool IsFinal(IncidentState state) => Allowed[state].Length == 0;
}
