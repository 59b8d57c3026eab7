using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watchdog.Integrations.Vercel;

// The parts of Vercel's answers Watchdog reads (API-NOTES.md §3). Unknown fields are ignored and missing ones
// are null, so a richer answer still reads; a field of the wrong type fails the read instead of guessing.

/// <summary><c>GET /v6/deployments</c>: <c>{"deployments":[…], "pagination":{"count","next","prev"}}</c>.</summary>
internal sealed record WireDeploymentsPage(List<WireDeployment?>? Deployments, WirePagination? Pagination);

/// <summary><c>next</c> is a timestamp (ms) to pass back as <c>until</c>; null on the last page.</summary>
internal sealed record WirePagination(long? Count, long? Next, long? Prev);

/// <summary>
/// A deployment as listed (<c>uid</c>) or as a project's <c>targets.production</c> (<c>id</c>, in the CLI's own
/// <c>Project</c> type, vercel/vercel:internals/types). <c>meta</c> is typed string→string; values of another
/// type are skipped rather than failing the whole list. <c>readySubstate</c> (STAGED | ROLLING | PROMOTED, §3) is in
/// vercel/sdk <c>getdeploymentsop.ts</c>: "whether or not deployment has seen production traffic".
/// </summary>
internal sealed record WireDeployment(
    string? Uid,
    string? Id,
    string? Url,
    long? Created,
    long? CreatedAt,
    string? State,
    string? ReadyState,
    string? Target,
    Dictionary<string, JsonElement>? Meta,
    bool? IsRollbackCandidate,
    string? ReadySubstate = null);

/// <summary>
/// <c>GET /v9/projects/{idOrName}</c>, the parts that say what production serves, and §11's <c>autoAssignCustomDomains</c>
/// (turned off by a rollback, on again by a promote; <c>autoAssignCustomDomainsUpdatedBy</c> is <c>system</c> when Vercel set it).
/// </summary>
internal sealed record WireProject(string? Id, string? Name, WireTargets? Targets, WireAliasRequest? LastAliasRequest, bool? AutoAssignCustomDomains = null);

internal sealed record WireTargets(WireDeployment? Production);

/// <summary>
/// <c>lastAliasRequest</c> (§3): <c>jobStatus</c> pending | in-progress | succeeded | failed | skipped, <c>requestedAt</c>
/// in ms, <c>toDeploymentId</c>, <c>type</c> rollback | promote. <c>fromDeploymentId</c> is in the CLI's type, not in §3.
/// </summary>
internal sealed record WireAliasRequest(string? JobStatus, long? RequestedAt, string? ToDeploymentId, string? FromDeploymentId, string? Type);

/// <summary>The error envelope (§3); the CLI also reads <c>err</c> in place of <c>error</c>.</summary>
internal sealed record WireErrorBody(WireError? Error, WireError? Err);

/// <summary>On a 429, <c>limit</c> is <c>{remaining, reset (unix s), resetMs, total}</c> and the code <c>rate_limited</c>.</summary>
internal sealed record WireError(string? Code, string? Message, WireLimit? Limit);

internal sealed record WireLimit(long? Remaining, long? Reset, long? ResetMs, long? Total);

/// <summary>
/// <c>GET /v10/projects/{idOrName}/env</c> (Vercel's REST reference, "Retrieve the environment variables of a project"):
/// <c>{"envs":[{id, key, type, target, value, updatedAt (ms)}]}</c>. <c>target</c> is a list of environments or one;
/// <c>value</c> (encrypted unless the variable is plain) is not read at all.
/// </summary>
internal sealed record WireEnvs(List<WireEnv?>? Envs);

internal sealed record WireEnv(string? Id, string? Key, string? Type, JsonElement? Target, long? UpdatedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(WireDeploymentsPage))]
[JsonSerializable(typeof(WireProject))]
[JsonSerializable(typeof(WireErrorBody))]
[JsonSerializable(typeof(WireEnvs))]
internal sealed partial class VercelJsonContext : JsonSerializerContext;
