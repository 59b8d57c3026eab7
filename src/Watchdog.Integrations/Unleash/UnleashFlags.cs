using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.Unleash;

/// <summary>
/// Turns an Unleash toggle off in one environment through the Admin API's environment <c>off</c> endpoint
/// (API-NOTES.md §10). Unleash answers an empty 200, so no body is read as the feature. A 403 may be a change request
/// the token may not skip (Unleash Enterprise): it is a refusal, and says so.
/// </summary>
/// <remarks>
/// It reads too (<see cref="IFlagStates"/>): the project's toggles in one call, <c>GET /api/admin/projects/{projectId}/features</c>,
/// each <c>environments[]</c> entry's <c>enabled</c> for the environment. Unleash gives no time of an environment's
/// change there, so a change is dated by the poll that found it.
/// </remarks>
public sealed class UnleashFlags : IFlagSwitch, IFlagStates
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

    public async Task<PeerResult<IReadOnlyList<FlagState>>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        var env = _options.Environment!;
        var url = new Uri($"{_options.BaseUrl!.AbsoluteUri.TrimEnd('/')}/api/admin/projects/{Uri.EscapeDataString(_options.ProjectId!)}/features");
        var flags = new List<FlagState>();
        var read = await FlagRead.PageAsync(_http, url, _options.Token, null, "features", Name, _options.Timeout, _time, _logger, feature =>
        {
            if (!feature.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !feature.TryGetProperty("environments", out var envs) || envs.ValueKind != JsonValueKind.Array) return;
            foreach (var e in envs.EnumerateArray())
            {
                if (e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == env
                    && e.TryGetProperty("enabled", out var on) && on.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    flags.Add(new FlagState(name.GetString()!, on.GetBoolean(), null, null));
            }
        }, cancellationToken);
        return read.Ok ? PeerResult.Of<IReadOnlyList<FlagState>>(flags) : PeerResult.Failed<IReadOnlyList<FlagState>>(read.Error!);
    }
}
