namespace Watchdog.Core.Signals;

/// <summary>How one health probe ended.</summary>
public enum ProbeOutcome
{
    /// <summary>2xx, and the body's <c>status</c> field (when checked) said healthy.</summary>
    Healthy,

    /// <summary>The service answered, but with an error status or an unhealthy body.</summary>
    Unhealthy,

    /// <summary>No answer: refused, reset, or timed out.</summary>
    Unreachable,

    /// <summary>
    /// An answer that could not be judged (headers over the client's limit, a status value that is not valid
    /// UTF-8): the probe measured nothing, so the source says Error rather than "down" or "unhealthy".
    /// </summary>
    Unreadable,
}

public readonly record struct ProbeResult(DateTimeOffset At, ProbeOutcome Outcome, double LatencySeconds);
