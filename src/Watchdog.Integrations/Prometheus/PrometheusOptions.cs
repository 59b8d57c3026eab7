using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Where Prometheus is and which PromQL instant queries measure a service. Each query is evaluated
/// once per tick; <c>"{service}"</c> in a query becomes the watched service's name as a PromQL string,
/// escaped, so a name cannot change the query. See README.md in this folder for the defaults' reasoning.
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>The default error rate: 5xx over all requests in the last 5 minutes. No 5xx series at all counts as 0.</summary>
    public const string DefaultErrorRate =
        """(sum(rate(http_requests_total{service="{service}",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{service="{service}"}[5m]))""";

    /// <summary>The default availability: requests that were not 5xx over all requests in the last 5 minutes; only 5xx counts as 0.</summary>
    public const string DefaultAvailability =
        """(sum(rate(http_requests_total{service="{service}",code!~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{service="{service}"}[5m]))""";

    /// <summary>The default p95 latency in seconds, from a classic histogram over the last 5 minutes.</summary>
    public const string DefaultLatencyP95 =
        """histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}"}[5m])))""";

    /// <summary>The default sample count: requests in the last 5 minutes, rounded.</summary>
    public const string DefaultSamples =
        """sum(increase(http_requests_total{service="{service}"}[5m]))""";

    /// <summary>Source name in readings and logs; a rule's <c>Source</c> picks it. Default "prometheus".</summary>
    public string Name { get; set; } = "prometheus";

    /// <summary>
    /// Prometheus's address, with any path prefix it is served under (<c>https://mon.example.com/prometheus</c>);
    /// <c>api/v1/query</c> is appended. No query string and no <c>user:pass@</c>: use <see cref="Username"/>.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set. A secret: never logged, masked in reasons.</summary>
    public string? Token { get; set; }

    /// <summary>Basic auth user, with <see cref="Password"/>. Not together with <see cref="Token"/>.</summary>
    public string? Username { get; set; }

    /// <summary>Basic auth password. A secret: never logged, masked in reasons.</summary>
    public string? Password { get; set; }

    /// <summary>Extra request headers (a tenant's <c>X-Scope-OrgID</c>, say). Values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Deadline for one query, answer included; also sent as Prometheus's own <c>timeout</c>. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most of an answer read; a longer one is an error, not a partial result. Default 1 MiB (range queries return many points).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Signal → PromQL. Each must give one number: a scalar or a one-series vector. Configuration adds to
    /// and overrides these defaults; an empty query turns its signal off.
    /// </summary>
    public Dictionary<Signal, string> Queries { get; set; } = new()
    {
        [Signal.ErrorRate] = DefaultErrorRate,
        [Signal.Availability] = DefaultAvailability,
        [Signal.LatencyP95] = DefaultLatencyP95,
    };

    /// <summary>
    /// How many requests stand behind every reading, so a rule's <c>MinSamples</c> can refuse a rate over
    /// a handful. Rounded; no series counts as 0. Empty turns it off: readings then carry 0 samples, so
    /// only rules with <c>MinSamples</c> 0 can judge them. Default <see cref="DefaultSamples"/>.
    /// </summary>
    public string? SamplesQuery { get; set; } = DefaultSamples;
}
