using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>One probe's result and, in words, what decided it ("HTTP 500", "status \"degraded\"", "connection refused").</summary>
internal readonly record struct ProbeReport(ProbeResult Result, string Detail)
{
    public ProbeOutcome Outcome => Result.Outcome;
}

/// <summary>Performs single GET probes of a health endpoint and classifies them. Shared by the source and the verifier.</summary>
internal sealed class HealthProbe(HttpClient http, HealthOptions options, TimeProvider time)
{
    private readonly HashSet<string> _healthy = new(options.HealthyStatuses.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);

    public Uri Url { get; } = options.Url is { IsAbsoluteUri: true } u ? u : throw new ArgumentException("Health Url must be an absolute URL.", nameof(options));

    /// <summary>Never throws for a failed probe; only cancellation of <paramref name="ct"/> propagates.</summary>
    public async Task<ProbeReport> RunAsync(CancellationToken ct)
    {
        var at = time.GetUtcNow();
        using var request = NewGet(Url);

        var checkBody = !string.IsNullOrEmpty(options.StatusField);
        var x = await TimedExchange.SendAsync(http, request, options.Timeout, options.MaxBodyBytes,
            r => checkBody && r.IsSuccessStatusCode, time, ct);
        var latency = x.Elapsed.TotalSeconds;

        if (x.Unreadable)
            return new(new ProbeResult(at, ProbeOutcome.Unreadable, latency), x.Failure!);
        if (!x.Answered)
            return new(new ProbeResult(at, ProbeOutcome.Unreachable, latency), x.Failure ?? "no answer");

        var code = (int)x.Status!.Value;
        // Redirects are never followed (StrictHttp): a 3xx is judged as itself, like any other non-2xx.
        if (!x.IsSuccessStatus)
            return new(new ProbeResult(at, ProbeOutcome.Unhealthy, latency), code is >= 300 and <= 399 ? $"HTTP {code} (redirect, not followed)" : $"HTTP {code}");

        var status = "";
        var lookup = checkBody ? TopLevelField.Find(x.Body, !x.Truncated, options.StatusField!, out status) : TopLevelField.Lookup.Missing;
        if (lookup == TopLevelField.Lookup.BadEncoding)
            return new(new ProbeResult(at, ProbeOutcome.Unreadable, latency), $"HTTP {code}, but {options.StatusField} is not valid UTF-8");
        if (lookup == TopLevelField.Lookup.Found && !_healthy.Contains(status.Trim()))
            return new(new ProbeResult(at, ProbeOutcome.Unhealthy, latency), $"HTTP {code}, {options.StatusField} \"{TopLevelField.Printable(status)}\"");

        return new(new ProbeResult(at, ProbeOutcome.Healthy, latency), $"HTTP {code}");
    }

    /// <summary>
    /// A GET carrying the configured headers when <paramref name="url"/> shares the health URL's origin (the
    /// version endpoint usually does); to any other origin it goes bare, so a secret header never leaves its host.
    /// </summary>
    public HttpRequestMessage NewGet(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (Uri.Compare(url, Url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0) return request;
        foreach (var (name, value) in options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
