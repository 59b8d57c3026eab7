using System.Text.Json;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Flags;

/// <summary>
/// One request to a flag service's API with a deadline on the injected clock, and its answer in words safe to journal:
/// the service's own <c>message</c> (or the body's start) on one line, bounded, the token and URL masked. Throws only
/// when the caller cancels.
/// </summary>
internal static class FlagCall
{
    private const int MaxAnswerBytes = 16 * 1024;
    private const int MaxSaidChars = 300;

    /// <summary>Where the services put their words: LaunchDarkly's <c>code</c> and <c>message</c>, Unleash's <c>name</c> and <c>message</c>.</summary>
    private static readonly string[] SaidKeys = ["code", "name", "message"];

    /// <param name="service">How the reason names the service (<c>LaunchDarkly</c>).</param>
    /// <param name="secret">The token: masked should the service quote it back.</param>
    /// <param name="judge">Turns a 2xx or a documented refusal into the outcome; null for "refused with status".</param>
    public static async Task<FlagOutcome> SendAsync(HttpClient http, HttpRequestMessage request, string service, string flag, string? secret,
        TimeSpan timeout, TimeProvider time, Func<int, string, FlagOutcome?> judge, CancellationToken ct)
    {
        var url = request.RequestUri!;
        var answer = await TimedExchange.SendAsync(http, request, timeout, MaxAnswerBytes, _ => true, time, ct);
        if (answer.Status is not { } status)
            return FlagOutcome.Refused($"{service} at {url.Host} could not be reached ({answer.Failure}); flag {flag} not turned off");

        var code = (int)status;
        var said = Said(answer, url, secret);
        if (judge(code, said) is { } judged) return judged;
        var why = code == 429 ? "throttled" : "refused";
        return FlagOutcome.Refused($"{service} {why} turning off flag {flag}: HTTP {code} ({status}){(said.Length > 0 ? ": " + said : "")}");
    }

    /// <summary>The service's <c>code</c> and <c>message</c> when its body is a JSON error, else the body's start; masked.</summary>
    private static string Said(TimedExchange answer, Uri url, string? secret)
    {
        var text = System.Text.Encoding.UTF8.GetString(answer.Body);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var parts = SaidKeys
                    .Select(k => json.RootElement.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                    .Where(v => !string.IsNullOrWhiteSpace(v));
                var joined = string.Join(": ", parts);
                if (joined.Length > 0) return PeerAnswer.Excerpt(joined, false, MaxSaidChars, url, secret);
            }
        }
        catch (JsonException)
        {
        }

        return PeerAnswer.Excerpt(text, answer.Truncated, MaxSaidChars, url, secret);
    }
}
