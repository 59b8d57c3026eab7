using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Commands;

/// <summary>
/// The shared provider suite against templates that call <see cref="CommandPeer"/> with <c>curl</c>, as a
/// person would configure the command provider for a platform without a built-in provider. The token is in
/// <c>Environment</c>, as the Commands README advises. curl's own <c>--retry</c> plays the resilience
/// handler's part: 408, 429 and 5xx are retried (429 after its <c>Retry-After</c>), other refusals are not,
/// and <c>--max-time</c> bounds each attempt.
/// </summary>
public sealed class CommandProviderConformanceTests : ProviderConformance
{
    private const string Curl =
        "curl --silent --show-error --fail-with-body --max-time 2 --retry 2 -H \"Authorization: Bearer $PEER_TOKEN\" ";

    private static readonly CommandRunner Runner = new(TimeProvider.System, NullLogger<CommandRunner>.Instance);

    protected override string Secret => CommandPeer.Token;

    protected override Task<TestPeer> StartPeerAsync(FakePlatform platform) => CommandPeer.StartAsync(platform);

    protected override IDeploymentProvider CreateProvider(Uri peer, HttpClient http, TimeProvider time) => new CommandProvider(
        new CommandProviderOptions
        {
            Name = "curl",
            Environment = { ["PEER"] = peer.AbsoluteUri.TrimEnd('/'), ["PEER_TOKEN"] = CommandPeer.Token },
            List = Curl + "\"$PEER/deployments\"",
            Current = Curl + "\"$PEER/live\"",
            Rollback = Curl + "-X POST \"$PEER/rollback/\"{target}",
            SetVariable = Curl + "-X PUT --data-binary {value} \"$PEER/variables/\"{name}",
        },
        Runner,
        new Redactor([]),
        NullLogger<CommandProvider>.Instance);
}
