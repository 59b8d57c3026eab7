using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.DeployHooks;

namespace Watchdog.Integrations.FlagHooks;

/// <summary>
/// Unleash's webhook integration with no body template: the body is the Unleash event itself (<c>id</c>, <c>type</c>,
/// <c>featureName</c>, <c>project</c>, <c>environment</c>, <c>createdAt</c>). Unleash signs nothing; the integration's
/// <c>Authorization</c> parameter is sent as that header, and it is the hook's secret. Pure: the endpoint does the I/O.
/// </summary>
/// <remarks>The event's <c>id</c> increases with every event, so replays are refused on it and its time.</remarks>
public static class UnleashFlagHook
{
    public const string Source = "unleash";

    /// <summary>True when the <c>Authorization</c> header is the configured token (constant time).</summary>
    public static bool VerifyAuthorization(string token, string? header)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (header is null) return false;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(header.Trim())));
    }

    /// <param name="servicesFor">The watched services whose Unleash flags are this project and environment.</param>
    public static FlagParseResult Parse(ReadOnlySpan<byte> body, Func<string, string, IReadOnlyList<string>> servicesFor)
    {
        ArgumentNullException.ThrowIfNull(servicesFor);
        return FlagParseResult.Read(body, root => Read(root, servicesFor));
    }

    private static FlagParseResult Read(JsonElement root, Func<string, string, IReadOnlyList<string>> servicesFor)
    {
        var id = DeployJson.Id(root, "", "id");
        var type = PayloadJson.String(root, "", "type");
        var at = DeployJson.Time(root, "", "createdAt");
        bool? on = type switch
        {
            "feature-environment-enabled" => true,
            "feature-environment-disabled" => false,
            _ => null,
        };
        if (on is null && type is not ("feature-strategy-add" or "feature-strategy-update" or "feature-strategy-remove" or "feature-variants-updated"))
            return FlagParseResult.Ignore($"event {DeployJson.Quote(type)} changes no flag's state in an environment");

        var flag = PayloadJson.String(root, "", "featureName");
        var project = PayloadJson.OptionalString(root, "", "project") ?? "default";
        var environment = PayloadJson.String(root, "", "environment");
        var services = servicesFor(project, environment);
        return FlagParseResult.Of(
            [.. services.Select(s => new FlagEvent(s, Source, id, DeployJson.Short(flag), on, DeployJson.Short(type), at))],
            $"no watched service has Unleash flags in {DeployJson.Quote($"{project}/{environment}")}");
    }
}
