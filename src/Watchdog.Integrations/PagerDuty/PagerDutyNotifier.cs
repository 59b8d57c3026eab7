using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.PagerDuty;

/// <summary>
/// Sends notifications to PagerDuty's Events API v2 as one alert per incident (<see cref="PagerDutyEvent"/>).
/// Succeeds on a 2xx whose JSON says <c>"status":"success"</c> (PagerDuty answers 202); otherwise throws
/// <see cref="PeerRefusedException"/> with PagerDuty's message and errors.
/// </summary>
public sealed class PagerDutyNotifier : INotifier
{
    private const int MaxAnswerBytes = 8192;
    private const int MaxMessageChars = 300;
    private const int MaxErrors = 10;
    private const int MaxErrorChars = 200;

    private readonly HttpClient _http;
    private readonly PagerDutyOptions _options;
    private readonly Uri _enqueue;
    private readonly string _routingKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="PagerDutyOptionsValidator"/>).</exception>
    public PagerDutyNotifier(HttpClient http, PagerDutyOptions options, TimeProvider time, ILogger<PagerDutyNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _options = ValidOptions.Require(options, PagerDutyOptionsValidator.Problems, "PagerDuty");
        _enqueue = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v2/enqueue");
        _routingKey = options.RoutingKey!;
        _time = time;
        _logger = logger ?? NullLogger<PagerDutyNotifier>.Instance;
    }

    public string Name => _options.Name;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var host = _enqueue.Host;
        var kind = notification.Kind.ToString();
        var ev = PagerDutyEvent.Build(notification, _routingKey, _time.GetUtcNow());
        if (ev.LinesLeftOut > 0) Log.Cut(_logger, ev.DedupKey, PagerDutyEvent.MaxBytes, ev.LinesLeftOut);

        // Retryable even though it is a POST: PagerDuty folds events with one dedup_key into one alert, so an event
        // sent twice pages once, and API-NOTES.md §6.3 asks for 429 and 5xx to be retried.
        var answer = await JsonPost.SendAsync(_http, _enqueue, ev.Body.ToJsonString(), MaxAnswerBytes, retryable: true, cancellationToken);
        if (answer.Status is not { } status)
        {
            Log.Unreachable(_logger, Name, host, answer.Failure!);
            throw new PeerRefusedException("PagerDuty", $"PagerDuty {Name} at {host} could not be reached ({answer.Failure}).", null, error: answer.Error);
        }

        var code = (int)status;
        var reply = Reply.Parse(answer.Body);
        if (answer.IsSuccessStatus && reply?.Status == "success")
        {
            Log.Sent(_logger, Name, host, ev.Action, ev.DedupKey, kind, code);
            return;
        }

        var said = reply is null
            ? PeerAnswer.Excerpt(answer.Body, answer.Truncated, MaxMessageChars, _enqueue, _routingKey)
            : PeerAnswer.Excerpt(reply.Message ?? reply.Status ?? "", false, MaxMessageChars, _enqueue, _routingKey);
        if (said.Length == 0) said = "empty body";
        IReadOnlyList<string> errors = reply is null ? [] : [.. reply.Errors.Take(MaxErrors).Select(e => PeerAnswer.Excerpt(e, false, MaxErrorChars, _enqueue, _routingKey))];
        var detail = errors.Count > 0 ? $"{said} ({string.Join("; ", errors)})" : said;

        Log.Refused(_logger, Name, host, ev.Action, ev.DedupKey, kind, code, detail);
        var what = status switch
        {
            HttpStatusCode.TooManyRequests => "throttled",
            _ when answer.IsSuccessStatus => "did not confirm",
            _ => "refused",
        };
        throw new PeerRefusedException("PagerDuty", $"PagerDuty {Name} at {host} {what} the {ev.Action} event {ev.DedupKey}: HTTP {code} ({status}), {detail.TrimEnd('.')}.", status, said, errors: errors);
    }

    /// <summary>PagerDuty's answer: <c>{"status","message","dedup_key"}</c>, with <c>errors</c> on a 400.</summary>
    private sealed record Reply(string? Status, string? Message, IReadOnlyList<string> Errors)
    {
        /// <summary>Null when the body is not a JSON object (a proxy's page, a cut answer).</summary>
        public static Reply? Parse(string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return null;
                var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
                    : [];
                return new Reply(Text(root, "status"), Text(root, "message"), errors);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
