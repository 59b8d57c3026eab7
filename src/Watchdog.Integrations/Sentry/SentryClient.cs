using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// GETs Sentry API URLs with the bearer token (§1.1), one at a time, each under its own deadline and body
/// cap, and keeps one rate-limit gate per endpoint. Never throws for a failed call; only cancellation propagates.
/// </summary>
internal sealed class SentryClient
{
    public const string EventsStats = "events-stats";
    public const string Sessions = "sessions";

    /// <summary>Longest <c>detail</c> quoted in a reason.</summary>
    private const int MaxDetailChars = 200;

    private readonly HttpClient _http;
    private readonly SentryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Endpoint> _endpoints;

    public SentryClient(HttpClient http, SentryOptions options, TimeProvider time, ILogger logger)
    {
        (_http, _options, _time, _logger) = (http, options, time, logger);
        _endpoints = new()
        {
            [EventsStats] = new Endpoint(new SentryRateGate(options.MaxBackoff)),
            [Sessions] = new Endpoint(new SentryRateGate(options.MaxBackoff)),
        };
    }

    public async Task<SentryAnswer> GetAsync(string endpoint, Uri url, CancellationToken ct)
    {
        var state = _endpoints[endpoint];
        if (state.Gate.IsClosed(_time.GetUtcNow(), out var until, out var why))
        {
            Log.CallSkipped(_logger, _options.Name, endpoint, until);
            return SentryAnswer.Failed($"rate limited until {Clock(until)} ({why}), not called");
        }

        var answer = await SendAsync(state, endpoint, url, ct);
        Report(state, endpoint, url, answer.Failure);
        return answer;
    }

    private async Task<SentryAnswer> SendAsync(Endpoint state, string endpoint, Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // TimedExchange hands back status and body only; the rate-limit headers are taken on the way past.
        SentryRateLimit limit = default;
        var x = await TimedExchange.SendAsync(_http, request, _options.Timeout, _options.MaxBodyBytes, r =>
        {
            limit = SentryRateLimit.Read(r, _time.GetUtcNow());
            return true;
        }, _time, ct);

        if (!x.Answered) return SentryAnswer.Failed(x.Failure ?? "no answer");

        var code = (int)x.Status!.Value;
        var reason = x.IsSuccessStatus ? $"HTTP {code}"
            : Detail(x.Body, url) is { } detail ? $"HTTP {code}: {detail}"
            : $"HTTP {code}";

        if (state.Gate.Observe(limit, _time.GetUtcNow(), reason) is { } pause)
        {
            if (pause.Capped) Log.WaitCapped(_logger, _options.Name, endpoint, pause.Asked, pause.Granted);
            Log.RateLimited(_logger, _options.Name, endpoint, pause.Until, pause.Why);
            if (!x.IsSuccessStatus) reason += $"; rate limited until {Clock(pause.Until)}";
        }

        if (!x.IsSuccessStatus) return SentryAnswer.Failed(reason);
        if (x.Truncated) return SentryAnswer.Failed($"HTTP {code} with an answer larger than {_options.MaxBodyBytes} bytes, not read");

        try
        {
            using var json = JsonDocument.Parse(x.Body);
            return SentryAnswer.Of(json.RootElement.Clone());
        }
        catch (JsonException)
        {
            return SentryAnswer.Failed($"HTTP {code} with an answer that is not JSON");
        }
    }

    /// <summary>
    /// Sentry's <c>{"detail": "…"}</c> (§1.1), one line, bounded, with the token masked should a peer echo it.
    /// Some endpoints nest it as <c>{"detail": {"message": "…"}}</c>. Null for any other body: it is not quoted.
    /// </summary>
    private string? Detail(byte[] body, Uri url)
    {
        if (body.Length == 0) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("detail", out var detail)) return null;
            var text = detail.ValueKind switch
            {
                JsonValueKind.String => detail.GetString(),
                JsonValueKind.Object when detail.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text) ? null : PeerAnswer.Excerpt(text, truncated: false, MaxDetailChars, url, _options.Token);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Logs a failure when it starts or changes, quietly while it lasts, and the recovery.</summary>
    private void Report(Endpoint state, string endpoint, Uri url, string? failure)
    {
        string? before;
        lock (state)
        {
            before = state.LastFailure;
            state.LastFailure = failure;
        }

        var shown = SafeUrl.Display(url);
        if (failure is null)
        {
            if (before is not null) Log.CallRecovered(_logger, _options.Name, endpoint, shown);
        }
        else if (failure == before)
        {
            Log.CallStillFailing(_logger, _options.Name, endpoint, shown, failure);
        }
        else
        {
            Log.CallFailed(_logger, _options.Name, endpoint, shown, failure);
        }
    }

    internal static string Clock(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Endpoint(SentryRateGate gate)
    {
        public SentryRateGate Gate { get; } = gate;

        public string? LastFailure { get; set; }
    }
}
