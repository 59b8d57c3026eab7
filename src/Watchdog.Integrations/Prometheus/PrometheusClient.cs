using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Prometheus's HTTP API, instant and range queries. Requests are <c>POST</c> with a form body, which the
/// API accepts like <c>GET</c>: a long query cannot hit a URL length limit, and PromQL stays out of
/// proxies' access logs. Never throws for a failed query: the answer carries a <see cref="PrometheusFailure"/>.
/// Only cancellation of the caller's token propagates.
/// </summary>
public sealed class PrometheusClient
{
    private readonly HttpClient _http;
    private readonly PrometheusOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _query;
    private readonly Uri _queryRange;
    private readonly string?[] _secrets;

    /// <param name="http">A client without retries: a failed query is a measurement, and the next tick asks again.</param>
    public PrometheusClient(HttpClient http, PrometheusOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
        var baseUrl = options.BaseUrl is { IsAbsoluteUri: true } u ? u : throw new ArgumentException("Prometheus BaseUrl must be an absolute URL.", nameof(options));
        // A path prefix (/prometheus) is kept only if it ends in '/': otherwise a relative URI replaces its last segment.
        var root = baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new Uri(baseUrl.GetLeftPart(UriPartial.Path) + "/");
        _query = new Uri(root, "api/v1/query");
        _queryRange = new Uri(root, "api/v1/query_range");
        _secrets = [options.Token, options.Password];
        BaseUrl = root;
    }

    public Uri BaseUrl { get; }

    /// <summary><c>/api/v1/query</c>: <paramref name="promql"/> evaluated at <paramref name="at"/>, or at Prometheus's now when null.</summary>
    public Task<PrometheusResponse> QueryAsync(string promql, DateTimeOffset? at, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>> { new("query", promql) };
        if (at is { } t) form.Add(new("time", Seconds(t)));
        return PostAsync(_query, form, ct);
    }

    /// <summary><c>/api/v1/query_range</c>: a matrix evaluated at <paramref name="start"/>, every <paramref name="step"/>, up to <paramref name="end"/>.</summary>
    public Task<PrometheusResponse> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var form = new List<KeyValuePair<string, string>>
        {
            new("query", promql), new("start", Seconds(start)), new("end", Seconds(end)), new("step", Seconds(step)),
        };
        return PostAsync(_queryRange, form, ct);
    }

    private async Task<PrometheusResponse> PostAsync(Uri url, List<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        // Prometheus stops the evaluation itself at our deadline rather than computing an answer nobody reads.
        form.Add(new("timeout", Seconds(_options.Timeout)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(ResilienceHandler.Retryable, true); // a query changes nothing: safe to retry despite POST
        foreach (var (name, value) in _options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        if (!string.IsNullOrEmpty(_options.Token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        else if (!string.IsNullOrEmpty(_options.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.Username + ":" + _options.Password)));

        var x = await TimedExchange.SendAsync(_http, request, _options.Timeout, _options.MaxBodyBytes, _ => true, _time, ct);
        if (!x.Answered)
            return PrometheusResponse.Failed(PrometheusFailureKind.Transport, x.Failure ?? "no answer");
        var status = (int)x.Status!.Value;
        if (x.Truncated)
            return PrometheusResponse.Failed(PrometheusFailureKind.TooLarge, $"answer larger than {_options.MaxBodyBytes} bytes", status);
        try
        {
            return PrometheusJson.Parse(x.Body, status, Mask);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A shape the parser did not foresee is still a failed measurement, never a crashed tick.
            return PrometheusResponse.Failed(PrometheusFailureKind.Malformed, $"malformed answer ({e.GetType().Name})", status);
        }
    }

    private string Mask(string text, int maxChars) => PeerAnswer.Excerpt(text, false, maxChars, BaseUrl, _secrets);

    /// <summary>Unix seconds, exact to the millisecond, as the API's float-seconds form.</summary>
    internal static string Seconds(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);

    internal static string Seconds(TimeSpan d) => ((decimal)d.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
}
