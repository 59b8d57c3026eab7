using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Vercel;

/// <summary>
/// What Vercel answered one call: a status and a bounded body, read into the documented shapes here.
/// A class, not a record: a record's generated ToString would print the token it masks with.
/// </summary>
internal sealed class VercelAnswer(string what, HttpMethod method, Uri url, HttpStatusCode status, byte[] body, bool truncated, TimeSpan? retryAfter, int maxBodyBytes, string token)
{
    private const int MaxMessageChars = 300;

    public HttpStatusCode Status => status;

    public bool IsSuccess => (int)status is >= 200 and <= 299;

    /// <summary>"GET /v6/deployments": the path only, since the query is ours and carries nothing worth showing.</summary>
    public string Call => $"{method} {SafeUrl.Path(url)}";

    /// <summary>The documented JSON of a 2xx answer; anything else throws <see cref="PeerRefusedException"/> with a clear message.</summary>
    /// <param name="hint">Added to an error's message: what to check when this call is refused.</param>
    public T Read<T>(JsonTypeInfo<T> type, string hint = "")
    {
        if (!IsSuccess) throw Error(hint);
        if (truncated)
            throw new PeerRefusedException("Vercel", $"Vercel {what} ({Call}): the answer is larger than {maxBodyBytes} bytes and was not read.", Status, null);
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw new PeerRefusedException(
                "Vercel",
                $"Vercel {what} ({Call}): HTTP {(int)Status} with a body that is not the documented JSON ({Mask(e.Message)}).", Status, null, e);
        }
    }

    /// <summary>An error answer as an exception naming the status, Vercel's code and message.</summary>
    public PeerRefusedException Error(string hint = "")
    {
        var (code, _) = Envelope();
        var check = Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
            ? " (is the token valid, and does it reach this team and project?)"
            : Status == HttpStatusCode.NotFound ? hint : "";
        return new PeerRefusedException("Vercel", $"Vercel {what} ({Call}): {Describe()}{check}", Status, code);
    }

    /// <summary>"HTTP 409 conflict: &lt;Vercel's message&gt;", with how long to wait on a 429, bounded and masked.</summary>
    public string Describe()
    {
        var (code, message) = Envelope();
        var text = new StringBuilder($"HTTP {(int)Status}");
        if (code is not null) text.Append(' ').Append(Mask(code));
        if (message.Length > 0) text.Append(": ").Append(message);
        if (Status == HttpStatusCode.TooManyRequests && retryAfter is { } wait)
            text.Append("; Vercel asks to wait ").Append(SignalFormat.Duration(wait));
        return text.ToString();
    }

    /// <summary>Vercel's <c>error.code</c> and <c>error.message</c> (§3); without the envelope, an excerpt of the body as the message.</summary>
    private (string? Code, string Message) Envelope()
    {
        WireError? error = null;
        try
        {
            if (!truncated && body.Length > 0)
            {
                var envelope = JsonSerializer.Deserialize(body, VercelJsonContext.Default.WireErrorBody);
                error = envelope?.Error ?? envelope?.Err;
            }
        }
        catch (JsonException)
        {
            // Not the envelope (a proxy's HTML page, say): the excerpt below shows what it was.
        }

        if (error is not null)
            return (error.Code, Mask(error.Message ?? ""));
        return (null, PeerAnswer.Excerpt(Encoding.UTF8.GetString(body), truncated, MaxMessageChars, url, token));
    }

    private string Mask(string text) => PeerAnswer.Excerpt(text, truncated: false, MaxMessageChars, url, token);
}
