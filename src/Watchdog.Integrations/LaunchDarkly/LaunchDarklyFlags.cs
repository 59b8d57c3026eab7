using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.LaunchDarkly;

/// <summary>
/// Turns a LaunchDarkly flag off in one environment with the semantic patch <c>turnFlagOff</c> (API-NOTES.md §10):
/// all-or-nothing and idempotent, so a flag already off is a success. LaunchDarkly's 405 ("approval is required")
/// is a request for a person, not a failure.
/// </summary>
/// <remarks>
/// It reads too (<see cref="IFlagStates"/>): the project's flags listed in pages of <see cref="PageSize"/> with the
/// environment's summary (<c>env</c>), each flag's <c>environments.{env}.on</c>, <c>lastModified</c> and <c>version</c>.
/// </remarks>
public sealed class LaunchDarklyFlags : IFlagSwitch, IFlagStates
{
    /// <summary>Flags a page: the listing's largest <c>limit</c>.</summary>
    public const int PageSize = 100;

    /// <summary>Pages read at most: a project of more flags fails the read rather than be read in part (a flag unread would read as gone).</summary>
    public const int MaxPages = 50;

    /// <summary>The media type that makes LaunchDarkly read the body as a semantic patch, not a JSON Patch (which would be a 400).</summary>
    public const string SemanticPatch = "application/json; domain-model=launchdarkly.semanticpatch";

    private readonly HttpClient _http;
    private readonly LaunchDarklyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="LaunchDarklyOptionsValidator"/>).</exception>
    public LaunchDarklyFlags(HttpClient http, LaunchDarklyOptions options, TimeProvider time, ILogger<LaunchDarklyFlags>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _options = ValidOptions.Require(options, LaunchDarklyOptionsValidator.Problems, "LaunchDarkly");
        _time = time;
        _logger = logger ?? NullLogger<LaunchDarklyFlags>.Instance;
    }

    public string Name => _options.Name;

    public async Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flag);
        var env = _options.EnvironmentKey!;
        var url = new Uri($"{_options.BaseUrl!.AbsoluteUri.TrimEnd('/')}/api/v2/flags/{Uri.EscapeDataString(_options.ProjectKey!)}/{Uri.EscapeDataString(flag)}");
        var body = new JsonObject
        {
            ["environmentKey"] = env,
            ["instructions"] = new JsonArray(new JsonObject { ["kind"] = "turnFlagOff" }),
            ["comment"] = "Turned off by Watchdog: a rollback rule fired",
        };
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SemanticPatch);
        request.Headers.TryAddWithoutValidation("Authorization", _options.Token);
        request.Headers.Add("LD-API-Version", _options.ApiVersion);

        var outcome = await FlagCall.SendAsync(_http, request, Name, flag, _options.Token, _options.Timeout, _time, (code, said) => code switch
        {
            >= 200 and <= 299 => FlagOutcome.Off($"flag {flag} turned off at {Name} in {env}"),
            405 => FlagOutcome.ApprovalNeeded($"{Name} requires an approval to turn off flag {flag} in {env}{(said.Length > 0 ? ": " + said : "")}"),
            _ => null,
        }, cancellationToken);
        return outcome.Logged(_logger, Name, flag);
    }

    public async Task<PeerResult<IReadOnlyList<FlagState>>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        var env = _options.EnvironmentKey!;
        var flags = new List<FlagState>();
        for (var page = 0; page < MaxPages; page++)
        {
            var url = new Uri($"{_options.BaseUrl!.AbsoluteUri.TrimEnd('/')}/api/v2/flags/{Uri.EscapeDataString(_options.ProjectKey!)}" +
                $"?env={Uri.EscapeDataString(env)}&summary=true&limit={PageSize}&offset={page * PageSize}");
            var read = await FlagRead.PageAsync(_http, url, _options.Token, _options.ApiVersion, "items", Name, _options.Timeout, _time, _logger, item =>
            {
                if (item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("environments", out var envs) && envs.ValueKind == JsonValueKind.Object
                    && envs.TryGetProperty(env, out var e) && e.TryGetProperty("on", out var on) && on.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    flags.Add(new FlagState(key.GetString()!, on.GetBoolean(),
                        e.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null,
                        e.TryGetProperty("lastModified", out var m) && m.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null));
                }
            }, cancellationToken);
            if (!read.Ok) return PeerResult.Failed<IReadOnlyList<FlagState>>(read.Error!);
            var (items, total) = read.Value;
            if (items < PageSize || (total is { } all && (page + 1) * PageSize >= all)) return PeerResult.Of<IReadOnlyList<FlagState>>(flags);
        }

        return FlagRead.Failed($"{Name}: project {_options.ProjectKey} has more than {MaxPages * PageSize} flags; not read for changes", _logger, Name);
    }
}
