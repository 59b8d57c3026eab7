using Watchdog.Core.Ports;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Unleash;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>The flag suite against Unleash's environment <c>off</c> endpoint.</summary>
public sealed class UnleashConformanceTests : HttpFlagConformance
{
    private UnleashPeer _unleash = null!;

    protected override string Token => UnleashPeer.Token;

    protected override Uri BaseUrl => _unleash.BaseUrl;

    protected override int Changes => _unleash.Changes;

    protected override bool IsOffAtThePeer(string flag) => _unleash.IsOff(flag);

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _unleash = await UnleashPeer.StartAsync(front, KnownFlag);

    protected override IFlagSwitch Create(Uri baseUrl, string token, TimeSpan timeout, TimeProvider clock) => new UnleashFlags(new HttpClient(),
        new UnleashOptions { BaseUrl = baseUrl, Token = token, ProjectId = UnleashPeer.Project, Environment = UnleashPeer.Environment, Timeout = timeout }, clock);

    private protected override void AssertDocumentedRequest(PeerFront.Request request, string flag)
    {
        request.Method.ShouldBe("POST");
        request.Target.ShouldBe($"/api/admin/projects/{UnleashPeer.Project}/features/{flag}/environments/{UnleashPeer.Environment}/off");
        request.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task TurnOff_ChangeRequestsRequired_RefusedSayingWhy()
    {
        Front.Script(PeerReply.Json(403, """{"id":"x","name":"PermissionError","message":"You don't have the required permissions: SKIP_CHANGE_REQUEST"}"""));

        var outcome = await Switch.TurnOffAsync(KnownFlag, CancellationToken.None);

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("change request");
        outcome.Detail.ShouldContain("SKIP_CHANGE_REQUEST");
    }
}
