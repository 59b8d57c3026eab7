using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Slack;

/// <summary>
/// Posts notifications to a Slack incoming webhook. Succeeds only on HTTP 200 with the plain-text body
/// <c>ok</c>; anything else throws <see cref="PeerRefusedException"/> naming the status and Slack's error string.
/// </summary>
public sealed class SlackNotifier : INotifier
{
    /// <summary>Slack answers a few bytes; more than this is not Slack and is not read.</summary>
    private const int MaxAnswerBytes = 4096;

    private const int MaxErrorChars = 200;

    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly Uri _url;
    private readonly string[] _urlSecrets;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="SlackOptionsValidator"/>).</exception>
    public SlackNotifier(HttpClient http, SlackOptions options, ILogger<SlackNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = ValidOptions.Require(options, SlackOptionsValidator.Problems, "Slack");
        _url = options.WebhookUrl!;
        _urlSecrets = SafeUrl.Secrets(_url);
        _logger = logger ?? NullLogger<SlackNotifier>.Instance;
    }

    public string Name => _options.Name;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var host = _url.Host;
        var kind = notification.Kind.ToString();
        var json = SlackMessage.Build(notification, _options).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };

        var response = await PeerSend.SendAsync(_http, request, "Slack", $"Slack webhook at {host}", error => Log.Unreachable(_logger, host, error), cancellationToken);
        using (response)
        {
            var (body, _) = await BoundedContent.ReadAsStringAsync(response, MaxAnswerBytes, cancellationToken);
            var answer = body.Trim();
            if (response.StatusCode == HttpStatusCode.OK && answer == "ok")
            {
                Log.Sent(_logger, host, kind, notification.IncidentId);
                return;
            }

            var error = PeerAnswer.Excerpt(answer, truncated: false, MaxErrorChars, _url, _urlSecrets) is { Length: > 0 } e ? e : "no error string";
            var status = (int)response.StatusCode;
            Log.Refused(_logger, host, kind, notification.IncidentId, status, error);
            throw new PeerRefusedException(
                "Slack",
                $"Slack webhook at {host} refused the message: HTTP {status} ({response.StatusCode}), {error}.",
                response.StatusCode,
                error);
        }
    }
}
