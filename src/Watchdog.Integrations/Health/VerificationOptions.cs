namespace Watchdog.Integrations.Health;

/// <summary>
/// How a rollback is verified (judged by Core's <c>VerificationPolicy</c>). <see cref="HealthVerifier"/> probes the health
/// endpoint at t = 0, <see cref="Interval"/>, 2×<see cref="Interval"/> … up to <see cref="Window"/>
/// (so 13 probes for the defaults) and passes when:
/// <list type="bullet">
/// <item>failed probes (unhealthy or unreachable) are at most ⌊<see cref="MaxErrorRate"/> × planned probes⌋ —
/// with the default 1% and fewer than 100 probes that is zero, so every probe must be healthy;</item>
/// <item>the last probe was healthy (a service that ends the window failing is not restored, whatever the budget);</item>
/// <item>when <see cref="VersionUrl"/> is set, it shows the expected version, read once the health window has passed.</item>
/// </list>
/// It fails as soon as the budget is spent, without waiting out the window.
/// </summary>
public sealed class VerificationOptions
{
    /// <summary>Span watched after the rollback. Default 1 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time between probe starts. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of probes allowed to fail, rounded down to whole probes. Default 0.01 (the seed's "error rate should be &lt;1%").</summary>
    public double MaxErrorRate { get; set; } = 0.01;

    /// <summary>Endpoint that reports the running version (the seed's <c>/api/version</c>); unset skips the version check.</summary>
    public Uri? VersionUrl { get; set; }

    /// <summary>Top-level JSON field holding the version. Default "version". A non-JSON body is compared as trimmed text.</summary>
    public string VersionField { get; set; } = "version";
}
