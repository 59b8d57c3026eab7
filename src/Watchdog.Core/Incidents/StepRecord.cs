namespace Watchdog.Core.Incidents;

public enum StepStatus
{
    /// <summary>Written before the step runs; found on restart, it means the step was interrupted.</summary>
    Started,
    Succeeded,
    Failed,
}

/// <summary>The journal entry of one runbook step, written before and after it runs.</summary>
public sealed record StepRecord(string Key, StepStatus Status, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Output)
{
    /// <summary>The fencing token of the lease the step ran under (see <see cref="Ports.ILeases"/>); 0 when it ran unfenced.</summary>
    public long Token { get; init; }
}
