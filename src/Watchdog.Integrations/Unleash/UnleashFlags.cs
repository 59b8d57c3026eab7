using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.Unleash;

/// <summary>
/// Turns an Unleash toggle off in one environment through the Admin API's environment <c>off</c> endpoint
/// (API-NOTES.md §10). Unleash answers an empty 200, so no body is read as the feature. A 403 may be a change request
/// the token may not skip (Unleash Enterprise): it is a refusal, and says so.
/// </summary>
public sealed class UnleashFlags : IFlagSwitch
{
    private readonly HttpClient _http;
    private readonly UnleashOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="UnleashOptionsValidator"/>).</exception>
    public UnleashFlags(HttpClient http, UnleashOptions options, TimeProvider time, ILogger<UnleashFlags>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _options = ValidOptions.Require(options, UnleashOptionsValidator.Problems, "Unleash");
        _time = time;
        _logger = logger ?? NullLogger<UnleashFlags>.Instance;
    }

    public string Name => _options.Name;

    public async Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flag);
        var env = _options.Environment!;
        var url = new Uri($"{_options.BaseUrl!.AbsoluteUri.TrimEnd('/')}/api/admin/projects/{Uri.EscapeDataString(_options.ProjectId!)}" +
            $"/features/{Uri.EscapeDataString(flag)}/environments/{Uri.EscapeDataString(env)}/off");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Authorization", _options.Token);

        var outcome = await FlagCall.SendAsync(_http, request, Name, flag, _options.Token, _options.Timeout, _time, (code, said) => code switch
        {
            >= 200 and <= 299 => FlagOutcome.Off($"flag {flag} turned off at {Name} in {env}"),
            403 => FlagOutcome.Refused($"{Name} refused turning off flag {flag}: HTTP 403 (Forbidden), the token lacks UPDATE_FEATURE_ENVIRONMENT " +
                $"or {env} needs a change request{(said.Length > 0 ? ": " + said : "")}"),
            _ => null,
        }, cancellationToken);
        return outcome.Logged(_logger, Name, flag);
    }
}
