using System.Security.Cryptography;
using System.Text.Json;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.DeployHooks;

/// <summary>
/// Vercel's deployment webhooks (API-NOTES §8): <c>x-vercel-signature</c>, the envelope <c>{type, id, createdAt, payload}</c>,
/// and which events say a production deployment started, went live or failed. Pure: the endpoint does the I/O.
/// </summary>
/// <remarks>
/// <c>deployment.promoted</c> is the go-live: it fires when a production deployment starts serving, after an automatic
/// promotion or a promote, and carries no <c>target</c> (promotion implies production). <c>succeeded</c> and <c>ready</c>
/// only say a build finished, so they are ignored. No timestamp header is signed: replays are refused on the envelope
/// <c>id</c> and the body's <c>createdAt</c>, both inside the signature.
/// </remarks>
public static class VercelDeployHook
{
    public const string SignatureHeader = "x-vercel-signature";
    public const string Platform = "vercel";

    /// <summary>Keys of <c>payload.deployment.meta</c> that hold the git commit, tried in order (Vercel's Git integrations).</summary>
    private static readonly string[] CommitKeys = ["githubCommitSha", "gitlabCommitSha", "bitbucketCommitSha"];

    /// <summary>The header's value for a body: lowercase hex HMAC-SHA1 of the raw body, keyed with the webhook's secret.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> rawBody) => HookSignature.Sign(HashAlgorithmName.SHA1, secret, rawBody);

    public static bool Verify(string secret, string? signatureHeader, ReadOnlySpan<byte> rawBody) =>
        HookSignature.Verify(HashAlgorithmName.SHA1, secret, signatureHeader?.Trim(), rawBody);

    /// <param name="serviceFor">The watched service of a Vercel project, asked with its id and then its name; null when none.</param>
    public static DeployParseResult Parse(ReadOnlySpan<byte> body, Func<string, string?> serviceFor)
    {
        ArgumentNullException.ThrowIfNull(serviceFor);
        return DeployParseResult.Read(body, root => Read(root, serviceFor));
    }

    private static DeployParseResult Read(JsonElement root, Func<string, string?> serviceFor)
    {
        var type = PayloadJson.String(root, "", "type");
        var id = DeployJson.Id(root, "", "id");
        var at = DeployJson.EpochMilliseconds(root, "", "createdAt");
        var payload = PayloadJson.Object(root, "", "payload");

        DeployState state;
        switch (type)
        {
            case "deployment.created":
                state = DeployState.Started;
                break;
            case "deployment.promoted":
                state = DeployState.Live;
                break;
            case "deployment.error" or "deployment.canceled":
                state = DeployState.Failed;
                break;
            case "deployment.succeeded" or "deployment.ready":
                return DeployParseResult.Ignore($"{type} says the build finished; Vercel says a production deployment is live with deployment.promoted");
            case "deployment.rollback":
                return DeployParseResult.Ignore("deployment.rollback is a rollback request, sent before traffic moves; the live check follows what it restores");
            default:
                return DeployParseResult.Ignore($"event {DeployJson.Quote(type)} is not a deployment event Watchdog follows");
        }

        var deployment = PayloadJson.Object(payload, "payload", "deployment");
        var deploymentId = DeployJson.Id(deployment, "payload.deployment", "id");
        var project = PayloadJson.Object(payload, "payload", "project");
        var projectId = DeployJson.Id(project, "payload.project", "id");
        var name = PayloadJson.OptionalString(deployment, "payload.deployment", "name");

        // promoted has no target: promotion implies production. The others fire for previews too.
        if (state != DeployState.Live && PayloadJson.OptionalString(payload, "payload", "target") is var target && target != "production")
            return DeployParseResult.Ignore($"{type} of {deploymentId} targets {(target is null ? "a preview" : DeployJson.Quote(target))}, not production");

        var service = serviceFor(projectId) ?? (name is null ? null : serviceFor(name));
        if (service is null)
            return DeployParseResult.Ignore($"no watched service for Vercel project {DeployJson.Quote(projectId)}{(name is null ? "" : $" ({DeployJson.Quote(name)})")}");

        var commit = DeployJson.FirstText(PayloadJson.OptionalObject(deployment, "payload.deployment", "meta"), CommitKeys);
        return DeployParseResult.Of(new DeployEvent(service, Platform, id, deploymentId, state, commit is null ? null : DeployJson.Short(commit), at) { Said = type });
    }
}
