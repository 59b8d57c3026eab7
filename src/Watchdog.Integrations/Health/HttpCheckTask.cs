using System.Globalization;
using System.Text;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>
/// One HTTP call as a runbook step: a smoke test of a critical flow or a stabilization endpoint.
/// Its detail says what happened ("POST /api/auth/login → 200 in 45 ms") and never carries the body,
/// headers or query string. Never throws for a failed check; only cancellation propagates.
/// </summary>
public sealed class HttpCheckTask : IRunbookTask
{
    private readonly HttpClient _http;
    private readonly HttpCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="http">A client without retries: a smoke test reports what one user would have seen.</param>
    public HttpCheckTask(HttpClient http, HttpCheckOptions options, TimeProvider time, ILogger<HttpCheckTask> logger)
    {
        if (options.Url is not { IsAbsoluteUri: true }) throw new ArgumentException("HttpCheck Url must be an absolute URL.", nameof(options));
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Name => _options.Name;

    public async Task<StepOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var outcome = await RunCoreAsync(cancellationToken);
        Log.CheckFinished(_logger, Name, outcome.Ok, outcome.Detail);
        return outcome;
    }

    private async Task<StepOutcome> RunCoreAsync(CancellationToken ct)
    {
        var method = _options.Method.Trim().ToUpperInvariant();
        var label = $"{method} {SafeUrl.Path(_options.Url)}";
        using var request = new HttpRequestMessage(new HttpMethod(method), _options.Url);
        if (_options.Body is not null)
            request.Content = new StringContent(_options.Body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name); // a configured Content-Type replaces the default
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var wantBody = _options.ExpectBodyContains is { Length: > 0 };
        var x = await TimedExchange.SendAsync(_http, request, _options.Timeout, _options.MaxBodyBytes,
            r => wantBody && (int)r.StatusCode == _options.ExpectStatus, _time, ct);

        if (!x.Answered)
            return StepOutcome.Failure($"{label}: no answer, {x.Failure}");

        var code = (int)x.Status!.Value;
        var measured = $"{label} → {code} in {Milliseconds(x.Elapsed)}";
        if (code != _options.ExpectStatus)
            return StepOutcome.Failure($"{measured}, expected {_options.ExpectStatus}");

        if (wantBody && !Encoding.UTF8.GetString(x.Body).Contains(_options.ExpectBodyContains!, StringComparison.Ordinal))
        {
            var where = x.Truncated ? $"the first {_options.MaxBodyBytes / 1024} KiB of the body" : "the body";
            return StepOutcome.Failure($"{measured}, but {where} does not contain \"{TopLevelField.Printable(_options.ExpectBodyContains!)}\"");
        }

        return StepOutcome.Success(measured);
    }

    private static string Milliseconds(TimeSpan t) => ((long)Math.Round(t.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms";
}
