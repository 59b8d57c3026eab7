using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Integrations.LaunchDarkly;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>The flag suite against LaunchDarkly's semantic patch, and its 405 as an approval to ask for.</summary>
public sealed class LaunchDarklyConformanceTests : HttpFlagConformance
{
    private LaunchDarklyPeer _ld = null!;

    protected override string Token => LaunchDarklyPeer.Token;

    protected override Uri BaseUrl => _ld.BaseUrl;

    protected override int Changes => _ld.Changes;

    protected override bool IsOffAtThePeer(string flag) => _ld.IsOff(flag);

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) =>
        _ld = await LaunchDarklyPeer.StartAsync(front, KnownFlag, "guarded");

    protected override IFlagSwitch Create(Uri baseUrl, string token, TimeSpan timeout, TimeProvider clock) => new LaunchDarklyFlags(new HttpClient(),
        new LaunchDarklyOptions { BaseUrl = baseUrl, Token = token, ProjectKey = LaunchDarklyPeer.Project, EnvironmentKey = LaunchDarklyPeer.Environment, Timeout = timeout },
        clock);

    private protected override void AssertDocumentedRequest(PeerFront.Request request, string flag)
    {
        request.Method.ShouldBe("PATCH");
        request.Target.ShouldBe($"/api/v2/flags/{LaunchDarklyPeer.Project}/{flag}");
        request.Headers.Single(h => h.Key == "Content-Type").Value.ShouldBe(LaunchDarklyFlags.SemanticPatch);
        request.Headers.Single(h => h.Key == "LD-API-Version").Value.ShouldBe("20240415");
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body["environmentKey"]!.GetValue<string>().ShouldBe(LaunchDarklyPeer.Environment);
        body["instructions"]!.AsArray().ShouldHaveSingleItem()!["kind"]!.GetValue<string>().ShouldBe("turnFlagOff");
    }

    [Fact]
    public async Task TurnOff_ApprovalRequired_AsksForAnApprovalNotAFailure()
    {
        _ld.NeedApproval.Add("guarded");

        var outcome = await Switch.TurnOffAsync("guarded", CancellationToken.None);

        outcome.Result.ShouldBe(FlagResult.NeedsApproval);
        outcome.Detail.ShouldContain("Approval is required");
        _ld.IsOff("guarded").ShouldBeFalse();
    }
}
