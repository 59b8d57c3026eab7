using Watchdog.Core.Releases;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>
/// API-NOTES.md §11's trap: a rollback turns off <c>autoAssignCustomDomains</c>, a promote ends it. The provider reads
/// the setting, sets it with a PATCH, and promotes the way <c>vercel promote</c> does.
/// </summary>
public sealed class VercelPinnedProductionTests
{
    private static Deployment Target(VercelHarness h, int index) => new(h.Platform.Deployments[index].Id, h.Platform.Deployments[index].Version);

    [Fact]
    public async Task AutoAssign_IsTheProjectsField_OffOnceVercelRolledBack()
    {
        await using var h = await VercelHarness.StartAsync();

        var before = (await h.Provider.AutoAssignsDomainsAsync(CancellationToken.None)).ShouldSucceed();
        (await h.Provider.RollbackAsync(Target(h, 1), CancellationToken.None)).Ok.ShouldBeTrue();
        var after = (await h.Provider.AutoAssignsDomainsAsync(CancellationToken.None)).ShouldSucceed();

        (before, after).ShouldBe((true, false));
        h.Calls.ShouldContain($"GET /v9/projects/{VercelPeer.ProjectId}");
    }

    [Fact]
    public async Task AutoAssign_ProjectWithoutTheField_FailsNamingIt()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.AutoAssign = null;

        var read = await h.Provider.AutoAssignsDomainsAsync(CancellationToken.None);

        read.Ok.ShouldBeFalse();
        read.Error.ShouldNotBeNull().ShouldContain("has no autoAssignCustomDomains field");
    }

    [Fact]
    public async Task Promote_PostsAnEmptyJsonObjectToV10Promote_GoesLiveAndTurnsAutoAssignBackOn()
    {
        await using var h = await VercelHarness.StartAsync();
        (await h.Provider.RollbackAsync(Target(h, 2), CancellationToken.None)).Ok.ShouldBeTrue();
        while (h.Platform.Look().RollingOut) { }

        var promoted = await h.Provider.PromoteAsync(Target(h, 0), CancellationToken.None);
        Deployment? live = null;
        for (var i = 0; i < 3 && live?.Id != "dep-005"; i++) live = (await h.Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        promoted.Ok.ShouldBeTrue(promoted.Detail);
        promoted.Detail.ShouldContain("Vercel accepted the promote of project prj_shop7Q2x to v5 (dep-005) (HTTP 201)");
        var post = h.Peer.Requests.Last(r => r.Method == "POST");
        (post.Path, post.Body, post.Query["teamId"]).ShouldBe(($"/v10/projects/{VercelPeer.ProjectId}/promote/dep-005", "{}", VercelPeer.Team));
        live.ShouldNotBeNull().Id.ShouldBe("dep-005");
        h.Provider.LastAliasJob.ShouldNotBeNull().Type.ShouldBe("promote");
        (await h.Provider.AutoAssignsDomainsAsync(CancellationToken.None)).ShouldSucceed().ShouldBeTrue();
    }

    [Fact]
    public async Task SetAutoAssign_PatchesTheProjectWithTheBoolean()
    {
        await using var h = await VercelHarness.StartAsync();

        var set = await h.Provider.SetAutoAssignDomainsAsync(false, CancellationToken.None);

        set.Ok.ShouldBeTrue(set.Detail);
        h.Peer.Patches.ShouldBe(["{\"autoAssignCustomDomains\":false}"]);
        h.Peer.Requests.Single(r => r.Method == "PATCH").Path.ShouldBe($"/v9/projects/{VercelPeer.ProjectId}");
        h.Peer.AutoAssign.ShouldBe(false);
    }

    [Fact]
    public async Task SetAutoAssign_Refused_IsAFailureWithVercelsWordsAndNoToken()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.EchoCredentials = true;
        await h.Provider.AutoAssignsDomainsAsync(CancellationToken.None); // the project's id is known
        h.Platform.Enqueue(new Providers.Fault(Providers.FaultKind.Forbidden));

        var set = await h.Provider.SetAutoAssignDomainsAsync(true, CancellationToken.None);

        set.Ok.ShouldBeFalse();
        set.Detail.ShouldContain("Vercel refused to set autoAssignCustomDomains to true (PATCH /v9/projects/prj_shop7Q2x): HTTP 403 forbidden");
        set.Detail.ShouldNotContain(VercelPeer.Token);
    }

    [Theory]
    [InlineData(VercelPeer.Team, "vercel promote <deployment-url-or-id> --scope " + VercelPeer.Team)]
    [InlineData(null, "vercel promote <deployment-url-or-id>")]
    public async Task PromoteCommand_NamesTheTeamAsScopeWhenThereIsOne(string? team, string command)
    {
        await using var h = await VercelHarness.StartAsync(peerTeam: team);

        h.Provider.PromoteCommand.ShouldBe(command);
    }
}
