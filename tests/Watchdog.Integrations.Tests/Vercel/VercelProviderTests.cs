using Microsoft.Extensions.Logging;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Vercel;
using Watchdog.Core.Releases;

using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>Vercel's own rules, beyond the shared conformance suite: team scope, pagination, the error envelope, alias jobs.</summary>
public sealed class VercelProviderTests
{
    private static Deployment Target(VercelHarness h, int index)
    {
        var d = h.Platform.Deployments[index];
        return new Deployment(d.Id, d.Version);
    }

    private static IEnumerable<VercelPeer.Seen> Posts(VercelHarness h) => h.Peer.Requests.Where(r => r.Method == "POST");

    [Fact]
    public async Task EveryCall_TeamConfigured_CarriesTeamIdAndTheBearerToken()
    {
        await using var h = await VercelHarness.StartAsync();

        (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();
        (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        (await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None)).Ok.ShouldBeTrue();

        h.Peer.Requests.Select(r => r.Path).Distinct().Count().ShouldBe(3);
        h.Peer.Requests.ShouldAllBe(r => r.Query["teamId"] == VercelPeer.Team && r.Authorization == "Bearer " + VercelPeer.Token);
    }

    [Fact]
    public async Task Calls_PersonalProject_SendNoTeamId()
    {
        await using var h = await VercelHarness.StartAsync(peerTeam: null);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Count.ShouldBe(5);
        h.Peer.Requests.ShouldAllBe(r => !r.Query.ContainsKey("teamId"));
    }

    [Fact]
    public async Task ListAndLive_TeamIdMissingForATeamProject_FailWithVercelsNotFoundAndAHint()
    {
        await using var h = await VercelHarness.StartAsync(configure: o => o.TeamId = null);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldFail();
        var live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldFail();

        foreach (var e in new[] { list, live })
        {
            e.ShouldContain("HTTP 404 not_found: Project not found.");
            e.ShouldContain("TeamId");
        }

        h.Calls.ShouldNotContain(c => c.StartsWith("GET /v6/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_WrongToken_ForbiddenAndTheTokenAppearsNowhere()
    {
        const string wrong = "vcp_Wr0ngT0kenEchoedBack";
        await using var h = await VercelHarness.StartAsync(configure: o => o.Token = wrong);
        h.Peer.EchoCredentials = true;

        var e = (await h.Provider.ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("HTTP 403 forbidden: Not authorized");
        e.ShouldContain("***");
        e.ShouldNotContain(wrong, Case.Sensitive);
        h.Log.All.ShouldNotContain(wrong, Case.Sensitive);
    }

    [Fact]
    public async Task List_SmallPages_FollowsPaginationNextAsUntilToTheEnd()
    {
        await using var h = await VercelHarness.StartAsync(FakePlatform.WithHistory(23), configure: o => o.PageSize = 7);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Select(d => d.Id).ShouldBe(h.Platform.Deployments.Select(d => d.Id));
        var pages = h.Peer.Requests.Where(r => r.Path == "/v6/deployments").ToList();
        pages.Count.ShouldBe(4);
        pages.ShouldAllBe(r => r.Query["limit"] == "7" && r.Query["target"] == "production" && r.Query["projectId"] == VercelPeer.ProjectId);
        pages[0].Query.ContainsKey("until").ShouldBeFalse();
        // Each page continues before the last one's oldest deployment, in ms.
        for (var i = 1; i < pages.Count; i++)
            pages[i].Query["until"].ShouldBe(h.Platform.Deployments[7 * i - 1].CreatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task List_MaxPagesReached_KeepsTheNewestAndLogsTheCut()
    {
        await using var h = await VercelHarness.StartAsync(FakePlatform.WithHistory(30), configure: o => (o.PageSize, o.MaxPages) = (5, 2));

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Select(d => d.Id).ShouldBe(h.Platform.Deployments.Take(10).Select(d => d.Id));
        h.Log.All.ShouldContain("stopped at MaxPages");
    }

    [Fact]
    public async Task List_CursorThatDoesNotMoveOn_FailsInsteadOfLooping()
    {
        await using var h = await VercelHarness.StartAsync(FakePlatform.WithHistory(30), configure: o => o.PageSize = 5);
        h.Peer.StuckCursor = true;

        var e = (await h.Provider.ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("does not move past until=");
        h.Peer.Requests.Count(r => r.Path == "/v6/deployments").ShouldBe(2);
    }

    [Fact]
    public async Task List_StatesAndCandidates_OnlyReadyCandidatesCanBeRolledBackTo()
    {
        var t = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        await using var h = await VercelHarness.StartAsync(new FakePlatform(
        [
            new FakeDeployment("dpl_5", "v5", t),
            new FakeDeployment("dpl_4", "v4", t.AddHours(-1), Succeeded: false),
            new FakeDeployment("dpl_3", "v3", t.AddHours(-2), CanRollback: false),
            new FakeDeployment("dpl_2", "v2", t.AddHours(-3)),
        ]));

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        // dpl_4 is ERROR even though the peer marks it a rollback candidate: the state decides success.
        list.Select(d => (d.Id, d.Succeeded, d.CanRollback)).ShouldBe(
            [("dpl_5", true, true), ("dpl_4", false, false), ("dpl_3", true, false), ("dpl_2", true, true)]);
        list[1].CreatedAt.ShouldBe(t.AddHours(-1));
    }

    [Fact]
    public async Task List_Version_IsTheGitShaFromMetaElseTheDeploymentUrl()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.WithoutMeta.Add("dep-004");

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list[0].Version.ShouldBe("v5");
        list[1].Version.ShouldBe("shop-dep-004-ops4kx.vercel.app");
    }

    [Fact]
    public async Task List_VersionMetaKeysConfigured_TakesTheFirstKeyPresent()
    {
        await using var h = await VercelHarness.StartAsync(configure: o => o.VersionMetaKeys = ["gitlabCommitSha", "githubCommitMessage"]);

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list[0].Version.ShouldBe("release v5");
    }

    [Fact]
    public async Task GetLive_LiveDeploymentWithoutMeta_TakesItsVersionFromTheListSoBothAgree()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.WithoutMeta.Add("dep-005");

        var live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var listed = ((await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed())[0];

        live.ShouldBe(listed);
    }

    [Fact]
    public async Task GetLive_MalformedProject_FailsWithAClearError()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Platform.Enqueue(new Fault(FaultKind.Malformed));

        var e = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldFail();

        e.ShouldStartWith($"Vercel get project (GET /v9/projects/{VercelPeer.ProjectId}): HTTP 200 with a body that");
        e.ShouldContain("not the documented JSON");
    }

    [Fact]
    public async Task Rollback_ProjectNamedByName_PostsAnEmptyJsonObjectToTheDocumentedV1PathWithTheProjectsId()
    {
        await using var h = await VercelHarness.StartAsync(configure: o => o.ProjectId = VercelPeer.ProjectName);

        var outcome = await h.Provider.RollbackAsync(Target(h, 2), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain("HTTP 201");
        var post = Posts(h).ShouldHaveSingleItem();
        post.Path.ShouldBe($"/v1/projects/{VercelPeer.ProjectId}/rollback/dep-003");
        post.Body.ShouldBe("{}");
        post.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        h.Platform.RollbackTargets.ShouldBe(["dep-003"]);
    }

    [Theory]
    [InlineData(201, "")]
    [InlineData(202, "")]
    [InlineData(200, "{\"rollback\":\"requested\"}")]
    public async Task Rollback_AcceptedWithOrWithoutABody_IsSuccess(int status, string body)
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.RollbackAnswer = (status, body);

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain($"HTTP {status}");
    }

    [Theory]
    [InlineData(409, "conflict", "A rollback is already in progress for this project.")]
    [InlineData(400, "bad_request", "The deployment is not a valid rollback candidate.")]
    [InlineData(422, "unprocessable_entity", "Cannot roll back to a preview deployment.")]
    public async Task Rollback_Refused_IsAFailureWithVercelsStatusCodeAndMessage(int status, string code, string message)
    {
        await using var h = await VercelHarness.StartAsync();
        var before = h.Platform.LiveId;
        h.Peer.RefuseRollback = (status, code, message);

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain($"Vercel refused the rollback to v4 (dep-004)");
        outcome.Detail.ShouldContain($"HTTP {status} {code}: {message}", Case.Sensitive);
        Posts(h).Count().ShouldBe(1);
        ((await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed()).ShouldNotBeNull().Id.ShouldBe(before);
        h.Log.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Text.Contains(code));
    }

    [Fact]
    public async Task Rollback_ServerError_IsReportedAndTheRequestIsNotSentAgain()
    {
        await using var h = await VercelHarness.StartAsync();
        (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        for (var i = 0; i < 3; i++) h.Platform.Enqueue(new Fault(FaultKind.ServerError));

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("HTTP 500 internal_server_error: An unexpected internal error occurred");
        Posts(h).Count().ShouldBe(1);
        h.Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_RateLimitedOnce_IsSentAgainAfterRetryAfterAndAcceptedOnce()
    {
        await using var h = await VercelHarness.StartAsync();
        (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        h.Platform.Enqueue(new Fault(FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(1)));
        var started = TimeProvider.System.GetTimestamp();

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        TimeProvider.System.GetElapsedTime(started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
        Posts(h).Count().ShouldBe(2);
        h.Platform.RollbackRequests.ShouldBe(1);
    }

    [Fact]
    public async Task Rollback_RateLimitedForLongerThanTheClientWaits_FailsNamingTheWait()
    {
        await using var h = await VercelHarness.StartAsync();
        (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        h.Platform.Enqueue(new Fault(FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(90)));

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("HTTP 429 rate_limited: Rate limit exceeded; Vercel asks to wait 1m30s");
        Posts(h).Count().ShouldBe(1);
        h.Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_RefusalEchoingTheToken_IsMaskedInTheOutcomeAndTheLog()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.EchoCredentials = true;
        h.Peer.RefuseRollback = (409, "conflict", "Rollback refused");

        var outcome = await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("Rollback refused (you sent Bearer ***)");
        outcome.Detail.ShouldNotContain(VercelPeer.Token, Case.Sensitive);
        h.Log.All.ShouldNotContain(VercelPeer.Token, Case.Sensitive);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetLive_WhileTheAliasJobRuns_NamesTheOldDeploymentUntilVercelSaysSucceeded(bool targetNamedEarly)
    {
        await using var h = await VercelHarness.StartAsync();
        h.Platform.LooksUntilLive = 3;
        h.Peer.TargetNamedWhileJobRuns = targetNamedEarly;
        var target = Target(h, 2);
        (await h.Provider.RollbackAsync(target, CancellationToken.None)).Ok.ShouldBeTrue();

        var seen = new List<(string Id, string Status)>();
        for (var i = 0; i < 3; i++)
        {
            var live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
            seen.Add((live!.Id, h.Provider.LastAliasJob!.Status));
        }

        seen.ShouldBe([("dep-005", "in-progress"), ("dep-005", "in-progress"), ("dep-003", "succeeded")]);
        h.Provider.LastAliasJob!.ToDeploymentId.ShouldBe("dep-003");
        ((await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed())!.Version.ShouldBe("v3");
    }

    [Fact]
    public async Task GetLive_AliasJobFailed_StaysOnTheOldDeploymentAndWarnsOnce()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.AliasJobsFail = true;
        var target = Target(h, 1);

        var accepted = await h.Provider.RollbackAsync(target, CancellationToken.None);
        var looks = new List<Deployment?>();
        for (var i = 0; i < 4; i++) looks.Add((await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed());

        accepted.Ok.ShouldBeTrue(accepted.Detail);
        looks.ShouldAllBe(d => d!.Id == "dep-005");
        var job = h.Provider.LastAliasJob.ShouldNotBeNull();
        (job.Failed, job.ToDeploymentId, job.FromDeploymentId).ShouldBe((true, "dep-004", "dep-005"));
        var warning = h.Log.Lines.Where(l => l.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Text.ShouldContain("rollback to dep-004 FAILED");
        warning.Text.ShouldContain("still serves dep-005");
    }

    [Fact]
    public async Task SetVariable_NotSupported_FailsClearlyAndCallsNothing()
    {
        await using var h = await VercelHarness.StartAsync();

        var outcome = await h.Provider.SetVariableAsync("MAINTENANCE_MODE", "true", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("setting MAINTENANCE_MODE is not supported by the Vercel provider");
        h.Peer.Requests.ShouldBeEmpty();
        h.Platform.Variables.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheKeysWithoutTheToken()
    {
        var options = new VercelOptions { Token = "vcp_has a space", BaseUrl = new Uri("http://api.example.com"), PageSize = 0 };

        var e = Should.Throw<ArgumentException>(() => new VercelProvider(new HttpClient(), options, TimeProvider.System, new ListLogger<VercelProvider>()));

        e.Message.ShouldContain("Token must not contain whitespace");
        e.Message.ShouldContain("ProjectId is required");
        e.Message.ShouldContain("BaseUrl must use https");
        e.Message.ShouldContain("PageSize must be between 1 and 100");
        e.Message.ShouldNotContain("vcp_has", Case.Sensitive);
    }
}
