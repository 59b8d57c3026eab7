namespace Watchdog.Core.Signals;

/// <summary>What a reading measures. Rates and availability are fractions in [0, 1]; latency is in seconds.</summary>
public enum Signal
{
    /// <summary>Failed requests over all requests in the window.</summary>
    ErrorRate,

    /// <summary>Successful probes over all probes in the window.</summary>
    Availability,

    /// <summary>95th percentile response time, in seconds.</summary>
    LatencyP95,

    /// <summary>1 when the latest probe got an answer at all, 0 when the service did not answer.</summary>
    Up,

    /// <summary>Sessions that did not crash over all sessions (Sentry release health), a fraction.</summary>
    CrashFreeRate,
}
