using Watchdog.Core.Releases;
using Watchdog.Integrations.DeployHooks;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Tests.Railway;
using static Watchdog.Integrations.Tests.DeployHooks.DeployPayloads;

namespace Watchdog.Integrations.Tests.DeployHooks;

/// <summary>Railway's unsigned project webhook: parsed into a claim, then believed only as far as Railway's GraphQL API (a real Kestrel peer) confirms it.</summary>
public sealed class RailwayDeployHookTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly string Identity = RailwayDeployHook.Identity(RailwayPeer.ServiceId, RailwayPeer.EnvironmentId);

    private static string Body(string type, string deployment = "dep-003", string? serviceId = null, string? environmentId = null) =>
        RailwayBody(type, At, deployment, serviceId ?? RailwayPeer.ServiceId, environmentId ?? RailwayPeer.EnvironmentId, RailwayPeer.ProjectId);

    private static DeployParseResult Parse(string body) => RailwayDeployHook.Parse(Bytes(body), id => id == Identity ? "checkout" : null);

    private static async Task<DeployParseResult> ConfirmAsync(RailwayPeer peer, string body)
    {
        await using var server = await peer.StartAsync();
        using var http = new HttpClient();
        var claimed = Parse(body).Event.ShouldNotBeNull();
        return await RailwayDeployHook.ConfirmAsync(claimed, RailwayPeer.Options(server.BaseAddress), http, TimeProvider.System, CancellationToken.None);
    }

    [Theory]
    [InlineData("Deployment.building", DeployState.Started)]
    [InlineData("Deployment.deploying", DeployState.Started)]
    [InlineData("Deployment.deployed", DeployState.Live)]
    [InlineData("Deployment.redeployed", DeployState.Live)]
    [InlineData("Deployment.failed", DeployState.Failed)]
    [InlineData("Deployment.crashed", DeployState.Failed)]
    public void TheClaim_ComesFromTheType(string type, DeployState state)
    {
        var e = Parse(Body(type)).Event.ShouldNotBeNull();

        e.ShouldBe(new DeployEvent("checkout", "railway", $"dep-003:{type}", "dep-003", state, Sha, At) { Said = type });
    }

    [Fact]
    public void TheDocsOwnInconsistentExample_IsReadByItsType_NotDetailsStatus() =>
        // API-NOTES §8: the docs pair type Deployment.failed with details.status SUCCESS.
        Parse(Body("Deployment.failed")).Event!.State.ShouldBe(DeployState.Failed);

    [Theory]
    [InlineData("Deployment.removed", "nothing of a rollout")]
    [InlineData("Deployment.slept", "nothing of a rollout")]
    [InlineData("VolumeAlert.triggered", "not about a deployment")]
    public void EventsThatAreNoRollout_AreIgnored(string type, string reason) => Parse(Body(type)).Ignored.ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void AnotherEnvironmentOfTheSameService_IsIgnored_WebhooksFireForEveryEnvironment() =>
        Parse(Body("Deployment.deployed", environmentId: "env-staging-1")).Ignored.ShouldNotBeNull().ShouldContain("env-staging-1");

    [Fact]
    public void ABodyWithoutItsResource_IsRejected() =>
        Parse($$"""{"type":"Deployment.deployed","timestamp":"{{Stamp(At)}}"}""").Rejection.ShouldNotBeNull().ShouldContain("resource is required");

    [Fact]
    public void ThePathToken_MustBeTheConfiguredOne()
    {
        const string token = "railway-path-token-0123456789abcdef";

        RailwayDeployHook.VerifyToken(token, token).ShouldBeTrue();
        RailwayDeployHook.VerifyToken(token, token[..^1]).ShouldBeFalse();
        RailwayDeployHook.VerifyToken(token, token + "x").ShouldBeFalse();
        RailwayDeployHook.VerifyToken(token, null).ShouldBeFalse();
    }

    [Fact]
    public async Task ADeployedClaim_RailwayConfirms_IsBelieved_ReadBackWithDeploymentById()
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(3));

        var result = await ConfirmAsync(peer, Body("Deployment.deployed"));

        var e = result.Event.ShouldNotBeNull();
        e.State.ShouldBe(DeployState.Live);
        e.Commit.ShouldBe("v3", "the commit is Railway's meta, not the webhook's details");
        var asked = peer.Requests("Deployment").ShouldHaveSingleItem();
        asked.Variables["id"]!.GetValue<string>().ShouldBe("dep-003");
        asked.Authorization.ShouldBe("Bearer " + RailwayPeer.Token);
    }

    [Fact]
    public async Task ADeployedClaim_RailwaySaysFailed_IsNotBelieved()
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(3));
        peer.Statuses["dep-003"] = "FAILED";

        var result = await ConfirmAsync(peer, Body("Deployment.deployed"));

        result.Event.ShouldBeNull();
        result.Ignored.ShouldNotBeNull().ShouldContain("Railway's API says 'FAILED'");
    }

    [Fact]
    public async Task AClaimAboutAnotherServicesDeployment_IsNotBelieved()
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(3));
        peer.OfOtherService.Add("dep-003");

        var result = await ConfirmAsync(peer, Body("Deployment.deployed"));

        result.Event.ShouldBeNull();
        result.Ignored.ShouldNotBeNull().ShouldContain("is not of service");
    }

    [Fact]
    public async Task AStartedClaim_TakesWhatRailwaySaysNow()
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(3));

        var result = await ConfirmAsync(peer, Body("Deployment.building"));

        result.Event!.State.ShouldBe(DeployState.Live);
    }

    [Fact]
    public async Task ADeploymentRailwayDoesNotKnow_CannotBeConfirmed()
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(3));

        var result = await ConfirmAsync(peer, Body("Deployment.deployed", deployment: "dep-forged"));

        result.Event.ShouldBeNull();
        result.Unconfirmed.ShouldNotBeNull().ShouldContain("Deployment not found");
    }
}
