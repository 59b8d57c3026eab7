using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Prometheus;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Prometheus;

/// <summary>
/// A real Prometheus scraping a Kestrel target every second. Each scrape of the target counts as one
/// more batch of traffic, so rates are exact fractions whatever the scrape timing:
/// <list type="bullet">
/// <item><c>shop</c>: 80 × 200 and 20 × 500 per batch (error rate 20%), latencies 50 ≤ 0.1 s, 40 ≤ 0.25 s, 10 ≤ 0.5 s (p95 0.375 s);</item>
/// <item><c>calm</c>: 50 × 200 and no 5xx series at all;</item>
/// <item><c>down</c>: 30 × 503 and no other series.</item>
/// </list>
/// Ready once Prometheus has two scrapes of it, which <c>rate()</c> needs.
/// </summary>
public sealed class ScrapedPrometheus : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private TestPeer? _target;
    private PrometheusServer? _server;
    private long _batches;

    public Uri BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("Prometheus is not installed here.");

    public string LogTail => _server?.LogTail ?? "";

    public async Task InitializeAsync()
    {
        // Skipped on a machine without Prometheus (see PrometheusFact); the tests never touch BaseUrl then.
        if (!PrometheusFactAttribute.ShouldRun) return;

        _target = await TestPeer.StartAsync(app => app.MapGet("/metrics", () =>
            Results.Text(Exposition(), "text/plain; version=0.0.4", Encoding.UTF8)));
        _server = await PrometheusServer.StartAsync($"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: ["{_target.BaseAddress.Authority}"]
            """);

        using var http = new HttpClient();
        var client = new PrometheusClient(http, new PrometheusOptions { BaseUrl = _server.BaseUrl }, TimeProvider.System);
        await _server.WaitUntilAsync(async () =>
        {
            var r = await client.QueryAsync("""sum(rate(http_request_duration_seconds_count{service="shop"}[5m]))""", null, CancellationToken.None);
            return r.Succeeded && r.Series.Count == 1 && r.Series[0].Samples[0].Value > 0;
        }, TimeSpan.FromSeconds(10), "two scrapes of the target");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_target is not null) await _target.DisposeAsync();
    }

    /// <summary>Prometheus text format 0.0.4; every call is one more batch.</summary>
    private string Exposition()
    {
        long n;
        lock (_gate) n = ++_batches;
        string V(long perBatch) => (perBatch * n).ToString(CultureInfo.InvariantCulture);
        return $$"""
            # TYPE http_requests_total counter
            http_requests_total{service="shop",code="200"} {{V(80)}}
            http_requests_total{service="shop",code="500"} {{V(20)}}
            http_requests_total{service="calm",code="200"} {{V(50)}}
            http_requests_total{service="down",code="503"} {{V(30)}}
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{service="shop",le="0.1"} {{V(50)}}
            http_request_duration_seconds_bucket{service="shop",le="0.25"} {{V(90)}}
            http_request_duration_seconds_bucket{service="shop",le="0.5"} {{V(100)}}
            http_request_duration_seconds_bucket{service="shop",le="1"} {{V(100)}}
            http_request_duration_seconds_bucket{service="shop",le="+Inf"} {{V(100)}}
            http_request_duration_seconds_sum{service="shop"} {{V(15)}}
            http_request_duration_seconds_count{service="shop"} {{V(100)}}

            """;
    }
}
