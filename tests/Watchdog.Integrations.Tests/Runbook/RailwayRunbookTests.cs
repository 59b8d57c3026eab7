using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Tests.Railway;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>
/// Railway's <c>deploymentRollback</c> answers only <c>true</c> (API-NOTES.md §2.2): the runbook finds what went live by
/// asking again, and a rolled-back release under a new deployment id counts as the target live.
/// </summary>
public sealed class RailwayRunbookTests
{
    [Fact]
    public async Task Rollback_GoesLiveAsANewDeployment_FoundByAskingAgainAndTheServiceRestored()
    {
        await using var railway = await RailwayHarness.StartAsync(peer: p => p.RollbackMakesNewDeployment = true);
        using var runbook = await PeerRunbook.OpenAsync();

        var incident = await runbook.RollBackAsync(railway.Provider);

        incident.State.ShouldBe(IncidentState.Monitoring);
        railway.Platform.RollbackTargets.ShouldBe(["dep-004-rb1"]);
        railway.Peer.Requests("DeploymentRollback").ShouldHaveSingleItem().Variables["id"]!.GetValue<string>().ShouldBe("dep-004");
        incident.Step("rollback").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("v4 live after");
        incident.Step("rollback")!.Output!.ShouldEndWith("as a new deployment dep-004-rb1");
        runbook.Sent.Select(n => n.Kind).ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
    }
}
