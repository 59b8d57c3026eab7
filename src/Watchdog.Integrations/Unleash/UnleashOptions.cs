namespace Watchdog.Integrations.Unleash;

/// <summary>An Unleash project's feature toggles in one environment, over its Admin API (API-NOTES.md §10). Checked by <see cref="UnleashOptionsValidator"/>.</summary>
public sealed class UnleashOptions
{
    /// <summary>How the service is named in the journal and in messages. Default <c>Unleash</c>.</summary>
    public string Name { get; set; } = "Unleash";

    /// <summary>Required. The Unleash server's URL (<c>https://unleash.example.com</c>); <c>/api/admin/…</c> is added to it.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Required. An admin API token, a personal access token or a service-account token with
    /// <c>UPDATE_FEATURE_ENVIRONMENT</c>, sent as the <c>Authorization</c> header itself. Never logged and masked everywhere.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The project's id. Default <c>default</c>.</summary>
    public string? ProjectId { get; set; } = "default";

    /// <summary>Required. The environment whose toggle is turned off (<c>production</c>).</summary>
    public string? Environment { get; set; }

    /// <summary>Longest the call may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
