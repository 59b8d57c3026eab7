using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Statuspage;

/// <summary>One Atlassian Statuspage page kept in step with Watchdog's incidents. The API is described in API-NOTES.md §6.4.</summary>
public sealed class StatuspageOptions
{
    public static readonly Uri DefaultBaseUrl = new("https://api.statuspage.io/v1");

    /// <summary>The API key, sent as <c>Authorization: OAuth …</c>. Required; never logged or put in an error.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The page's id (the <c>{page_id}</c> in the API's paths). Required.</summary>
    public string? PageId { get; set; }

    /// <summary>The API's base. Default <c>https://api.statuspage.io/v1</c>; https, except on a loopback host (tests, the demo).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How this channel is named in logs and in the fan-out's report. Default <c>statuspage</c>.</summary>
    public string Name { get; set; } = "statuspage";

    /// <summary>
    /// Watchdog service name → the page's component id. A service listed here gets its component marked
    /// while its incident is open (see <see cref="ComponentStatus"/>) and set back to <c>operational</c> on
    /// resolve; a service not listed gets an incident without components. Default: none.
    /// </summary>
    public Dictionary<string, string> Components { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The incident's <c>impact_override</c> by the first public notification's severity. Default Critical → critical, High → major, else minor.</summary>
    public Dictionary<Severity, string> Impact { get; set; } = new()
    {
        [Severity.Critical] = "critical",
        [Severity.High] = "major",
        [Severity.Warning] = "minor",
        [Severity.Info] = "minor",
    };

    /// <summary>
    /// The component's status while the incident is open, by each notification's severity. Default Critical →
    /// major_outage, High → partial_outage, else degraded_performance.
    /// </summary>
    public Dictionary<Severity, string> ComponentStatus { get; set; } = new()
    {
        [Severity.Critical] = "major_outage",
        [Severity.High] = "partial_outage",
        [Severity.Warning] = "degraded_performance",
        [Severity.Info] = "degraded_performance",
    };

    /// <summary>Whether Statuspage tells the page's subscribers about each change (<c>deliver_notifications</c>). Default true.</summary>
    public bool DeliverNotifications { get; set; } = true;
}
