using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>How one service's health endpoint is probed and judged.</summary>
public sealed class HealthOptions
{
    /// <summary>Source name in readings and logs. Default "health".</summary>
    public string Name { get; set; } = "health";

    /// <summary>The health endpoint (absolute). Its query string is never logged, so a token there is safe.</summary>
    public Uri? Url { get; set; }

    /// <summary>Extra request headers (an auth token, say). Values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Deadline for one probe, headers and body together. Default 5 s; past it the service counts as unreachable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most of the body read to look for <see cref="StatusField"/>; the rest is dropped unread. Default 64 KiB.</summary>
    public int MaxBodyBytes { get; set; } = BoundedContent.DefaultMaxBytes;

    /// <summary>
    /// Top-level JSON field that can overrule a 2xx, e.g. <c>{"status":"degraded"}</c>. Default "status";
    /// empty turns the check off. Judged only when the body is a JSON object with that field holding a
    /// string, number or boolean: a plain-text 2xx body is healthy.
    /// </summary>
    public string? StatusField { get; set; } = "status";

    /// <summary>Values of <see cref="StatusField"/> that mean healthy, compared case-insensitively. Default ok, healthy, pass, up.</summary>
    public string[] HealthyStatuses { get; set; } = ["ok", "healthy", "pass", "up"];

    /// <summary>How often the host polls this source; only used to size the probe window. Default 10 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Span over which availability, error rate and p95 are computed. Default 5 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Probes kept at most. Default: twice <see cref="Window"/> / <see cref="Interval"/> plus 8, so polling faster than configured loses nothing.</summary>
    public int? Capacity { get; set; }

    internal int EffectiveCapacity =>
        Capacity ?? (int)Math.Clamp(Math.Ceiling(Window / Interval * 2) + 8, 8, 100_000);
}
