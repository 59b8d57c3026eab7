using System.Text.Json.Nodes;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Core.Releases;

using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>Railway's own rules, beyond what every provider must do (<see cref="RailwayProviderConformanceTests"/>).</summary>
public sealed class RailwayProviderTests
{
    private static Deployment Target(FakePlatform platform, string id) => new(id, platform.Find(id).Version);

    private static async Task<Deployment?> ChooseAsync(RailwayHarness h) =>
        RollbackTarget.Choose((await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed(), (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed());

    [Theory]
    [InlineData(RailwayTokenKind.Account)]
    [InlineData(RailwayTokenKind.Workspace)]
    public async Task List_AccountOrWorkspaceToken_TravelsAsBearerOnly(RailwayTokenKind kind)
    {
        await using var h = await RailwayHarness.StartAsync(issued: kind);

        (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        var request = h.Peer.Received.ShouldHaveSingleItem();
        request.Authorization.ShouldBe("Bearer " + RailwayPeer.Token);
        request.ProjectAccessToken.ShouldBeNull();
    }

    [Fact]
    public async Task List_ProjectToken_TravelsAsProjectAccessTokenOnly()
    {
        await using var h = await RailwayHarness.StartAsync(issued: RailwayTokenKind.Project);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Count.ShouldBe(5);
        var request = h.Peer.Received.ShouldHaveSingleItem();
        request.ProjectAccessToken.ShouldBe(RailwayPeer.Token);
        request.Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task List_ProjectTokenConfiguredAsAccountToken_NotAuthorizedErrorNamesTokenKindButNotTheToken()
    {
        await using var h = await RailwayHarness.StartAsync(issued: RailwayTokenKind.Project, options: o => o.TokenKind = RailwayTokenKind.Account);

        var e = (await h.Provider.ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("Not Authorized");
        e.ShouldContain("TokenKind Account");
        e.ShouldContain("Project-Access-Token");
        e.ShouldNotContain(RailwayPeer.Token, Case.Sensitive);
        h.Peer.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetLive_AccountTokenConfiguredAsProjectToken_ProjectTokenNotFoundIsAnAuthError()
    {
        await using var h = await RailwayHarness.StartAsync(issued: RailwayTokenKind.Account, options: o => o.TokenKind = RailwayTokenKind.Project);

        var e = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("Project Token not found");
        e.ShouldNotContain(RailwayPeer.Token, Case.Sensitive);
    }

    [Fact]
    public async Task List_LongHistory_EachPageAsksAfterThePreviousEndCursor()
    {
        await using var h = await RailwayHarness.StartAsync(FakePlatform.WithHistory(45));

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Select(d => d.Id).ShouldBe(h.Platform.Deployments.Select(d => d.Id));
        var pages = h.Peer.Requests("Deployments");
        pages.Count.ShouldBe(3);
        pages.Select(p => p.Variables["first"]!.GetValue<int>()).ShouldAllBe(first => first == 20);
        pages[0].Variables["after"].ShouldBeNull();
        var afters = pages.Skip(1).Select(p => Encoding(p.Variables["after"]!.GetValue<string>())).ToList();
        afters.ShouldBe(["cursor:19", "cursor:39"]);
        pages.ShouldAllBe(p => p.Variables["input"]!["serviceId"]!.GetValue<string>() == RailwayPeer.ServiceId);

        static string Encoding(string cursor) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
    }

    [Fact]
    public async Task List_HistoryLongerThanMaxPages_StopsAtTheBoundAndSaysSo()
    {
        await using var h = await RailwayHarness.StartAsync(FakePlatform.WithHistory(57), options: o => o.MaxPages = 2);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Count.ShouldBe(40);
        list[0].Id.ShouldBe("dep-057");
        h.Peer.Requests("Deployments").Count.ShouldBe(2);
        h.Log.All.ShouldContain("stopped reading history after 2 page(s)");
    }

    [Fact]
    public async Task List_ServerErrorOnce_RetriedBecauseAQueryOnlyReads()
    {
        await using var h = await RailwayHarness.StartAsync();
        h.Platform.Enqueue(new Fault(FaultKind.ServerError));

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Count.ShouldBe(5);
        h.Peer.Requests("Deployments").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Rollback_ServerError_SentOnceAndReportedAsFailure()
    {
        await using var h = await RailwayHarness.StartAsync();
        h.Platform.Enqueue(new Fault(FaultKind.ServerError));

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-004"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("HTTP 500");
        outcome.Detail.ShouldContain("Internal server error");
        h.Peer.Requests("DeploymentRollback").Count.ShouldBe(1);
        h.Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_NoAnswerWithinTheAttemptTimeout_FailureSaysRailwayMayHaveTakenItAndIsNotResent()
    {
        await using var h = await RailwayHarness.StartAsync();
        h.Platform.Enqueue(new Fault(FaultKind.Slow, Delay: TimeSpan.FromSeconds(30)));

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-004"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("no answer");
        outcome.Detail.ShouldContain("may or may not have taken it");
        h.Peer.Requests("DeploymentRollback").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Rollback_GraphQlErrors_IsFailureWithRailwaysMessageAndNoToken()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RefuseRollback = "Deployment is past the plan's retention and cannot be restored");

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-003"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("rollback to v3 (dep-003) failed");
        outcome.Detail.ShouldContain("Deployment is past the plan's retention and cannot be restored");
        outcome.Detail.ShouldNotContain(RailwayPeer.Token, Case.Sensitive);
        h.Log.All.ShouldContain("not accepted");
        h.Log.All.ShouldNotContain(RailwayPeer.Token, Case.Sensitive);
        h.Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_RateLimitedLongerThanTheHostWaits_FailureSaysWhenToComeBack()
    {
        await using var h = await RailwayHarness.StartAsync();
        h.Platform.Enqueue(new Fault(FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(120)));

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-004"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("rate limited (HTTP 429)");
        outcome.Detail.ShouldContain("retry after 120 s");
        outcome.Detail.ShouldContain("0 of 1000 requests left");
        h.Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_ServerTypesTheMutationAsDeployment_AsksAgainWithASelectionAndRollsBackOnce()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RollbackReturnsDeployment = true);

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-004"), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        var sent = h.Peer.Requests("DeploymentRollback");
        sent.Count.ShouldBe(2);
        sent[0].Document.ShouldNotContain("{ id status }");
        sent[1].Document.ShouldContain("deploymentRollback(id: $id) { id status }");
        h.Platform.RollbackTargets.ShouldBe(["dep-004"]);
    }

    [Fact]
    public async Task Rollback_RailwayMakesItANewDeployment_LiveIsReadAgainAndNamesTheNewIdWithTheTargetsVersion()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RollbackMakesNewDeployment = true);

        var outcome = await h.Provider.RollbackAsync(Target(h.Platform, "dep-004"), CancellationToken.None);
        var looks = new List<Deployment?>();
        for (var i = 0; i < 2; i++) looks.Add((await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed());

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain("what goes live is read again from serviceInstance");
        looks[0].ShouldNotBeNull().Id.ShouldBe("dep-005", "still rolling out");
        var live = looks[1].ShouldNotBeNull();
        (live.Id, live.Version).ShouldBe(("dep-004-rb1", "v4"), "Railway's new deployment, not the target's id");
        h.Peer.Requests("ServiceInstance").Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("DEPLOYING", "RUNNING")]
    [InlineData("SUCCESS", "INITIALIZING")]
    [InlineData("SUCCESS", "CREATED")]
    public async Task GetLive_TargetNotYetSuccessWithARunningInstance_IsNotLiveYet(string status, string instance)
    {
        await using var h = await RailwayHarness.StartAsync(peer: p =>
        {
            p.PendingStatus = status;
            p.PendingInstanceStatus = instance;
            p.StatusUpdated["dep-003"] = TimeProvider.System.GetUtcNow();
        });
        h.Platform.LooksUntilLive = 3;
        (await h.Provider.RollbackAsync(Target(h.Platform, "dep-003"), CancellationToken.None)).Ok.ShouldBeTrue();

        var first = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var second = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var third = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        first.ShouldNotBeNull().Id.ShouldBe("dep-005");
        second.ShouldNotBeNull().Id.ShouldBe("dep-005");
        third.ShouldNotBeNull().Id.ShouldBe("dep-003");
        third.Version.ShouldBe("v3");
    }

    [Fact]
    public async Task GetLive_ServiceCrashed_NamesTheCrashedDeploymentSoATargetCanStillBeChosen()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p =>
        {
            p.Statuses["dep-005"] = "CRASHED";
            p.InstanceStatuses["dep-005"] = "CRASHED";
        });

        var live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var target = await ChooseAsync(h);

        live.ShouldNotBeNull().Id.ShouldBe("dep-005");
        live.Succeeded.ShouldBeFalse();
        target.ShouldNotBeNull().Id.ShouldBe("dep-004");
    }

    [Fact]
    public async Task GetLive_NothingInPlace_IsNullRatherThanAGuess()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.Statuses["dep-005"] = "FAILED");

        var live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldBeNull();
    }

    [Theory]
    [InlineData("SUCCESS", true)]
    [InlineData("REMOVED", true)]
    [InlineData("REMOVING", true)]
    [InlineData("SLEEPING", true)]
    [InlineData("CRASHED", false)]
    [InlineData("FAILED", false)]
    [InlineData("SKIPPED", false)]
    [InlineData("BUILDING", false)]
    [InlineData("DEPLOYING", false)]
    [InlineData("INITIALIZING", false)]
    [InlineData("QUEUED", false)]
    [InlineData("WAITING", false)]
    [InlineData("NEEDS_APPROVAL", false)]
    [InlineData("A_STATUS_FROM_THE_FUTURE", false)]
    public async Task List_Status_MarksWhetherTheDeploymentRanWell(string status, bool succeeded)
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.Statuses["dep-003"] = status);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Single(d => d.Id == "dep-003").Succeeded.ShouldBe(succeeded);
        list.Single(d => d.Id == "dep-004").Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("CRASHED", "dep-003")]
    [InlineData("FAILED", "dep-003")]
    [InlineData("REMOVED", "dep-004")]
    public async Task Choose_PreviousDeploymentInStatus_TargetIsAsDecided(string status, string expected)
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.Statuses["dep-004"] = status);

        var target = await ChooseAsync(h);

        target.ShouldNotBeNull().Id.ShouldBe(expected);
    }

    [Fact]
    public async Task Choose_PreviousDeploymentReplacedSoonerThanMinHealthyFor_IsPassedOver()
    {
        var platform = FakePlatform.WithHistory(5);
        await using var h = await RailwayHarness.StartAsync(platform, peer: p => p.StatusUpdated["dep-004"] = platform.Find("dep-004").CreatedAt.AddMinutes(3));

        var target = await ChooseAsync(h);

        target.ShouldNotBeNull().Id.ShouldBe("dep-003");
    }

    [Fact]
    public async Task Choose_MinHealthyForZero_ShortLivedDeploymentIsATargetAgain()
    {
        var platform = FakePlatform.WithHistory(5);
        await using var h = await RailwayHarness.StartAsync(platform,
            peer: p => p.StatusUpdated["dep-004"] = platform.Find("dep-004").CreatedAt.AddMinutes(3),
            options: o => o.MinHealthyFor = TimeSpan.Zero);

        var target = await ChooseAsync(h);

        target.ShouldNotBeNull().Id.ShouldBe("dep-004");
    }

    [Fact]
    public async Task List_Version_CommitHashThenImageThenTheId()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p =>
        {
            p.Metas["dep-004"] = new JsonObject { ["commitHash"] = "9f2c1e7d", ["image"] = "ghcr.io/acme/checkout:1.4.2" };
            p.Metas["dep-003"] = new JsonObject { ["image"] = "ghcr.io/acme/checkout:1.4.1", ["commitHash"] = "" };
            p.Metas["dep-002"] = null;
        });

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Select(d => d.Version).ShouldBe(["v5", "9f2c1e7d", "ghcr.io/acme/checkout:1.4.1", "dep-002", "v1"]);
    }

    [Fact]
    public async Task SetVariable_UpsertsOneVariableSkippingDeploysThenRedeploysTheLiveDeployment()
    {
        await using var h = await RailwayHarness.StartAsync();

        var outcome = await h.Provider.SetVariableAsync("MAINTENANCE_MODE", "true", CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain("redeployed v5 (dep-005) as dep-redeploy-1");
        h.Peer.Received.Select(r => r.Operation).ShouldBe(["ServiceInstance", "VariableCollectionUpsert", "DeploymentRedeploy"]);
        var upsert = h.Peer.Requests("VariableCollectionUpsert").ShouldHaveSingleItem().Variables;
        upsert["variables"]!.ToJsonString().ShouldBe("""{"MAINTENANCE_MODE":"true"}""");
        upsert["skipDeploys"]!.GetValue<bool>().ShouldBeTrue();
        upsert.ContainsKey("replace").ShouldBeFalse();
        h.Platform.Variables["MAINTENANCE_MODE"].ShouldBe("true");
        h.Peer.Redeployed.ShouldBe(["dep-005"]);
        h.Peer.ImplicitDeploys.ShouldBe(0);
    }

    [Fact]
    public async Task SetVariable_RedeployRefused_FailureSaysTheVariableIsSetButNotApplied()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RefuseRedeploy = "Deployment cannot be redeployed");

        var outcome = await h.Provider.SetVariableAsync("FEATURE_NEW_CHECKOUT", "false", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("FEATURE_NEW_CHECKOUT is set on Railway but not applied");
        outcome.Detail.ShouldContain("Deployment cannot be redeployed");
        h.Platform.Variables["FEATURE_NEW_CHECKOUT"].ShouldBe("false");
    }

    [Fact]
    public async Task SetVariable_NothingLiveToRedeploy_ChangesNothing()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.Statuses["dep-005"] = "FAILED");

        var outcome = await h.Provider.SetVariableAsync("FEATURE_NEW_CHECKOUT", "false", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("no live deployment");
        h.Platform.Variables.ShouldBeEmpty();
        h.Peer.Requests("VariableCollectionUpsert").ShouldBeEmpty();
    }
}
