using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Hosting;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Http;

/// <summary>
/// Alerts pushed by systems that already judged them: Alertmanager's v4 webhook and Sentry's
/// alert webhooks. A bad token or signature is 401 and a malformed body 400, and neither stores
/// anything. Anything else is 200 — alerts for services Watchdog does not watch included — so the
/// sender does not retry what Watchdog has read.
/// </summary>
public static partial class HookEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The one log category every hook writes under.</summary>
    internal static ILogger Logger(ILoggerFactory logs) => logs.CreateLogger("Watchdog.Hooks");

    /// <summary>A body past <see cref="MaxBodyBytes"/>: refused unread, whichever hook it was sent to.</summary>
    internal static IResult TooLarge() => ApiResults.Error($"body larger than {MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);

    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/alertmanager", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.Alertmanager is not { } hook)
                return ApiResults.Error("the Alertmanager hook is off: set Watchdog:Hooks:Alertmanager:Token", StatusCodes.Status401Unauthorized);
            if (!AlertmanagerWebhook.VerifyBearer(hook.Token, request.Headers.Authorization))
                return ApiResults.Error("missing or wrong bearer token", StatusCodes.Status401Unauthorized);
            if (await RequestBody.ReadAsync(request, MaxBodyBytes, ct) is not { } body)
                return TooLarge();
            // No age limit: Alertmanager resends a firing alert with its first startsAt on every repeat_interval.
            return await RaiseAsync("alertmanager", AlertmanagerWebhook.Parse(body, hook.Mapping), new Pushed(null), runtime, Logger(logs), ct);
        });

        app.MapPost("/hooks/sentry", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (settings.SentryHook is not { } hook)
                return ApiResults.Error("the Sentry hook is off: set Watchdog:Hooks:Sentry:ClientSecret", StatusCodes.Status401Unauthorized);
            if (await RequestBody.ReadAsync(request, MaxBodyBytes, ct) is not { } body)
                return TooLarge();
            if (!SentryWebhook.Verify(hook.ClientSecret, request.Headers["Sentry-Hook-Signature"], body))
                return ApiResults.Error("missing or wrong Sentry-Hook-Signature", StatusCodes.Status401Unauthorized);
            return await RaiseAsync("sentry", SentryWebhook.Parse(request.Headers["Sentry-Hook-Resource"], body, hook.Mapping), new Pushed(hook.MaxAge), runtime, Logger(logs), ct);
        });
        return app;
    }

    private static async Task<IResult> RaiseAsync(string hook, AlertParseResult parsed, Pushed pushed, WatchdogRuntime runtime, ILogger logger, CancellationToken ct)
    {
        if (parsed.Rejection is { } rejection)
        {
            LogRejected(logger, hook, rejection);
            return ApiResults.BadRequest(rejection);
        }

        var raised = new List<string>();
        var refused = new List<KeyReason>();
        var ignored = parsed.Ignored.Select(i => new KeyReason(i.Key, i.Reason)).ToList();
        foreach (var alert in parsed.Alerts)
        {
            if (runtime.Find(alert.Service) is not { } watch)
            {
                ignored.Add(new KeyReason(alert.Key, $"service '{alert.Service}' is not watched"));
                continue;
            }

            var taken = await watch.RaiseAsync(alert, ct, pushed); // kept until a drill of the service ends
            if (taken.Outcome == RaiseOutcome.Refused)
            {
                // Still 200: a replay resent would be refused again, and a sender retrying it gains nothing.
                refused.Add(new KeyReason(alert.Key, taken.Reason!));
                LogRefused(logger, hook, alert.Service, alert.Key, taken.Reason!);
                continue;
            }

            raised.Add($"{alert.Service}:{alert.Key}:{alert.Status.ToString().ToLowerInvariant()}");
            LogRaised(logger, hook, alert.Service, alert.Status, alert.Meaning, alert.Summary);
        }

        foreach (var i in ignored) LogIgnored(logger, hook, i.Key, i.Reason);
        return ApiResults.Json(new HookAnswer(raised, refused, ignored, parsed.TruncatedAlerts));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} hook: payload refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string hook, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} hook: {Service} alert {Status} ({Meaning}): {Summary}")]
    private static partial void LogRaised(ILogger logger, string hook, string service, AlertStatus status, Core.Rules.Meaning meaning, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Hook} hook: refused {Service} alert {Key}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string hook, string service, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hook} hook: ignored {Key}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string hook, string? key, string reason);
}
