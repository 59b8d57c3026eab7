using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Releases;
using Watchdog.Hosting;
using Watchdog.Integrations.DeployHooks;
using Watchdog.Integrations.Railway;

namespace Watchdog.Http;

/// <summary>
/// Deploy events pushed by the platforms (API-NOTES §8): Vercel and GitHub sign the body, Railway's path carries a
/// secret token and its claim is read back through Railway's API. These endpoints only verify, parse and hand over:
/// the service's watch takes the event. A bad signature or token is 401 and a malformed body 400, neither storing
/// anything; a replay, a stale event or one for no watched service is 200 with the reason, so the sender stops.
/// </summary>
public static partial class DeployHookEndpoints
{
    public static IEndpointRouteBuilder MapDeployHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/vercel", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.DeployHooks.Vercel is not { } hook) return Unauthorized("the Vercel hook is off: set Watchdog:Hooks:Vercel:Secret");
            if (await RequestBody.ReadAsync(request, HookEndpoints.MaxBodyBytes, ct) is not { } body) return HookEndpoints.TooLarge();
            if (!VercelDeployHook.Verify(hook.Secret, request.Headers[VercelDeployHook.SignatureHeader], body))
                return Unauthorized($"missing or wrong {VercelDeployHook.SignatureHeader}");
            var parsed = VercelDeployHook.Parse(body, project => DeployTargets.Vercel(settings, project));
            return await HandOverAsync(VercelDeployHook.Platform, parsed, hook.MaxAge, runtime, HookEndpoints.Logger(logs), ct);
        });

        app.MapPost("/hooks/github", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.DeployHooks.GitHub is not { } hook) return Unauthorized("the GitHub hook is off: set Watchdog:Hooks:GitHub:Secret");
            if (await RequestBody.ReadAsync(request, HookEndpoints.MaxBodyBytes, ct) is not { } body) return HookEndpoints.TooLarge();
            if (!GitHubDeployHook.Verify(hook.Secret, request.Headers[GitHubDeployHook.SignatureHeader], body))
                return Unauthorized($"missing or wrong {GitHubDeployHook.SignatureHeader}");
            var parsed = GitHubDeployHook.Parse(request.Headers[GitHubDeployHook.EventHeader], body, identity => DeployTargets.GitHub(settings, identity));
            return await HandOverAsync(GitHubDeployHook.Platform, parsed, hook.MaxAge, runtime, HookEndpoints.Logger(logs), ct);
        });

        app.MapPost("/hooks/railway/{token}", async (string token, HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime,
            IHttpClientFactory http, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.DeployHooks.Railway is not { } hook) return Unauthorized("the Railway hook is off: set Watchdog:Hooks:Railway:Token");
            if (!RailwayDeployHook.VerifyToken(hook.Token, token)) return Unauthorized("wrong path token");
            if (await RequestBody.ReadAsync(request, HookEndpoints.MaxBodyBytes, ct) is not { } body) return HookEndpoints.TooLarge();
            (string Service, RailwayOptions Options)? target = null;
            var parsed = RailwayDeployHook.Parse(body, identity => (target = DeployTargets.Railway(settings, identity))?.Service);
            // Unsigned: nothing is believed until Railway's API, asked with the service's own provider settings, confirms it.
            if (parsed.Event is { } claimed && target is { } t)
                parsed = await RailwayDeployHook.ConfirmAsync(claimed, t.Options, http.CreateClient(ServiceCollectionExtensions.OutboundClient), time, ct);
            return await HandOverAsync(RailwayDeployHook.Platform, parsed, hook.MaxAge, runtime, HookEndpoints.Logger(logs), ct);
        });
        return app;
    }

    private static async Task<IResult> HandOverAsync(string hook, DeployParseResult parsed, TimeSpan maxAge, WatchdogRuntime runtime, ILogger logger, CancellationToken ct)
    {
        if (parsed.Rejection is { } rejection)
        {
            LogRejected(logger, hook, rejection);
            return ApiResults.BadRequest(rejection);
        }

        if (parsed.Unconfirmed is { } unconfirmed)
        {
            LogUnconfirmed(logger, hook, unconfirmed);
            return ApiResults.Error(unconfirmed, StatusCodes.Status502BadGateway);
        }

        if (parsed.Event is not { } e)
        {
            LogIgnored(logger, hook, parsed.Ignored!);
            return ApiResults.Json(new DeployHookAnswer(false, Ignored: parsed.Ignored));
        }

        if (await runtime.DeployedAsync(e, maxAge, ct) is not { } taken)
        {
            var why = $"service '{e.Service}' is not watched";
            LogIgnored(logger, hook, why);
            return ApiResults.Json(new DeployHookAnswer(false, Ignored: why));
        }

        if (taken.Outcome == DeployOutcome.Refused)
        {
            LogRefused(logger, hook, e.Service, e.DeploymentId, taken.Reason!);
            return ApiResults.Json(new DeployHookAnswer(false, Refused: taken.Reason));
        }

        LogTaken(logger, hook, e.Service, e.DeploymentId, e.State, taken.Outcome == DeployOutcome.Alerted);
        return ApiResults.Json(new DeployHookAnswer(
            true, Service: e.Service, Deployment: e.DeploymentId, State: e.State.ToString().ToLowerInvariant(), Alerted: taken.Outcome == DeployOutcome.Alerted));
    }

    private static IResult Unauthorized(string error) => ApiResults.Error(error, StatusCodes.Status401Unauthorized);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} deploy hook: payload refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} deploy hook: not confirmed: {Reason}")]
    private static partial void LogUnconfirmed(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} deploy hook: ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} deploy hook: refused {Service} deployment {Deployment}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string hook, string service, string deployment, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} deploy hook: {Service} deployment {Deployment} {State} (frozen, people told: {Alerted})")]
    private static partial void LogTaken(ILogger logger, string hook, string service, string deployment, DeployState state, bool alerted);
}
