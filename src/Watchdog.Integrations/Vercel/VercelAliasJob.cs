namespace Watchdog.Integrations.Vercel;

/// <summary>
/// A project's last alias request as Vercel last reported it (API-NOTES.md §3, <c>lastAliasRequest</c>): the
/// background job that moves the production domains after a rollback or a promote.
/// </summary>
/// <param name="Type"><c>rollback</c> or <c>promote</c>.</param>
/// <param name="Status"><c>pending</c>, <c>in-progress</c>, <c>succeeded</c>, <c>failed</c> or <c>skipped</c> (as Vercel spells it).</param>
/// <param name="FromDeploymentId">Where production was when the request was made; null when Vercel did not say.</param>
public sealed record VercelAliasJob(string Type, string Status, string? ToDeploymentId, string? FromDeploymentId, DateTimeOffset? RequestedAt)
{
    /// <summary>The job is still moving the domains: production still serves the deployment it started from.</summary>
    public bool Running => Status is "pending" or "in-progress";

    /// <summary>Vercel gave up: not every domain moved to <see cref="ToDeploymentId"/>.</summary>
    public bool Failed => Status == "failed";

    public bool Succeeded => Status == "succeeded";

    internal static VercelAliasJob? From(WireAliasRequest? wire) => wire is null
        ? null
        : new VercelAliasJob(
            wire.Type ?? "unknown",
            wire.JobStatus?.Trim().ToLowerInvariant() ?? "unknown",
            string.IsNullOrWhiteSpace(wire.ToDeploymentId) ? null : wire.ToDeploymentId,
            string.IsNullOrWhiteSpace(wire.FromDeploymentId) ? null : wire.FromDeploymentId,
            VercelDeployments.Time(wire.RequestedAt));
}
