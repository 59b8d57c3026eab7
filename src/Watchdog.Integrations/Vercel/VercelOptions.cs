using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Vercel;

/// <summary>
/// One Vercel project as a deployment provider, over Vercel's REST API (API-NOTES.md §3). Checked by
/// <see cref="VercelOptionsValidator"/>.
/// </summary>
public sealed class VercelOptions
{
    /// <summary>How the provider is named in the journal and in messages. Default <c>vercel</c>.</summary>
    public string Name { get; set; } = "vercel";

    /// <summary>The API's base URL. Default <c>https://api.vercel.com</c>. Must be https, except on a loopback host (tests).</summary>
    public Uri? BaseUrl { get; set; } = new("https://api.vercel.com");

    /// <summary>
    /// Required. An access token, sent as <c>Authorization: Bearer</c>. Never logged and masked in every
    /// message, should Vercel echo it.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The team (<c>team_…</c>) that owns the project. Default none (a personal project). When set, it is
    /// sent as <c>?teamId=</c> on every request, as the Vercel CLI does; a team project asked for without it
    /// is not found.
    /// </summary>
    public string? TeamId { get; set; }

    /// <summary>
    /// Required. The project's id (<c>prj_…</c>) or name. A name is resolved to the id once, through
    /// <c>GET /v9/projects/{idOrName}</c>; the id is then used in every other call.
    /// </summary>
    public string? ProjectId { get; set; }

    /// <summary>
    /// Deployments asked for per page (<c>limit</c>). Default 100, what the CLI asks for; the most Vercel
    /// allows per page is not documented (API-NOTES.md §7 note 7), so 1–100 is accepted. Vercel may send fewer.
    /// </summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Most pages read when listing. Default 10. The list is newest first, so a cut drops only the oldest
    /// history (and is logged); the rollback target is the newest earlier one.
    /// </summary>
    public int MaxPages { get; set; } = 10;

    /// <summary>
    /// Keys of a deployment's <c>meta</c> map whose value names its version, tried in order; the first
    /// non-empty one wins, else the deployment's URL, else its id. Default <c>githubCommitSha</c>, set by
    /// Vercel's Git integration for GitHub. These keys are a convention, not a typed field (API-NOTES.md
    /// §7 note 7): add <c>gitlabCommitSha</c> or <c>bitbucketCommitSha</c> for those, or your own key.
    /// </summary>
    public string[] VersionMetaKeys { get; set; } = ["githubCommitSha"];

    /// <summary>Longest one API call may take, retries and the body included. Default 1 minute.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most of an answer read; a longer one is refused, not parsed. Default 4 MiB (a project object can be large).</summary>
    public int MaxBodyBytes { get; set; } = 64 * BoundedContent.DefaultMaxBytes;
}
