using System.Net.Http.Headers;
using System.Text;
using Polly.CircuitBreaker;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Vercel;

/// <summary>
/// Sends one call to Vercel's REST API as API-NOTES.md §3 describes it: <c>Authorization: Bearer</c>, and
/// <c>teamId</c> on every request when one is configured (as the CLI appends it whenever a team is current).
/// Retries are the client's resilience handler's business: it retries a GET on 5xx and timeouts, and a POST
/// only when Vercel said it did not take it (429, or 503 with <c>Retry-After</c>), so a rollback that reached
/// Vercel is never sent twice. Nothing here marks a request retryable.
/// </summary>
internal sealed class VercelApi(HttpClient http, VercelOptions options, TimeProvider time)
{
    private readonly string _base = options.BaseUrl!.AbsoluteUri.TrimEnd('/');
    private readonly string _token = options.Token!;

    /// <summary>The answer, whatever its status; throws <see cref="PeerRefusedException"/> only when there was none.</summary>
    /// <param name="what">The call in words, for messages: "list deployments".</param>
    /// <param name="path">Starting with '/', segments already escaped.</param>
    /// <param name="json">A JSON body (sent as <c>application/json</c>), or null for none.</param>
    public async Task<VercelAnswer> SendAsync(HttpMethod method, string what, string path, IEnumerable<KeyValuePair<string, string>> query, string? json, CancellationToken ct)
    {
        var url = Url(path, query);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var call = $"{method} {SafeUrl.Path(url)}";
        using var deadline = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var (body, truncated) = await BoundedContent.ReadAsBytesAsync(response, options.MaxBodyBytes, linked.Token);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new VercelAnswer(what, method, url, response.StatusCode, body, truncated, retryAfter, options.MaxBodyBytes, _token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // Our deadline over the whole call, or the resilience handler's per-attempt timeout on the last attempt.
            var why = deadline.IsCancellationRequested
                ? $"no answer within {SignalFormat.Duration(options.Timeout)}"
                : e.InnerException is TimeoutException ? "no answer: every attempt timed out" : "no answer: the request was cancelled";
            throw new PeerRefusedException("Vercel", $"Vercel {what} ({call}): {why}.", null, null, e);
        }
        catch (HttpRequestException e) when (e.InnerException is BrokenCircuitException)
        {
            throw new PeerRefusedException("Vercel", $"Vercel {what} ({call}): not called, the circuit is open after repeated failures.", null, null, e);
        }
        catch (HttpRequestException e)
        {
            // Our own words: the handler chain's message may quote more of the URL than we show.
            throw new PeerRefusedException("Vercel", $"Vercel {what} ({call}): {TimedExchange.Describe(e)}.", null, null, e);
        }
    }

    private Uri Url(string path, IEnumerable<KeyValuePair<string, string>> query)
    {
        var text = new StringBuilder(_base).Append(path);
        var separator = '?';
        var all = options.TeamId is { } team ? query.Append(new("teamId", team)) : query;
        foreach (var (name, value) in all)
        {
            text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(text.ToString());
    }

    /// <summary>A path segment from configuration or from Vercel, escaped so it stays one segment.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
