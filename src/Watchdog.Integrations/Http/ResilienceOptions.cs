namespace Watchdog.Integrations.Http;

/// <summary>
/// Retry, circuit breaker and per-attempt timeout for the HTTP clients that call platform and
/// notification APIs. Not meant for health probes: a probe must see failures, not hide them.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>Time allowed for one attempt (headers received). Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt. Default 2; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the exponential backoff with jitter, used when the server gave no <c>Retry-After</c>. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest <c>Retry-After</c> that is waited out. A longer one is not retried: the 429/503
    /// goes back to the caller, which knows better whether to wait that long. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retry POST and PATCH on errors where the server may have acted (5xx, timeouts). Default false:
    /// a rollback or a variable change sent twice is worse than one reported failure.
    /// </summary>
    public bool RetryNonIdempotent { get; set; }

    /// <summary>Whether the circuit breaker is on. Default true.</summary>
    public bool CircuitBreaker { get; set; } = true;

    /// <summary>Share of failed attempts in the sampling window that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Window over which the failure ratio is measured. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts needed in the window before the ratio counts. Default 5.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit rejects calls before letting one through. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
