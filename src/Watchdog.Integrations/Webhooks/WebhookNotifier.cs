using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Webhooks;

/// <summary>
/// Posts notifications as signed JSON to any HTTP receiver; the contract is on <see cref="WebhookOptions"/>.
/// Any 2xx is success; otherwise throws <see cref="PeerRefusedException"/>.
/// </summary>
public sealed class WebhookNotifier : INotifier
{
    private const int MaxAnswerBytes = 4096;
    private const int MaxExcerptChars = 200;

    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly Uri _url;
    private readonly string _secret;
    private readonly string[] _secrets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="WebhookOptionsValidator"/>).</exception>
    public WebhookNotifier(HttpClient http, WebhookOptions options, TimeProvider time, ILogger<WebhookNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _options = ValidOptions.Require(options, WebhookOptionsValidator.Problems, "webhook");
        _url = options.Url!;
        _secret = options.Secret!;
        _secrets = [_secret, .. SafeUrl.Secrets(_url)];
        _time = time;
        _logger = logger ?? NullLogger<WebhookNotifier>.Instance;
    }

    public string Name => _options.Name;

    /// <summary>
    /// <c>&lt;incident&gt;:&lt;kind&gt;</c>, the same for every retry of one message. The kinds an incident sends more than once
    /// (progress updates) add a digest of their text, so a receiver that drops repeats does not drop the next update.
    /// </summary>
    public static string DeliveryKey(Notification notification, string eventName)
    {
        var key = Uri.EscapeDataString(notification.IncidentId) + ":" + eventName;
        if (notification.Kind is not (NotificationKind.Progress or NotificationKind.RollbackProgress)) return key;
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(notification.Title + "\n" + notification.Text));
        return key + ":" + Convert.ToHexStringLower(digest)[..12];
    }

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var host = _url.Host;
        var sentAt = _time.GetUtcNow();
        var timestamp = sentAt.ToUnixTimeSeconds();
        var eventName = WebhookPayload.EventName(notification.Kind);
        var body = WebhookPayload.Serialize(notification, sentAt);
        var deliveryKey = DeliveryKey(notification, eventName);

        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Watchdog-Event", eventName);
        request.Headers.Add("X-Watchdog-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Watchdog-Signature", WebhookSignature.Sign(_secret, timestamp, body));
        request.Headers.Add("X-Watchdog-Delivery", deliveryKey);
        request.Headers.Add("Idempotency-Key", deliveryKey);

        var response = await PeerSend.SendAsync(_http, request, "Webhook", $"Webhook {Name} at {host}", error => Log.Unreachable(_logger, Name, host, error), cancellationToken);
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                Log.Delivered(_logger, Name, host, eventName, notification.IncidentId, status);
                return;
            }

            var (answer, truncated) = await BoundedContent.ReadAsStringAsync(response, MaxAnswerBytes, cancellationToken);
            var excerpt = PeerAnswer.Excerpt(answer, truncated, MaxExcerptChars, _url, _secrets) is { Length: > 0 } e ? e : "empty body";
            Log.Refused(_logger, Name, host, eventName, notification.IncidentId, status, excerpt);
            throw new PeerRefusedException(
                "Webhook",
                $"Webhook {Name} at {host} refused the message: HTTP {status} ({response.StatusCode}), {excerpt}.",
                response.StatusCode,
                excerpt);
        }
    }
}
