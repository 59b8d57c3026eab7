using System.Text.Json;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Flags;

/// <summary>
/// One bounded read of a flag service's API (a page of its flags): a deadline on the injected clock, a body limit, the
/// answer parsed as JSON; a refusal or an unreadable answer is a reason safe to log (token and URL masked), never an
/// exception. Only the caller's cancellation escapes.
/// </summary>
internal static class FlagRead
{
    /// <summary>Largest page read: a page of a hundred flags' summaries is far smaller; past it the read fails rather than guess.</summary>
    public const int MaxPageBytes = 8 * 1024 * 1024;

    public static async Task<PeerResult<JsonDocument>> GetAsync(HttpClient http, HttpRequestMessage request, string service, string? secret,
        TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var url = request.RequestUri!;
        var answer = await TimedExchange.SendAsync(http, request, timeout, MaxPageBytes, r => r.IsSuccessStatusCode, time, ct);
        string? failure = answer switch
        {
            { Status: null } => $"{service} at {url.Host} could not be reached ({answer.Failure})",
            { IsSuccessStatus: false } => $"{service} refused reading the flags: HTTP {(int)answer.Status!} ({answer.Status})",
            { Truncated: true } => $"{service}'s flags are over {MaxPageBytes} bytes a page; not read",
            _ => null,
        };
        if (failure is null)
        {
            try
            {
                return PeerResult.Of(JsonDocument.Parse(answer.Body));
            }
            catch (JsonException)
            {
                failure = $"{service} answered the flags with something that is not JSON";
            }
        }

        failure = PeerAnswer.Excerpt(failure, false, 300, url, secret);
        Log.ReadFailed(logger, service, failure);
        return PeerResult.Failed<JsonDocument>(failure);
    }

    /// <summary>The failure as the port's result type, logged by <see cref="GetAsync"/> already.</summary>
    public static PeerResult<IReadOnlyList<FlagState>> Failed(string reason, ILogger logger, string service, bool log = false)
    {
        if (log) Log.ReadFailed(logger, service, reason);
        return PeerResult.Failed<IReadOnlyList<FlagState>>(reason);
    }
}
