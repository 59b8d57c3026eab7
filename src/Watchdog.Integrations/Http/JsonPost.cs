using System.Net;
using System.Text;
using Polly.CircuitBreaker;

namespace Watchdog.Integrations.Http;

/// <summary>
/// What a peer answered one JSON POST: a status and the body's start, or, when no answer came, why in our
/// own words (an exception's message may quote the URL, and for webhooks the URL is the secret).
/// </summary>
internal readonly record struct PostAnswer(HttpStatusCode? Status, string Body, bool Truncated, string? Failure, HttpRequestError Error)
{
    public bool IsSuccessStatus => Status is { } s && (int)s is >= 200 and <= 299;
}

/// <summary>The notifiers' send/answer step: POST a JSON body, read at most a cap of the answer, describe a missing answer safely.</summary>
internal static class JsonPost
{
    /// <param name="retryable">
    /// True when the receiver deduplicates what it is sent twice (PagerDuty's <c>dedup_key</c>), so the
    /// <see cref="ResilienceHandler"/> may retry a 5xx as it would a GET; false keeps its POST rules.
    /// </param>
    /// <exception cref="OperationCanceledException">Only when <paramref name="ct"/> is cancelled.</exception>
    public static async Task<PostAnswer> SendAsync(HttpClient http, Uri url, string json, int maxAnswerBytes, bool retryable, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (retryable) request.Options.Set(ResilienceHandler.Retryable, true);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var (body, truncated) = await BoundedContent.ReadAsStringAsync(response, maxAnswerBytes, ct);
            return new(response.StatusCode, body, truncated, null, HttpRequestError.Unknown);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // The resilience handler's attempt timeout or HttpClient.Timeout; the handler's message names the URL's path.
            return new(null, "", false, "no answer in time", HttpRequestError.Unknown);
        }
        catch (HttpRequestException e) when (e.InnerException is BrokenCircuitException)
        {
            return new(null, "", false, "circuit open after repeated failures", e.HttpRequestError);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var error = e switch
            {
                HttpRequestException h => h.HttpRequestError,
                HttpIOException io => io.HttpRequestError,
                _ => HttpRequestError.Unknown,
            };
            return new(null, "", false, TimedExchange.Describe(e), error);
        }
    }
}
