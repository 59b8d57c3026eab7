namespace Watchdog.Integrations.Railway;

/// <summary>Which Railway token <see cref="RailwayOptions.Token"/> is; it decides the header it travels in (API-NOTES.md §2.1).</summary>
public enum RailwayTokenKind
{
    /// <summary>An account (personal) token, or an OAuth access token: <c>Authorization: Bearer</c>.</summary>
    Account,

    /// <summary>A workspace (team) token: <c>Authorization: Bearer</c>. There is no <c>Team-Access-Token</c> header.</summary>
    Workspace,

    /// <summary>A project token, scoped to one environment: <c>Project-Access-Token</c>.</summary>
    Project,
}
