using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// The three calls <c>rollout undo</c> needs (API-NOTES §4.1): get the Deployment, list ReplicaSets by
/// label selector across pages, JSON-patch the Deployment; and, for evidence, the core API's pod list and
/// container logs (plain text). Every failure becomes a
/// <see cref="PeerRefusedException"/> in our words plus the server's <c>Status</c> message.
/// </summary>
internal sealed class KubernetesApi(HttpClient http, Uri apiUrl, BearerToken token, int maxResponseBytes)
{
    /// <summary>Longest part of a server's error message kept in an exception or outcome.</summary>
    public const int MaxMessageChars = 400;

    public const string JsonPatch = "application/json-patch+json";

    public static string DeploymentPath(string ns, string name) =>
        $"apis/apps/v1/namespaces/{Uri.EscapeDataString(ns)}/deployments/{Uri.EscapeDataString(name)}";

    public static string ReplicaSetsPath(string ns) => $"apis/apps/v1/namespaces/{Uri.EscapeDataString(ns)}/replicasets";

    public static string PodsPath(string ns) => $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods";

    public static string PodLogPath(string ns, string pod) => $"{PodsPath(ns)}/{Uri.EscapeDataString(pod)}/log";

    public Task<JsonObject> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>
    /// Sends a JSON patch. Left to the host's resilience handler, which never repeats a PATCH after a 5xx
    /// or a timeout (the server may have applied it); only a 429 or a 503 with Retry-After, which say
    /// the request was not processed, are sent again.
    /// </summary>
    public Task<JsonObject> PatchAsync(string path, JsonArray patch, CancellationToken ct) => SendAsync(HttpMethod.Patch, path, patch, ct);

    /// <summary>Every item of a list, following <c>metadata.continue</c> with the same selector until the server sends none.</summary>
    public async Task<List<JsonObject>> ListAsync(string path, string labelSelector, int pageSize, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? next = null;
        do
        {
            var query = $"?labelSelector={Uri.EscapeDataString(labelSelector)}&limit={pageSize}"
                + (next is null ? "" : $"&continue={Uri.EscapeDataString(next)}");
            var page = await SendAsync(HttpMethod.Get, path + query, null, ct);
            if (page["items"] is not JsonArray array)
                throw new PeerRefusedException("Kubernetes", $"Kubernetes API GET /{path}: the answer has no items list.");
            items.AddRange(array.OfType<JsonObject>());
            next = page["metadata"]?["continue"] is JsonValue v && v.TryGetValue<string>(out var c) && c.Length > 0 ? c : null;
        }
        while (next is not null);

        return items;
    }

    /// <summary>
    /// A plain-text answer (a container's log), at most <paramref name="maxBytes"/> of it: <c>Truncated</c> says
    /// the body went on. Errors are <c>Status</c> objects as for every other call.
    /// </summary>
    public async Task<(string Text, bool Truncated)> GetTextAsync(string pathAndQuery, int maxBytes, CancellationToken ct)
    {
        var (text, truncated, _) = await ExchangeAsync(HttpMethod.Get, pathAndQuery, null, "text/plain", maxBytes, ct);
        return (text, truncated);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string pathAndQuery, JsonArray? patch, CancellationToken ct)
    {
        var what = Describe(method, pathAndQuery);
        var (text, truncated, status) = await ExchangeAsync(method, pathAndQuery, patch, "application/json", maxResponseBytes, ct);
        if (truncated)
            throw new PeerRefusedException("Kubernetes", $"{what}: the answer is larger than {maxResponseBytes} bytes (MaxResponseBytes).", status, null);

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new PeerRefusedException("Kubernetes", $"{what}: the answer is not a JSON object.", status, null);
        }
        catch (JsonException e)
        {
            // Position only: the parser's message may quote the body.
            throw new PeerRefusedException("Kubernetes", $"{what}: the answer is not valid JSON (cut off or malformed at line {e.LineNumber + 1}, byte {e.BytePositionInLine}).", status, null, e);
        }
    }

    private static string Describe(HttpMethod method, string pathAndQuery) => $"Kubernetes API {method} /{pathAndQuery.Split('?')[0]}";

    /// <summary>One request; a successful answer's body, bounded. Anything else is a <see cref="PeerRefusedException"/>.</summary>
    private async Task<(string Text, bool Truncated, HttpStatusCode Status)> ExchangeAsync(
        HttpMethod method, string pathAndQuery, JsonArray? patch, string accept, int maxBytes, CancellationToken ct)
    {
        var what = Describe(method, pathAndQuery);
        using var request = new HttpRequestMessage(method, new Uri(apiUrl, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Current());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        // Errors come as Status objects whatever the body of a success would be.
        if (accept != "application/json") request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (patch is not null)
        {
            // Exactly the media type of §4.1 step 6; JSON is UTF-8 by definition, so no charset parameter.
            request.Content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonPatch);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PeerRefusedException("Kubernetes", $"{what}: timed out.", null, innerException: e);
        }
        catch (HttpRequestException e)
        {
            // Rewritten in our words: a handler's message could quote more than we want shown.
            throw new PeerRefusedException("Kubernetes", $"{what}: {TimedExchange.Describe(e)}.", null, null, e);
        }

        using (response)
        {
            (string Text, bool Truncated) body;
            try
            {
                body = await BoundedContent.ReadAsStringAsync(response, maxBytes, ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                throw new PeerRefusedException("Kubernetes", $"{what}: the answer broke off ({TimedExchange.Describe(e)}).", response.StatusCode, null, e);
            }

            if (!response.IsSuccessStatusCode)
                throw Refused(what, response, body.Text, body.Truncated);
            return (body.Text, body.Truncated, response.StatusCode);
        }
    }

    /// <summary>
    /// An error answer as the API server sends it, a <c>Status</c> object with <c>reason</c> and
    /// <c>message</c>; anything else (a proxy's HTML page) is quoted, bounded, instead.
    /// </summary>
    private PeerRefusedException Refused(string what, HttpResponseMessage response, string text, bool truncated)
    {
        string? reason = null, message = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } status && status["kind"]?.GetValueKind() == JsonValueKind.String
                && (string?)status["kind"] == "Status")
            {
                reason = status["reason"]?.GetValueKind() == JsonValueKind.String ? (string?)status["reason"] : null;
                message = status["message"]?.GetValueKind() == JsonValueKind.String ? (string?)status["message"] : null;
            }
        }
        catch (JsonException)
        {
            // Not a Status: quoted as text below.
        }

        var shown = PeerAnswer.Excerpt(message ?? text, truncated && message is null, MaxMessageChars, apiUrl, token.Known);
        var code = (int)response.StatusCode;
        return new PeerRefusedException(
            "Kubernetes",
            $"{what}: HTTP {code} {reason ?? response.ReasonPhrase ?? response.StatusCode.ToString()}{(shown.Length > 0 ? ": " + shown : "")}",
            response.StatusCode,
            reason);
    }
}
