namespace Watchdog.Integrations.Http;

/// <summary>Checks the ranges Polly enforces, so a bad value fails at start-up with the key's name rather than at the first call.</summary>
public sealed class ResilienceOptionsValidator() : OptionsValidator<ResilienceOptions>(Problems)
{
    public static IEnumerable<string> Problems(ResilienceOptions o)
    {
        if (o.AttemptTimeout < TimeSpan.FromMilliseconds(10) || o.AttemptTimeout > TimeSpan.FromDays(1))
            yield return $"AttemptTimeout must be between 10 ms and 1 day (was {o.AttemptTimeout}).";
        if (o.MaxRetries < 0 || o.MaxRetries > 10)
            yield return $"MaxRetries must be between 0 and 10 (was {o.MaxRetries}).";
        if (o.BaseDelay < TimeSpan.Zero || o.BaseDelay > TimeSpan.FromMinutes(5))
            yield return $"BaseDelay must be between 0 and 5 minutes (was {o.BaseDelay}).";
        if (o.MaxRetryAfter < TimeSpan.Zero)
            yield return $"MaxRetryAfter must not be negative (was {o.MaxRetryAfter}).";
        if (!o.CircuitBreaker) yield break;
        if (o.FailureRatio is <= 0 or > 1)
            yield return $"FailureRatio must be above 0 and at most 1 (was {o.FailureRatio}).";
        if (o.SamplingDuration < TimeSpan.FromMilliseconds(500) || o.SamplingDuration > TimeSpan.FromDays(1))
            yield return $"SamplingDuration must be between 500 ms and 1 day (was {o.SamplingDuration}).";
        if (o.MinimumThroughput < 2)
            yield return $"MinimumThroughput must be at least 2 (was {o.MinimumThroughput}).";
        if (o.BreakDuration < TimeSpan.FromMilliseconds(500) || o.BreakDuration > TimeSpan.FromDays(1))
            yield return $"BreakDuration must be between 500 ms and 1 day (was {o.BreakDuration}).";
    }
}
