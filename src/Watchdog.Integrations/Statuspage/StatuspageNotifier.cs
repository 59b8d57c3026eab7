using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Statuspage;

/// <summary>
/// Keeps a public Statuspage page in step with Watchdog's incidents: the first public notification of an
/// incident opens a page incident, later ones move it along <see cref="StatuspageLifecycle"/> and resolve it.
/// Only <see cref="Notification.Public"/> is published; notifications without it, and drills, never reach the page.
/// Which page incident belongs to which Watchdog incident is kept in the <see cref="ILedger"/>, so a restart
/// carries on with the same one. Throws <see cref="PeerRefusedException"/> when Statuspage refuses.
/// </summary>
public sealed class StatuspageNotifier : INotifier, IDisposable
{
    /// <summary>Statuspage allows one request a second per API key (§6.4).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// 420 is retried here: the HTTP client's resilience handler knows only 429 as "throttled". A 429 that
    /// reaches this class has already been retried there (or asked for a longer wait than it allows).
    /// </summary>
    internal const int ThrottleRetries = 2;

    internal static readonly TimeSpan MaxThrottleWait = TimeSpan.FromSeconds(30);

    /// <summary>The limit is over a rolling minute: no throttle answer holds the page back longer than that.</summary>
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstThrottleBackoff = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly StatuspageOptions _options;
    private readonly ILedger _ledger;
    private readonly TimeProvider _time;
    private readonly RequestPacer _pacer;
    private readonly ILogger _logger;
    private readonly string _apiKey;
    private readonly string _scope;
    private readonly Uri _incidents;

    /// <summary>One notification at a time: an incident's updates stay in order, and it is opened once.</summary>
    private readonly SemaphoreSlim _serial = new(1, 1);

    /// <param name="pacer">Shared by every notifier using the same API key (the limit is per key); default: one of this notifier's own.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="StatuspageOptionsValidator"/>).</exception>
    public StatuspageNotifier(HttpClient http, StatuspageOptions options, ILedger ledger, TimeProvider time,
        ILogger<StatuspageNotifier>? logger = null, RequestPacer? pacer = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _options = ValidOptions.Require(options, StatuspageOptionsValidator.Problems, "Statuspage");
        _ledger = ledger;
        _time = time;
        _pacer = pacer ?? new RequestPacer(MinInterval, time);
        _logger = logger ?? NullLogger<StatuspageNotifier>.Instance;
        _apiKey = options.ApiKey!;
        // By page, not by channel name: renaming the channel must not orphan its open incidents.
        _scope = "statuspage:" + options.PageId;
        _incidents = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/pages/" + Uri.EscapeDataString(options.PageId!) + "/incidents");
    }

    public string Name => _options.Name;

    internal static bool IsThrottle(HttpStatusCode status) => (int)status is 420 or 429;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var n = notification;
        if (n.Drill)
        {
            Skip(n, "a drill is not news for the public");
            return;
        }

        if (string.IsNullOrWhiteSpace(n.Public))
        {
            Skip(n, "it has no public text");
            return;
        }

        var status = StatuspageLifecycle.StatusFor(n.Kind);
        var component = _options.Components.GetValueOrDefault(n.Service);
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var link = await ReadLinkAsync(n, cancellationToken);
            if (link is null)
            {
                if (!StatuspageLifecycle.Opens(status))
                {
                    Skip(n, $"no page incident is open to set {status}");
                    return;
                }

                // Always opened as investigating, as seed 1's first status-page update is; a rollback already
                // under way moves it on to identified at once, so the page's history shows both.
                var id = await ExchangeAsync(HttpMethod.Post, _incidents, StatuspageIncident.Create(n, StatuspageLifecycle.Investigating, component, _options), "open an incident", n, cancellationToken);
                link = new PageIncidentLink(id, StatuspageLifecycle.Investigating);
                // The page incident exists now: record it even if the caller gives up, or the next message opens a second one.
                await _ledger.SetAsync(_scope, n.IncidentId, link.Serialize(), CancellationToken.None);
                Log.Opened(_logger, Name, id, link.Status, n.IncidentId);
                if (status == link.Status) return;
            }

            if (link.IsResolved)
            {
                Skip(n, $"page incident {link.Id} is already resolved");
                return;
            }

            var url = new Uri(_incidents.AbsoluteUri + "/" + Uri.EscapeDataString(link.Id));
            await ExchangeAsync(HttpMethod.Patch, url, StatuspageIncident.Update(n, status, component, _options), $"set page incident {link.Id} to {status}", n, cancellationToken);
            await _ledger.SetAsync(_scope, n.IncidentId, (link with { Status = status }).Serialize(), CancellationToken.None);
            Log.Updated(_logger, Name, link.Id, status, n.IncidentId);
        }
        finally
        {
            _serial.Release();
        }
    }

    private async Task<PageIncidentLink?> ReadLinkAsync(Notification n, CancellationToken ct)
    {
        var stored = await _ledger.GetAsync(_scope, n.IncidentId, ct);
        if (stored is null) return null;
        var link = PageIncidentLink.Parse(stored);
        if (link is null) Log.LinkUnreadable(_logger, Name, n.IncidentId);
        return link;
    }

    /// <summary>Sends one request in its turn and returns the incident id of the answer; retries a 420 like the handler retries a 429.</summary>
    private async Task<string> ExchangeAsync(HttpMethod method, Uri url, JsonObject body, string action, Notification n, CancellationToken ct)
    {
        var host = url.Host;
        var json = body.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            await _pacer.WaitTurnAsync(ct);
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", _apiKey);

            var response = await PeerSend.SendAsync(_http, request, "Statuspage", $"Statuspage {Name} at {host}", error => Log.Unreachable(_logger, Name, host, error), ct);
            using (response)
            {
                var (answer, truncated) = await BoundedContent.ReadAsBytesAsync(response, BoundedContent.DefaultMaxBytes, ct);
                var code = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    if (StatuspageAnswer.IncidentId(answer, truncated) is { } id) return id;
                    // A 2xx without an incident is not Statuspage's (a proxy, a captive portal): with no id there is nothing to record.
                    var what = StatuspageAnswer.Message(answer, truncated, url, _apiKey);
                    Log.Refused(_logger, Name, host, action, n.IncidentId, code, "not an incident: " + what);
                    throw new PeerRefusedException(
                        "Statuspage",
                        $"Statuspage {Name} at {host} answered the request to {action} for incident {n.IncidentId} with HTTP {code}, but the answer is not an incident: {what}.",
                        response.StatusCode,
                        what);
                }

                var said = StatuspageAnswer.Message(answer, truncated, url, _apiKey);
                if (IsThrottle(response.StatusCode))
                {
                    var now = _time.GetUtcNow();
                    var wait = RetryAfter.TryGet(response, now, out var asked) ? asked : FirstThrottleBackoff * (1 << attempt);
                    _pacer.HoldUntil(now + (wait < MaxHold ? wait : MaxHold));
                    if (code == 420 && attempt < ThrottleRetries && wait <= MaxThrottleWait)
                    {
                        Log.Throttled(_logger, Name, host, action, code, wait);
                        continue;
                    }
                }

                throw Refused(response.StatusCode, action, n, host, said);
            }
        }
    }

    private PeerRefusedException Refused(HttpStatusCode status, string action, Notification n, string host, string said)
    {
        var code = (int)status;
        var label = IsThrottle(status) ? "throttled" : Enum.IsDefined(status) ? status.ToString() : null;
        Log.Refused(_logger, Name, host, action, n.IncidentId, code, said);
        return new PeerRefusedException(
            "Statuspage",
            $"Statuspage {Name} at {host} refused to {action} for incident {n.IncidentId}: HTTP {code}{(label is null ? "" : $" ({label})")}, {said}.",
            status,
            said,
            throttled: IsThrottle(status));
    }

    private void Skip(Notification n, string why)
    {
        var kind = n.Kind.ToString();
        Log.Skipped(_logger, Name, kind, n.IncidentId, why);
    }

    public void Dispose() => _serial.Dispose();
}
