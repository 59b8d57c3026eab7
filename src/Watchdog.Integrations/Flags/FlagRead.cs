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

    private static async Task<PeerResult<JsonDocument>> GetAsync(HttpClient http, HttpRequestMessage request, string service, string? secret,
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

    /// <summary>
    /// Reads one page of flags: <c>GET <paramref name="url"/></c> with the token as the <c>Authorization</c> header itself
    /// (and LaunchDarkly's <c>LD-API-Version</c> when given), each item of the answer's <paramref name="list"/> array handed
    /// to <paramref name="take"/>. The result is how many items the page held and the answer's <c>totalCount</c>, if any.
    /// </summary>
    public static async Task<PeerResult<(int Items, int? Total)>> PageAsync(HttpClient http, Uri url, string? token, string? apiVersion, string list,
        string service, TimeSpan timeout, TimeProvider time, ILogger logger, Action<JsonElement> take, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", token);
        if (apiVersion is not null) request.Headers.Add("LD-API-Version", apiVersion);
        var read = await GetAsync(http, request, service, token, timeout, time, logger, ct);
        if (!read.Ok) return PeerResult.Failed<(int, int?)>(read.Error!);
        using var json = read.Value!;
        if (!json.RootElement.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            var why = $"{service} answered no {list} list";
            Log.ReadFailed(logger, service, why);
            return PeerResult.Failed<(int, int?)>(why);
        }

        foreach (var item in items.EnumerateArray()) take(item);
        var total = json.RootElement.TryGetProperty("totalCount", out var t) && t.TryGetInt32(out var n) ? n : (int?)null;
        return PeerResult.Of((items.GetArrayLength(), total));
    }

    /// <summary>A read that failed short of a request (a file, a page limit), logged as a refused one is.</summary>
    public static PeerResult<IReadOnlyList<FlagState>> Failed(string reason, ILogger logger, string service)
    {
        Log.ReadFailed(logger, service, reason);
        return PeerResult.Failed<IReadOnlyList<FlagState>>(reason);
    }
}
