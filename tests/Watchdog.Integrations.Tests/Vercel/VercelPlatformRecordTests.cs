using Watchdog.Integrations.Tests.Runbook;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>
/// Vercel's own record that a production deployment served production traffic: <c>readySubstate</c> PROMOTED
/// (API-NOTES.md §3: STAGED | ROLLING | PROMOTED), else <c>isRollbackCandidate: true</c> (§3, §11).
/// </summary>
public sealed class VercelPlatformRecordTests
{
    private const string Promoted = "Vercel's own record (readySubstate PROMOTED)";

    [Fact]
    public async Task List_PromotedOrARollbackCandidate_CarriesVercelsRecord_StagedAndRollingDoNot()
    {
        await using var h = await VercelHarness.StartAsync();
        h.Peer.ReadySubstates["dep-003"] = null; // older than readySubstate: only the candidate flag says it
        h.Peer.ReadySubstates["dep-002"] = "STAGED";
        h.Peer.RollbackCandidates["dep-002"] = null;
        h.Peer.ReadySubstates["dep-001"] = "ROLLING";
        h.Peer.RollbackCandidates["dep-001"] = null;

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Single(d => d.Id == "dep-004").LiveRecord.ShouldBe(Promoted);
        list.Single(d => d.Id == "dep-003").LiveRecord.ShouldBe("Vercel's own record (isRollbackCandidate: true)");
        var staged = list.Single(d => d.Id == "dep-002");
        (staged.LiveRecord, staged.CanRollback).ShouldBe((null, true));
        list.Single(d => d.Id == "dep-001").LiveRecord.ShouldBeNull();
    }

    [Fact]
    public async Task List_AFailedBuild_IsNoRecordOfServingWhateverItsFlags()
    {
        var platform = Providers.FakePlatform.WithHistory(5);
        platform.Deployments[1] = platform.Deployments[1] with { Succeeded = false };
        await using var h = await VercelHarness.StartAsync(platform);
        h.Peer.RollbackCandidates[platform.Deployments[1].Id] = true;

        var list = (await h.Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Single(d => d.Id == platform.Deployments[1].Id).LiveRecord.ShouldBeNull();
    }

    [Fact]
    public async Task Rollback_PassesOverAStagedDeployment_AndTheAnnouncementNamesVercelsRecord()
    {
        await using var vercel = await VercelHarness.StartAsync();
        vercel.Peer.ReadySubstates["dep-004"] = "STAGED";
        vercel.Peer.RollbackCandidates["dep-004"] = null;

        await ChosenTarget.ShouldRollBackToAsync(vercel.Provider, vercel.Platform, "dep-003",
            "v3 was live in production before, by " + Promoted + "; Watchdog has no earlier release on record as healthy for 30m");
    }
}
