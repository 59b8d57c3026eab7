using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Railway;

/// <summary>
/// One GraphQL exchange with Railway (API-NOTES.md §2.1): <c>POST {"query","variables"}</c> with the token in
/// the header its kind calls for, the answer read up to a cap, and every way it can fail turned into a
/// <see cref="PeerRefusedException"/> whose message is ours plus Railway's words, masked.
/// </summary>
internal sealed class RailwayGraphQl(HttpClient http, RailwayOptions options, TimeProvider time)
{
    private const int MaxMessageChars = 300;
    private const int MaxErrorsShown = 3;

    /// <summary>
    /// Sends <paramref name="document"/> and returns its <c>data</c>. A <paramref name="read"/> (a query) may be
    /// retried by the host's resilience handler like a GET; a mutation is retried only where Railway said it did
    /// not take it (429) or the connection was never made.
    /// </summary>
    public async Task<JsonElement> SendAsync(string operation, string document, JsonObject variables, bool read, CancellationToken ct)
    {
        var body = new JsonObject { ["query"] = document, ["variables"] = variables };
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        if (read) request.Options.Set(ResilienceHandler.Retryable, true);

        using var deadline = new CancellationTokenSource(options.CallTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var (text, truncated) = await BoundedContent.ReadAsStringAsync(response, options.MaxAnswerBytes, linked.Token);
            return Interpret(operation, response, text, truncated);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // The host's attempt timeout (after its retries) or our own deadline on the whole call.
            throw new PeerRefusedException(
                "Railway",
                $"Railway {operation}: no answer from {Host} in time{(read ? "" : "; Railway may or may not have taken it")}.", null, innerException: e);
        }
        catch (Exception e) when (e is (HttpRequestException and not PeerRefusedException) or IOException)
        {
            throw new PeerRefusedException("Railway", $"Railway {operation}: {Host} could not be asked ({TimedExchange.Describe(e)}).", null, innerException: e);
        }
    }

    private string Host => options.Endpoint.Authority;

    private void Authorize(HttpRequestMessage request)
    {
        // §2.1: account, workspace and OAuth tokens are bearer tokens; project tokens have their own header.
        if (options.TokenKind == RailwayTokenKind.Project)
            request.Headers.TryAddWithoutValidation("Project-Access-Token", options.Token);
        else
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + options.Token);
    }

    private JsonElement Interpret(string operation, HttpResponseMessage response, string text, bool truncated)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.TooManyRequests)
            throw RateLimited(operation, response, text);

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException e) when (!response.IsSuccessStatusCode)
        {
            // A proxy's HTML page, say: the status is the news.
            var shown = Excerpt(text, 120) is { Length: > 0 } x ? ": " + x : "";
            throw new PeerRefusedException("Railway", $"Railway {operation}: HTTP {(int)status} ({status}){shown}", status, innerException: e);
        }
        catch (JsonException e)
        {
            var cut = truncated ? $" (cut at {options.MaxAnswerBytes} bytes: lower PageSize or raise MaxAnswerBytes)" : "";
            var shown = Excerpt(text, 120) is { Length: > 0 } x ? ": " + x : "";
            throw new PeerRefusedException("Railway", $"Railway {operation}: HTTP {(int)status} with a body that is not the API's JSON{cut}{shown}", status, innerException: e);
        }

        using (json)
        {
            var root = json.RootElement;
            var errors = Errors(root);
            if (errors.Count > 0)
                throw Refused(operation, status, errors);

            if (!response.IsSuccessStatusCode)
            {
                var shown = Excerpt(text, MaxMessageChars) is { Length: > 0 } x ? ": " + x : "";
                throw new PeerRefusedException("Railway", $"Railway {operation}: HTTP {(int)status} ({status}){shown}", status);
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                throw new PeerRefusedException("Railway", $"Railway {operation}: the answer holds no data and no errors.", status);
            return data.Clone();
        }
    }

    /// <summary>§2.1: the standard GraphQL shape, <c>{"errors":[{"message":…}]}</c>, also with HTTP 200.</summary>
    private List<string> Errors(JsonElement root)
    {
        var messages = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            return messages;
        foreach (var error in errors.EnumerateArray())
        {
            var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
            messages.Add(Excerpt(message is { Length: > 0 } ? message : "(an error without a message)", MaxMessageChars));
        }

        return messages;
    }

    private PeerRefusedException Refused(string operation, HttpStatusCode status, List<string> errors)
    {
        var said = string.Join("; ", errors.Take(MaxErrorsShown)) + (errors.Count > MaxErrorsShown ? $" (and {errors.Count - MaxErrorsShown} more)" : "");
        var http = status == HttpStatusCode.OK ? "" : $"HTTP {(int)status}: ";

        // §2.1: the CLI treats any message containing "Not Authorized" as an auth failure, and
        // "Project Token not found" as a bad Project-Access-Token.
        var notAuthorized = errors.Any(e => e.Contains("Not Authorized", StringComparison.OrdinalIgnoreCase));
        var projectTokenUnknown = errors.Any(e => e.Contains("Project Token not found", StringComparison.OrdinalIgnoreCase));
        if (notAuthorized || projectTokenUnknown)
        {
            var sentAs = options.TokenKind == RailwayTokenKind.Project ? "Project-Access-Token" : "Authorization: Bearer";
            var hint = $"Railway refused the token, sent as {sentAs} for TokenKind {options.TokenKind}. Check Token and TokenKind "
                + "(account and workspace tokens go as Authorization: Bearer, project tokens as Project-Access-Token) "
                + "and that the token may reach this project, environment and service.";
            return new PeerRefusedException("Railway", $"Railway {operation}: {http}{said}. {hint}", status, "Not Authorized", errors: errors);
        }

        return new PeerRefusedException("Railway", $"Railway {operation}: {http}{said}", status, errors: errors);
    }

    /// <summary>§2.1: 429 once the quota is spent, with <c>Retry-After</c> (integer seconds) and the <c>X-RateLimit-*</c> headers.</summary>
    private PeerRefusedException RateLimited(string operation, HttpResponseMessage response, string text)
    {
        var said = new StringBuilder($"Railway {operation}: rate limited (HTTP 429)");
        if (RetryAfter.TryGet(response, time.GetUtcNow(), out var wait))
            said.Append(CultureInfo.InvariantCulture, $"; Railway asks to retry after {Math.Ceiling(wait.TotalSeconds)} s");
        if (Header(response, "X-RateLimit-Remaining") is { } remaining && Header(response, "X-RateLimit-Limit") is { } limit)
            said.Append(CultureInfo.InvariantCulture, $"; {remaining} of {limit} requests left");

        List<string> errors = [];
        try
        {
            using var json = JsonDocument.Parse(text);
            errors = Errors(json.RootElement);
        }
        catch (JsonException)
        {
            // The status and headers already say what happened.
        }

        if (errors.Count > 0) said.Append(": ").Append(errors[0]);
        return new PeerRefusedException("Railway", said.ToString(), HttpStatusCode.TooManyRequests, errors: errors, throttled: true);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 and <= 40 } value ? value : null;

    private string Excerpt(string text, int maxChars) => PeerAnswer.Excerpt(text, truncated: false, maxChars, options.Endpoint, options.Token);
}
