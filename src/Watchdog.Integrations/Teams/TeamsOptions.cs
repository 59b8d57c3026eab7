namespace Watchdog.Integrations.Teams;

/// <summary>One Microsoft Teams channel, reached through a webhook (API-NOTES.md §6.2).</summary>
public sealed class TeamsOptions
{
    /// <summary>
    /// The webhook URL: a Workflows "When a Teams webhook request is received" trigger (its <c>sig</c> query
    /// parameter signs it), or a legacy connector's <c>…webhook.office.com/webhookb2/…</c>. Required. The URL is
    /// the credential: Watchdog never logs it or puts it in an error; only its host appears. Must be https,
    /// except on a loopback host (tests, the demo).
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How this channel is named in logs and in the fan-out's report. Default <c>teams</c>.</summary>
    public string Name { get; set; } = "teams";
}
