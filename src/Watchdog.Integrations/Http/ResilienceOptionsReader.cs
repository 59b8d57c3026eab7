
namespace Watchdog.Integrations.Http;

/// <summary>
/// Reads <c>Watchdog:Http</c> into <see cref="ResilienceOptions"/>. Two keys keep the names users know rather than
/// the properties': <c>Timeout</c> is <see cref="ResilienceOptions.AttemptTimeout"/>, <c>RetryDelay</c> is
/// <see cref="ResilienceOptions.BaseDelay"/>; the others match.
/// </summary>
public static class ResilienceOptionsReader
{
    public static ResilienceOptions Read(ConfigReader r, IConfigurationSection s)
    {
        ArgumentNullException.ThrowIfNull(r);
        var d = new ResilienceOptions();
        r.ReadsInto(s, typeof(ResilienceOptions));
        return new ResilienceOptions
        {
            AttemptTimeout = r.Duration(s, "Timeout", d.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            MaxRetries = r.Integer(s, "MaxRetries", d.MaxRetries, 0, 10),
            BaseDelay = r.Duration(s, "RetryDelay", d.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            MaxRetryAfter = r.Duration(s, "MaxRetryAfter", d.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            CircuitBreaker = r.Bool(s, "CircuitBreaker", d.CircuitBreaker),
            BreakDuration = r.Duration(s, "BreakDuration", d.BreakDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        };
    }
}
