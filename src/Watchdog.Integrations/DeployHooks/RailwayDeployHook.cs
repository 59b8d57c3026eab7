using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.DeployHooks;

/// <summary>
/// Railway's project webhooks (API-NOTES §8). They are unsigned, so the endpoint's path carries a secret token (checked
/// here in constant time), and nothing in the body is believed until <see cref="ConfirmAsync"/> has read the deployment
/// back through Railway's GraphQL API with the service's own provider settings.
/// </summary>
/// <remarks>
/// The body has no delivery id: a delivery is keyed by its deployment, its <c>type</c> and its <c>timestamp</c>. The
/// docs' own example pairs <c>type: Deployment.failed</c> with <c>details.status: SUCCESS</c>, so only <c>type</c> is
/// read for the claim, and Railway's answer decides.
/// </remarks>
public static class RailwayDeployHook
{
    public const string Platform = "railway";

    /// <summary>True when the path's token is the configured one (constant time; lengths differ → false).</summary>
    public static bool VerifyToken(string token, string? given)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (given is null) return false;
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>The key a service is looked up by: <c>serviceId@environmentId</c> (webhooks fire for every environment of the project).</summary>
    public static string Identity(string serviceId, string environmentId) => $"{serviceId}@{environmentId}";

    /// <summary>Reads what the webhook claims; the event's <see cref="DeployEvent.State"/> is the claim until confirmed.</summary>
    /// <param name="serviceFor">The watched service of <see cref="Identity"/>; null when none.</param>
    public static DeployParseResult Parse(ReadOnlySpan<byte> body, Func<string, string?> serviceFor)
    {
        ArgumentNullException.ThrowIfNull(serviceFor);
        return DeployParseResult.Read(body, root => Read(root, serviceFor));
    }

    private static DeployParseResult Read(JsonElement root, Func<string, string?> serviceFor)
    {
        var type = PayloadJson.String(root, "", "type");
        var at = DeployJson.Time(root, "", "timestamp");
        if (!type.StartsWith("Deployment.", StringComparison.OrdinalIgnoreCase))
            return DeployParseResult.Ignore($"event {DeployJson.Quote(type)} is not about a deployment");
        if (Claim(type["Deployment.".Length..]) is not { } state)
            return DeployParseResult.Ignore($"{DeployJson.Quote(type)} says nothing of a rollout starting, going live or failing");

        var resource = PayloadJson.Object(root, "", "resource");
        var serviceId = DeployJson.Id(PayloadJson.Object(resource, "resource", "service"), "resource.service", "id");
        var environmentId = DeployJson.Id(PayloadJson.Object(resource, "resource", "environment"), "resource.environment", "id");
        var deploymentId = DeployJson.Id(PayloadJson.Object(resource, "resource", "deployment"), "resource.deployment", "id");
        var identity = Identity(serviceId, environmentId);
        if (serviceFor(identity) is not { } service)
            return DeployParseResult.Ignore($"no watched service on Railway service {DeployJson.Quote(serviceId)} in environment {DeployJson.Quote(environmentId)}");

        var commit = DeployJson.FirstText(PayloadJson.OptionalObject(root, "", "details"), ["commitHash"]);
        var key = $"{deploymentId}:{DeployJson.Short(type)}";
        return DeployParseResult.Of(new DeployEvent(service, Platform, key, deploymentId, state, commit, at) { Said = DeployJson.Short(type) });
    }

    /// <summary>What a <c>Deployment.*</c> type claims; null for those that are not a rollout (removed, slept).</summary>
    private static DeployState? Claim(string what) => DeployJson.Lower(what) switch
    {
        "building" or "deploying" or "queued" or "waiting" or "initializing" or "needs_approval" => DeployState.Started,
        "deployed" or "redeployed" or "restarted" or "resumed" => DeployState.Live,
        "failed" or "crashed" or "oom_killed" => DeployState.Failed,
        _ => null,
    };

    /// <summary>§2.2 <c>DeploymentStatus</c> as a rollout state; null for statuses that are not one (removed, skipped, sleeping).</summary>
    private static DeployState? FromStatus(string status) => status switch
    {
        "BUILDING" or "DEPLOYING" or "INITIALIZING" or "QUEUED" or "WAITING" or "NEEDS_APPROVAL" => DeployState.Started,
        "SUCCESS" => DeployState.Live,
        "FAILED" or "CRASHED" => DeployState.Failed,
        _ => null,
    };

    /// <summary>
    /// Reads the claimed deployment back through Railway's API (<c>deployment(id)</c>) with the watched service's provider
    /// settings. It must belong to that project, environment and service; its state is Railway's, not the webhook's. A claim
    /// that the answer contradicts (deployed, but Railway says FAILED) is not believed. A started claim takes whatever
    /// Railway says now: the rollout moved on.
    /// </summary>
    public static async Task<DeployParseResult> ConfirmAsync(DeployEvent claimed, RailwayOptions options, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(options);
        const string operation = "Deployment";
        JsonElement node;
        try
        {
            var data = await new RailwayGraphQl(http, options, time).SendAsync(operation, RailwayDocuments.Deployment, new JsonObject { ["id"] = claimed.DeploymentId }, read: true, ct);
            node = data.TryGetProperty("deployment", out var d) && d.ValueKind == JsonValueKind.Object
                ? d
                : throw new PeerRefusedException("Railway", $"Railway {operation}: the answer holds no deployment.");
        }
        catch (PeerRefusedException e)
        {
            return DeployParseResult.CouldNotConfirm($"could not confirm deployment {claimed.DeploymentId} with Railway's API: {e.Message}");
        }

        string? Text(string name) => node.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("serviceId") != options.ServiceId || Text("environmentId") != options.EnvironmentId || Text("projectId") != options.ProjectId)
            return DeployParseResult.Ignore($"Railway's API says deployment {claimed.DeploymentId} is not of service {options.ServiceId} in environment {options.EnvironmentId}: not believed");

        var status = Text("status") ?? "";
        var state = FromStatus(status);
        if (state is null || (claimed.State != DeployState.Started && state != claimed.State))
            return DeployParseResult.Ignore($"the webhook says {claimed.Said ?? claimed.State.ToString()}, Railway's API says {DeployJson.Quote(status)} for {claimed.DeploymentId}: not believed");

        var commit = DeployJson.FirstText(node.TryGetProperty("meta", out var meta) ? meta : null, options.VersionMetaKeys) ?? claimed.Commit;
        return DeployParseResult.Of(claimed with { State = state.Value, Commit = commit });
    }
}
