using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Teams;

/// <summary>
/// Posts notifications as Adaptive Cards (<see cref="TeamsCard"/>) to a Teams webhook. Any 2xx is taken
/// (the legacy connector answers 200 <c>1</c>, Workflows 202), except a 200 whose text relays an error from
/// Teams: the connector reports throttling that way. Anything else throws <see cref="PeerRefusedException"/>.
/// </summary>
public sealed class TeamsNotifier : INotifier
{
    /// <summary>Teams answers a few bytes; more than this is not read.</summary>
    private const int MaxAnswerBytes = 4096;

    private const int MaxExcerptChars = 200;

    /// <summary>How the legacy connector relays the error it got from Teams inside an HTTP 200 (API-NOTES.md §6.2).</summary>
    private const string RelayedError = "Microsoft Teams endpoint returned HTTP error";

    private readonly HttpClient _http;
    private readonly TeamsOptions _options;
    private readonly Uri _url;
    private readonly string[] _urlSecrets;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="TeamsOptionsValidator"/>).</exception>
    public TeamsNotifier(HttpClient http, TeamsOptions options, ILogger<TeamsNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = ValidOptions.Require(options, TeamsOptionsValidator.Problems, "Teams");
        _url = options.WebhookUrl!;
        _urlSecrets = SafeUrl.Secrets(_url);
        _logger = logger ?? NullLogger<TeamsNotifier>.Instance;
    }

    public string Name => _options.Name;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var host = _url.Host;
        var kind = notification.Kind.ToString();
        var card = TeamsCard.Build(notification);
        if (card.LinesLeftOut > 0 || card.FactsLeftOut > 0)
            Log.Cut(_logger, notification.IncidentId, TeamsCard.MaxBytes, card.LinesLeftOut, card.FactsLeftOut);

        // Not marked retryable: Teams does not deduplicate, so a POST that reached it is never sent twice.
        var answer = await JsonPost.SendAsync(_http, _url, card.Payload.ToJsonString(), MaxAnswerBytes, retryable: false, cancellationToken);
        if (answer.Status is not { } status)
        {
            Log.Unreachable(_logger, Name, host, answer.Failure!);
            throw new PeerRefusedException("Teams", $"Teams webhook {Name} at {host} could not be reached ({answer.Failure}).", null, error: answer.Error);
        }

        var code = (int)status;
        var relayed = answer.Body.Contains(RelayedError, StringComparison.OrdinalIgnoreCase);
        if (answer.IsSuccessStatus && !relayed)
        {
            Log.Sent(_logger, Name, host, kind, notification.IncidentId, code);
            return;
        }

        var excerpt = PeerAnswer.Excerpt(answer.Body, answer.Truncated, MaxExcerptChars, _url, _urlSecrets)
            is { Length: > 0 } e ? e : "empty body";
        var throttled = status == HttpStatusCode.TooManyRequests || (relayed && answer.Body.Contains(RelayedError + " 429", StringComparison.OrdinalIgnoreCase));
        if (throttled)
        {
            Log.Throttled(_logger, Name, host, kind, notification.IncidentId, code, excerpt);
            throw new PeerRefusedException(
                "Teams",
                $"Teams webhook {Name} at {host} throttled the message: HTTP {code} ({status}), {excerpt}. Teams takes at most 4 messages a second and 60 in 30 seconds.",
                status, excerpt, throttled: true);
        }

        Log.Refused(_logger, Name, host, kind, notification.IncidentId, code, excerpt);
        throw new PeerRefusedException("Teams", $"Teams webhook {Name} at {host} refused the message: HTTP {code} ({status}), {excerpt}.", status, excerpt, throttled: false);
    }
}
