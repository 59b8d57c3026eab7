using System.Net.Http.Headers;
using System.Text;
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
public sealed class LaunchDarklyFlags : IFlagSwitch
{
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
}
