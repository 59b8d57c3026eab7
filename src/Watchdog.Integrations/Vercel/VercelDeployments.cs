using System.Text.Json;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Vercel;

/// <summary>Turns Vercel's deployment objects (API-NOTES.md §3) into the runbook's <see cref="Deployment"/>.</summary>
internal static class VercelDeployments
{
    /// <summary>
    /// Null when the object has no id. The id is <c>uid</c> (listed) or <c>id</c> (<c>targets.production</c>), the
    /// same <c>dpl_…</c> value either way, and the one <c>lastAliasRequest.toDeploymentId</c> names. Only a
    /// production deployment in state <c>READY</c> succeeded and can be rolled back to, unless Vercel marks it
    /// <c>isRollbackCandidate: false</c>; <c>ERROR</c>, <c>CANCELED</c>, <c>DELETED</c> and unfinished builds never.
    /// </summary>
    public static Deployment? ToDeployment(WireDeployment wire, IReadOnlyList<string> versionKeys)
    {
        var id = Blank(wire.Uid) ?? Blank(wire.Id);
        if (id is null) return null;
        var state = wire.ReadyState ?? wire.State;
        var ready = string.Equals(state, "READY", StringComparison.OrdinalIgnoreCase);
        var production = string.Equals(wire.Target, "production", StringComparison.OrdinalIgnoreCase);
        return new Deployment(
            id,
            VersionFromMeta(wire, versionKeys) ?? Blank(wire.Url) ?? id,
            Time(wire.CreatedAt ?? wire.Created),
            CanRollback: ready && production && wire.IsRollbackCandidate != false,
            Succeeded: ready,
            LiveRecord: ready && production ? LiveRecord(wire) : null);
    }

    /// <summary>
    /// Vercel's own record that a production deployment served production traffic: <c>readySubstate: PROMOTED</c>
    /// ("has seen production traffic", vercel/sdk <c>getdeploymentsop.ts</c>; STAGED never has, ROLLING is still
    /// moving over), else <c>isRollbackCandidate: true</c> (on Pro and Enterprise "all deployments previously aliased
    /// to a production domain are eligible to roll back", vercel.com/docs/instant-rollback). <c>aliasAssigned</c> is
    /// not read: it is typed number-or-boolean with no documented meaning.
    /// </summary>
    private static string? LiveRecord(WireDeployment wire) =>
        string.Equals(wire.ReadySubstate, "PROMOTED", StringComparison.OrdinalIgnoreCase) ? "Vercel's own record (readySubstate PROMOTED)"
        : wire.IsRollbackCandidate == true ? "Vercel's own record (isRollbackCandidate: true)"
        : null;

    /// <summary>The first configured <c>meta</c> key holding a non-empty string (§7 note 7: the keys are a convention).</summary>
    public static string? VersionFromMeta(WireDeployment wire, IReadOnlyList<string> versionKeys)
    {
        if (wire.Meta is not { Count: > 0 } meta) return null;
        foreach (var key in versionKeys)
        {
            if (meta.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && Blank(value.GetString()) is { } version)
                return version;
        }

        return null;
    }

    /// <summary>Vercel's times are Unix milliseconds; one out of range is treated as unknown, not as an error.</summary>
    public static DateTimeOffset? Time(long? ms) =>
        ms is { } v && v > 0 && v <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
