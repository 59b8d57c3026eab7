namespace Watchdog.Integrations.Vercel;

/// <summary>
/// Which deployment production serves, read from a project (<c>GET /v9/projects/{idOrName}</c>). Pure, beside the I/O.
/// </summary>
/// <remarks>
/// Two fields say it. <c>targets.production</c> is the deployment holding the production domains (a field of the
/// CLI's own <c>Project</c> type, vercel/vercel:internals/types; API-NOTES.md §3 does not list it).
/// <c>lastAliasRequest</c> (§3) is the job that moves those domains after a rollback or promote: the CLI waits
/// for it to reach <c>succeeded</c> or <c>failed</c>. So:
/// <list type="bullet">
/// <item>while the job is pending or in progress, the deployment it started from still serves, never its target;</item>
/// <item>otherwise <c>targets.production</c> is what serves; a finished job only fills in when the project does not
/// name it: the target after success, the start after a failure (the domains did not all move).</item>
/// </list>
/// <c>targets.production</c> wins over an old succeeded job because later production deployments move the domains
/// without a new alias request.
/// </remarks>
internal static class VercelLive
{
    /// <summary>The live deployment's id, or null when the project does not say; <c>Shown</c> is the project's own object for it.</summary>
    public static (string? Id, WireDeployment? Shown) Decide(WireProject project, VercelAliasJob? job)
    {
        var shown = project.Targets?.Production;
        var production = shown is null ? null : NonBlank(shown.Uid) ?? NonBlank(shown.Id);

        if (job is { Running: true })
        {
            if (job.FromDeploymentId is { } from) return (from, from == production ? shown : null);
            return production is not null && production != job.ToDeploymentId ? (production, shown) : (null, null);
        }

        if (production is not null) return (production, shown);
        return job switch
        {
            { Succeeded: true, ToDeploymentId: { } to } => (to, null),
            { Failed: true, FromDeploymentId: { } from } => (from, null),
            _ => (null, null),
        };
    }

    private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
