using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Tests.Runbook;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>
/// Railway's own record that a deployment served and was replaced: the status it gives a successful deployment once a
/// newer one takes over (API-NOTES.md §2.2 <c>DeploymentStatus</c> REMOVED, REMOVING on the way).
/// </summary>
public sealed class RailwayPlatformRecordTests
{
    private const string Removed = "Railway's own record (status REMOVED)";

    [Fact]
    public async Task List_AReplacedDeploymentThatRan_CarriesRailwaysRecord_OthersDoNot()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p =>
        {
            p.Statuses["dep-003"] = "REMOVING";
            p.Statuses["dep-002"] = "FAILED";
            p.Statuses["dep-001"] = "SLEEPING";
        });

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Single(d => d.Id == "dep-005").LiveRecord.ShouldBeNull(); // live now (SUCCESS), not replaced
        list.Single(d => d.Id == "dep-004").LiveRecord.ShouldBe(Removed);
        list.Single(d => d.Id == "dep-003").LiveRecord.ShouldBe("Railway's own record (status REMOVING)");
        list.Single(d => d.Id == "dep-002").LiveRecord.ShouldBeNull();
        list.Single(d => d.Id == "dep-001").LiveRecord.ShouldBeNull();
    }

    [Fact]
    public async Task List_ReplacedSoonerThanMinHealthyFor_IsNoRecordOfServing()
    {
        var platform = FakePlatform.WithHistory(5);
        await using var h = await RailwayHarness.StartAsync(platform, peer: p => p.StatusUpdated["dep-004"] = platform.Find("dep-004").CreatedAt.AddMinutes(3));

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Single(d => d.Id == "dep-004").LiveRecord.ShouldBeNull();
    }

    [Fact]
    public async Task Rollback_PassesOverANewerDeploymentNeverReplaced_AndTheAnnouncementNamesRailwaysRecord()
    {
        await using var railway = await RailwayHarness.StartAsync(peer: p => p.Statuses["dep-004"] = "SLEEPING");

        await ChosenTarget.ShouldRollBackToAsync(railway.Provider, railway.Platform, "dep-003",
            "v3 was live in production before, by " + Removed + "; Watchdog has no earlier release on record as healthy for 30m");
    }
}
