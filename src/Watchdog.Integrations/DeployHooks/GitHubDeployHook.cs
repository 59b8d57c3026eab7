using System.Security.Cryptography;
using System.Text.Json;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.DeployHooks;

/// <summary>
/// GitHub's <c>deployment_status</c> webhook (API-NOTES §8): <c>X-Hub-Signature-256</c>, the deployment and its new status,
/// mapped to a service by repository and environment. Pure: the endpoint does the I/O.
/// </summary>
/// <remarks>
/// <c>X-GitHub-Delivery</c> is not signed (and a manual redelivery repeats it), so replays are refused on
/// <c>deployment_status.id</c>, which the signature covers: one status is one event, however often it is delivered.
/// </remarks>
public static class GitHubDeployHook
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string EventHeader = "X-GitHub-Event";
    public const string Platform = "github";
    private const string Prefix = "sha256=";

    /// <summary>The header's value for a body: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> rawBody) => Prefix + HookSignature.Sign(HashAlgorithmName.SHA256, secret, rawBody);

    public static bool Verify(string secret, string? signatureHeader, ReadOnlySpan<byte> rawBody) =>
        signatureHeader?.Trim() is { } header && header.StartsWith(Prefix, StringComparison.Ordinal)
        && HookSignature.Verify(HashAlgorithmName.SHA256, secret, header[Prefix.Length..], rawBody);

    /// <summary>The key a service is looked up by: <c>owner/repo@environment</c>.</summary>
    public static string Identity(string repository, string environment) => $"{repository}@{environment}";

    /// <param name="eventHeader"><c>X-GitHub-Event</c>: only <c>deployment_status</c> is read; <c>ping</c> and the rest are ignored unread.</param>
    /// <param name="serviceFor">The watched service of <see cref="Identity"/>; null when none.</param>
    public static DeployParseResult Parse(string? eventHeader, ReadOnlySpan<byte> body, Func<string, string?> serviceFor)
    {
        ArgumentNullException.ThrowIfNull(serviceFor);
        var name = eventHeader?.Trim();
        if (string.IsNullOrEmpty(name)) return DeployParseResult.Reject($"the {EventHeader} header is missing");
        if (name != "deployment_status") return DeployParseResult.Ignore($"event {DeployJson.Quote(name)} is not deployment_status; nothing to do");
        return DeployParseResult.Read(body, root => Read(root, serviceFor));
    }

    private static DeployParseResult Read(JsonElement root, Func<string, string?> serviceFor)
    {
        const string At = "deployment_status";
        var action = PayloadJson.String(root, "", "action");
        var status = PayloadJson.Object(root, "", At);
        var deployment = PayloadJson.Object(root, "", "deployment");
        var repository = PayloadJson.Object(root, "", "repository");
        var statusId = DeployJson.Id(status, At, "id");
        var stateText = PayloadJson.String(status, At, "state");
        var at = PayloadJson.Optional(status, "updated_at") is not null ? DeployJson.Time(status, At, "updated_at") : DeployJson.Time(status, At, "created_at");
        var deploymentId = DeployJson.Id(deployment, "deployment", "id");
        var sha = PayloadJson.OptionalString(deployment, "deployment", "sha");
        var repo = PayloadJson.String(repository, "repository", "full_name");
        var environment = PayloadJson.OptionalString(status, At, "environment") ?? PayloadJson.String(deployment, "deployment", "environment");
        if (action != "created") return DeployParseResult.Ignore($"action {DeployJson.Quote(action)} is not created");

        // The webhook schema lists pending, success, failure, error; the REST schema adds queued, in_progress, inactive.
        DeployState state;
        switch (DeployJson.Lower(stateText))
        {
            case "queued" or "pending" or "in_progress":
                state = DeployState.Started;
                break;
            case "success":
                state = DeployState.Live;
                break;
            case "failure" or "error":
                state = DeployState.Failed;
                break;
            case "inactive":
                return DeployParseResult.Ignore($"deployment {deploymentId} is inactive: a newer one replaced it");
            default:
                return DeployParseResult.Ignore($"state {DeployJson.Quote(stateText)} is none GitHub documents");
        }

        var identity = Identity(repo, environment);
        if (serviceFor(identity) is not { } service)
            return DeployParseResult.Ignore($"no watched service for {DeployJson.Quote(identity)}: map it in Hooks:GitHub:Deployments");
        return DeployParseResult.Of(new DeployEvent(service, Platform, "status:" + statusId, deploymentId, state, sha is null ? null : DeployJson.Short(sha), at)
        {
            Said = AlertText.Bounded(stateText, AlertText.MaxQuotedChars),
        });
    }
}
