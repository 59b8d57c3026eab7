namespace Watchdog.Integrations.PagerDuty;

/// <summary>One PagerDuty service, reached through the Events API v2 (API-NOTES.md §6.3).</summary>
public sealed class PagerDutyOptions
{
    /// <summary>Length of an Events API v2 integration key.</summary>
    public const int RoutingKeyLength = 32;

    /// <summary>
    /// The service's Events API v2 integration key (32 characters). Required. It authenticates every event,
    /// so it is never logged nor put in an error; resolves must use the same key as their trigger.
    /// </summary>
    public string? RoutingKey { get; set; }

    /// <summary>
    /// Where events go: <c>{BaseUrl}/v2/enqueue</c>. Default <c>https://events.pagerduty.com</c>. Must be https
    /// (the key travels in the body), except on a loopback host (tests).
    /// </summary>
    public Uri BaseUrl { get; set; } = new("https://events.pagerduty.com");

    /// <summary>How this channel is named in logs and in the fan-out's report. Default <c>pagerduty</c>.</summary>
    public string Name { get; set; } = "pagerduty";
}
