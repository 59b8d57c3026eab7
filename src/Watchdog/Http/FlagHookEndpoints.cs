using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Hosting;
using Watchdog.Integrations.FlagHooks;

namespace Watchdog.Http;

/// <summary>
/// Flag changes pushed by the flag services (README "Feature-flag services"): LaunchDarkly signs the body
/// (<c>X-LD-Signature</c>), Unleash sends the <c>Authorization</c> its webhook integration was given. These endpoints only
/// verify, parse and hand over: each service's watch keeps the change as a suspect for its next incident. A bad signature
/// or token is 401 and a malformed body 400, neither storing anything; a replay, a stale change or one for no watched
/// service is 200 with the reason, so the sender stops.
/// </summary>
public static partial class FlagHookEndpoints
{
    public static IEndpointRouteBuilder MapFlagHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/launchdarkly", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.FlagHooks.LaunchDarkly is not { } hook) return ApiResults.Error("the LaunchDarkly hook is off: set Watchdog:Hooks:LaunchDarkly:Secret", StatusCodes.Status401Unauthorized);
            if (await RequestBody.ReadAsync(request, HookEndpoints.MaxBodyBytes, ct) is not { } body) return HookEndpoints.TooLarge();
            if (!LaunchDarklyFlagHook.Verify(hook.Secret, request.Headers[LaunchDarklyFlagHook.SignatureHeader], body))
                return ApiResults.Error($"missing or wrong {LaunchDarklyFlagHook.SignatureHeader}", StatusCodes.Status401Unauthorized);
            var parsed = LaunchDarklyFlagHook.Parse(body, (project, env) => FlagTargets.LaunchDarkly(settings, project, env));
            return await HandOverAsync(LaunchDarklyFlagHook.Source, parsed, hook.MaxAge, runtime, HookEndpoints.Logger(logs), ct);
        });

        app.MapPost("/hooks/unleash", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.FlagHooks.Unleash is not { } hook) return ApiResults.Error("the Unleash hook is off: set Watchdog:Hooks:Unleash:Token", StatusCodes.Status401Unauthorized);
            if (!UnleashFlagHook.VerifyAuthorization(hook.Token, request.Headers.Authorization)) return ApiResults.Error("missing or wrong Authorization", StatusCodes.Status401Unauthorized);
            if (await RequestBody.ReadAsync(request, HookEndpoints.MaxBodyBytes, ct) is not { } body) return HookEndpoints.TooLarge();
            var parsed = UnleashFlagHook.Parse(body, (project, env) => FlagTargets.Unleash(settings, project, env));
            return await HandOverAsync(UnleashFlagHook.Source, parsed, hook.MaxAge, runtime, HookEndpoints.Logger(logs), ct);
        });
        return app;
    }

    private static async Task<IResult> HandOverAsync(string hook, FlagParseResult parsed, TimeSpan maxAge, WatchdogRuntime runtime, ILogger logger, CancellationToken ct)
    {
        if (parsed.Rejection is { } rejection)
        {
            LogRejected(logger, hook, rejection);
            return ApiResults.Error(rejection, StatusCodes.Status400BadRequest);
        }

        var taken = new List<string>();
        var refused = new List<FlagHookRefusal>();
        foreach (var e in parsed.Changes)
        {
            var outcome = runtime.Find(e.Service) is { } watch ? await watch.TakeFlagChangeAsync(e, maxAge, ct) : new DeployTaken(DeployOutcome.Refused, $"service '{e.Service}' is not watched");
            if (outcome.Outcome == DeployOutcome.Refused)
            {
                LogRefused(logger, hook, e.Service, e.Flag, outcome.Reason!);
                refused.Add(new FlagHookRefusal(e.Service, e.Flag, outcome.Reason!));
                continue;
            }

            LogTaken(logger, hook, e.Service, e.Flag, e.Said);
            taken.Add($"{e.Service}:{e.Flag}");
        }

        if (parsed.Ignored is { } ignored) LogIgnored(logger, hook, ignored);
        return ApiResults.Json(new FlagHookAnswer(taken, refused, parsed.Ignored));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} flag hook: payload refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} flag hook: ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} flag hook: refused {Service} flag {Flag}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string hook, string service, string flag, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} flag hook: {Service} flag {Flag} changed ({Said}): a suspect for its next incident")]
    private static partial void LogTaken(ILogger logger, string hook, string service, string flag, string said);
}

/// <summary>A flag hook's answer: the changes taken (<c>service:flag</c>), those refused (still 200), and why nothing was taken.</summary>
public sealed record FlagHookAnswer(
    IReadOnlyList<string> Taken,
    IReadOnlyList<FlagHookRefusal> Refused,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ignored);

public sealed record FlagHookRefusal(string Service, string Flag, string Reason);

