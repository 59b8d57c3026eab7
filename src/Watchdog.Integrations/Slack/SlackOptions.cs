namespace Watchdog.Integrations.Slack;

/// <summary>One Slack incoming webhook. Slack's answers are described in API-NOTES.md §6.1.</summary>
public sealed class SlackOptions
{
    /// <summary>
    /// The incoming-webhook URL, <c>https://hooks.slack.com/services/T…/B…/…</c>. Required. The URL is
    /// the credential: Watchdog never logs it or puts it in an error; only its host appears.
    /// Must be https, except on a loopback host (tests, the demo).
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How this channel is named in logs and in the fan-out's report. Default <c>slack</c>.</summary>
    public string Name { get; set; } = "slack";

    /// <summary>
    /// Optional channel override (<c>#ops</c>). Default: none, the webhook's own channel. Slack may
    /// ignore it for webhooks created by a Slack app, which are bound to one channel.
    /// </summary>
    public string? Channel { get; set; }

    /// <summary>Optional display name. Default: none. Possibly ignored for app webhooks, like <see cref="Channel"/>.</summary>
    public string? Username { get; set; }

    /// <summary>Optional icon, e.g. <c>:rotating_light:</c>. Default: none. Possibly ignored for app webhooks.</summary>
    public string? IconEmoji { get; set; }

    /// <summary>
    /// Optional base for a link to the incident, e.g. <c>https://watchdog.internal/api/incidents</c>;
    /// the link is this base, a slash, and the escaped incident id. Default: none, the id is shown without a link.
    /// </summary>
    public Uri? IncidentUrlBase { get; set; }
}
