namespace Watchdog.Integrations.LaunchDarkly;

/// <summary>A LaunchDarkly project's flags in one environment, over its REST API (API-NOTES.md §10). Checked by <see cref="LaunchDarklyOptionsValidator"/>.</summary>
public sealed class LaunchDarklyOptions
{
    /// <summary>How the service is named in the journal and in messages. Default <c>LaunchDarkly</c>.</summary>
    public string Name { get; set; } = "LaunchDarkly";

    /// <summary>The API's base URL. Default <c>https://app.launchdarkly.com</c> (federal: <c>https://app.launchdarkly.us</c>).</summary>
    public Uri? BaseUrl { get; set; } = new("https://app.launchdarkly.com");

    /// <summary>
    /// Required. A personal or service access token with writer rights, sent as the <c>Authorization</c> header itself
    /// (no <c>Bearer</c>); SDK and mobile keys cannot call the REST API. Never logged and masked everywhere.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Required. The project's key.</summary>
    public string? ProjectKey { get; set; }

    /// <summary>Required. The environment whose flag is turned off (<c>production</c>).</summary>
    public string? EnvironmentKey { get; set; }

    /// <summary>The <c>LD-API-Version</c> pinned on every request. Default <c>20240415</c>.</summary>
    public string ApiVersion { get; set; } = "20240415";

    /// <summary>Longest the call may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
