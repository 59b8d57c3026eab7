namespace Watchdog.Core.Runbook;

/// <summary>Someone (the schedule, a person through the API) asks for a drill of one service.</summary>
/// <param name="By">Who asked: "schedule 0 0 10 ? 1/3 TUE#1", "api (alice)".</param>
/// <param name="RollForward">Whether to go back to what was live before the drill once the rollback is verified.</param>
public sealed record DrillRequest(string By, bool RollForward = true)
{
    /// <summary>A real incident the caller knows to be open on the service (the watch's own); the journal is asked as well.</summary>
    public string? OpenIncidentId { get; init; }
}

public enum DrillOutcome
{
    Passed,
    Failed,

    /// <summary>Not run: a real incident is open, or another drill of the service is under way.</summary>
    Skipped,
}

/// <param name="IncidentId">The drill's incident; null when it was skipped without one (a drill already under way).</param>
/// <param name="Summary">One line: "DRILL PASSED: rollback 42s, verification 1m00s, roll forward 40s".</param>
public sealed record DrillReport(DrillOutcome Outcome, string Service, string? IncidentId, string Summary);
