using System.Security.Cryptography;
using System.Text.Json;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.DeployHooks;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.FlagHooks;

/// <summary>
/// LaunchDarkly's webhooks: the body is a change-history (audit log) entry, signed with <c>X-LD-Signature</c>, the hex
/// HMAC-SHA256 of the body keyed with the webhook's secret. Each access of the entry names the flag it changed as a
/// resource <c>proj/{project}:env/{environment}:flag/{flag}</c> with an action; <c>updateOn</c> toggles it, and the
/// entry's <c>currentVersion</c> says to which state. Pure: the endpoint does the I/O.
/// </summary>
/// <remarks>
/// LaunchDarkly may deliver out of order and retries once; the entry's <c>_id</c> and <c>date</c> are inside the
/// signature, so replays are refused on them.
/// </remarks>
public static class LaunchDarklyFlagHook
{
    public const string SignatureHeader = "X-LD-Signature";
    public const string Source = "launchdarkly";

    public static string Sign(string secret, ReadOnlySpan<byte> rawBody) => HookSignature.Sign(HashAlgorithmName.SHA256, secret, rawBody);

    public static bool Verify(string secret, string? signatureHeader, ReadOnlySpan<byte> rawBody) =>
        HookSignature.Verify(HashAlgorithmName.SHA256, secret, signatureHeader?.Trim(), rawBody);

    /// <param name="servicesFor">The watched services whose LaunchDarkly flags are this project and environment.</param>
    public static FlagParseResult Parse(ReadOnlySpan<byte> body, Func<string, string, IReadOnlyList<string>> servicesFor)
    {
        ArgumentNullException.ThrowIfNull(servicesFor);
        return FlagParseResult.Read(body, root => Read(root, servicesFor));
    }

    private static FlagParseResult Read(JsonElement root, Func<string, string, IReadOnlyList<string>> servicesFor)
    {
        var id = DeployJson.Id(root, "", "_id");
        var at = DeployJson.EpochMilliseconds(root, "", "date");
        var kind = PayloadJson.OptionalString(root, "", "kind");
        if (kind is not null && kind != "flag") return FlagParseResult.Ignore($"the entry is about a {DeployJson.Quote(kind)}, not a flag");
        var accesses = PayloadJson.Array(root, "", "accesses");
        var changes = new List<FlagEvent>();
        var unwatched = new List<string>();
        var i = 0;
        foreach (var access in accesses.EnumerateArray())
        {
            var path = $"accesses[{i++}]";
            PayloadJson.Expect(access, JsonValueKind.Object, path);
            var action = PayloadJson.String(access, path, "action");
            var resource = PayloadJson.String(access, path, "resource");
            if (FlagResource(resource) is not { } r) continue; // the project or environment itself, a segment: not a flag
            var services = servicesFor(r.Project, r.Environment);
            if (services.Count == 0)
            {
                unwatched.Add($"{r.Project}/{r.Environment}");
                continue;
            }

            bool? on = action == "updateOn" ? IsOn(root, r.Environment) : null;
            changes.AddRange(services.Select(s => new FlagEvent(s, Source, id, DeployJson.Short(r.Flag), on, DeployJson.Short(action), at)));
        }

        return FlagParseResult.Of(changes, unwatched.Count > 0
            ? $"no watched service has LaunchDarkly flags in {string.Join(", ", unwatched.Distinct().Select(DeployJson.Quote))}"
            : "the entry changed no flag in an environment");
    }

    /// <summary><c>proj/shop:env/production:flag/new-checkout</c> → its parts; null for any other resource.</summary>
    private static (string Project, string Environment, string Flag)? FlagResource(string resource) =>
        resource.Split(':') is [var p, var e, var f] && p.StartsWith("proj/", StringComparison.Ordinal) && e.StartsWith("env/", StringComparison.Ordinal)
            && f.StartsWith("flag/", StringComparison.Ordinal) && p.Length > 5 && e.Length > 4 && f.Length > 5
            ? (p[5..], e[4..], f[5..])
            : null;

    /// <summary>The flag's state in the environment after the change (<c>currentVersion.environments.{env}.on</c>); null when the entry does not say.</summary>
    private static bool? IsOn(JsonElement root, string environment) =>
        PayloadJson.Optional(root, "currentVersion") is { ValueKind: JsonValueKind.Object } current
        && PayloadJson.Optional(current, "environments") is { ValueKind: JsonValueKind.Object } envs
        && PayloadJson.Optional(envs, environment) is { ValueKind: JsonValueKind.Object } env
        && PayloadJson.Optional(env, "on") is { ValueKind: JsonValueKind.True or JsonValueKind.False } on
            ? on.ValueKind == JsonValueKind.True
            : null;
}
