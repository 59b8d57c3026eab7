using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Tests.Vercel;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>
/// API-NOTES.md §11's trap through the whole runbook: after a Vercel rollback the production domains stay put and new
/// production builds are staged until someone promotes. Watchdog records <c>autoAssignCustomDomains</c> first, says what
/// the pin means and how to end it, and a drill rolls forward with <c>promote</c>, leaving the setting as it found it.
/// </summary>
public sealed class VercelRunbookTests : IAsyncLifetime
{
    private VercelHarness _vercel = null!;
    private PeerRunbook _runbook = null!;

    public async Task InitializeAsync()
    {
        _vercel = await VercelHarness.StartAsync();
        _runbook = await PeerRunbook.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        _runbook.Dispose();
        await _vercel.DisposeAsync();
    }

    private Notification Sent(NotificationKind kind) => _runbook.Sent.Single(n => n.Kind == kind);

    [Fact]
    public async Task Rollback_RecordsAutoAssignFirst_AndTheMessagesSayTheDomainsStayAndNameThePromoteCommand()
    {
        var incident = await _runbook.RollBackAsync(_vercel.Provider);

        incident.State.ShouldBe(IncidentState.Monitoring);
        _vercel.Calls.Where(c => c.StartsWith("POST", StringComparison.Ordinal)).ShouldBe([$"POST /v1/projects/{VercelPeer.ProjectId}/rollback/dep-004"]);
        var before = incident.Step(ProductionPin.BeforeStep).ShouldNotBeNull();
        before.Output.ShouldNotBeNull().ShouldStartWith("vercel: autoAssignCustomDomains was on before the rollback; recorded so a drill can restore it");
        before.EndedAt.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(incident.Step("rollback").ShouldNotBeNull().StartedAt);

        var complete = Sent(NotificationKind.RollbackComplete).Lines;
        complete.ShouldContain("Production domains: stay on v4. The rollback turned off autoAssignCustomDomains on vercel, so new production builds are staged, not served, until someone promotes one.");
        complete.ShouldContain("Before the rollback autoAssignCustomDomains was on; promoting a deployment turns it back on.");
        complete.ShouldContain($"To undo the rollback once a fixed deployment is ready: vercel promote <deployment-url-or-id> --scope {VercelPeer.Team}");
        Messages.Resolved(incident, "stable for 2h").Lines.ShouldContain($"To undo the rollback once a fixed deployment is ready: vercel promote <deployment-url-or-id> --scope {VercelPeer.Team}");
        _vercel.Peer.AutoAssign.ShouldBe(false, "a real incident leaves production pinned: only a person promotes the fix");
        _vercel.Peer.Patches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollback_AutoAssignUnreadable_RollsBackAnywayAndSaysItIsUnknown()
    {
        _vercel.Peer.AutoAssign = null;

        var incident = await _runbook.RollBackAsync(_vercel.Provider);

        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Step(ProductionPin.BeforeStep).ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
        Sent(NotificationKind.RollbackComplete).Lines.ShouldContain("What autoAssignCustomDomains was before the rollback could not be read: check it after promoting.");
    }

    [Fact]
    public async Task Rollback_ProjectStagesProductionOnPurpose_TheMessageSaysPromotingTurnsItOn()
    {
        _vercel.Peer.AutoAssign = false;

        await _runbook.RollBackAsync(_vercel.Provider);

        Sent(NotificationKind.RollbackComplete).Lines.ShouldContain(
            "Before the rollback autoAssignCustomDomains was already off (this project stages production on purpose); promoting turns it on, so turn it off again afterwards.");
    }

    [Theory]
    [InlineData(true, true, null, "autoAssignCustomDomains is on, as before the drill")]
    [InlineData(false, true, "{\"autoAssignCustomDomains\":false}", "autoAssignCustomDomains was on after the roll forward; set back to off, as before the drill")]
    [InlineData(true, false, "{\"autoAssignCustomDomains\":true}", "autoAssignCustomDomains was off after the roll forward; set back to on, as before the drill")]
    public async Task Drill_RollsForwardWithPromote_ThenAutoAssignIsAsItWasBefore(bool before, bool promoteRestores, string? patch, string restored)
    {
        // A project may stage production on purpose (off before), and the API's promote may leave the setting off (§11: an inference).
        _vercel.Peer.AutoAssign = before;
        _vercel.Peer.PromoteRestoresAutoAssign = promoteRestores;

        var (report, incident) = await _runbook.DrillAsync(_vercel.Provider);

        report.Outcome.ShouldBe(DrillOutcome.Passed, report.Summary);
        _vercel.Calls.Where(c => c.StartsWith("POST", StringComparison.Ordinal)).ShouldBe(
            [$"POST /v1/projects/{VercelPeer.ProjectId}/rollback/dep-004", $"POST /v10/projects/{VercelPeer.ProjectId}/promote/dep-005"]);
        _vercel.Platform.LiveId.ShouldBe("dep-005");
        _vercel.Peer.Patches.ShouldBe(patch is null ? [] : [patch]);
        _vercel.Peer.AutoAssign.ShouldBe(before);
        incident.Step("domains-restore").ShouldNotBeNull().Output.ShouldBe(restored);
    }

    [Fact]
    public async Task Drill_RollbackAcceptedButItsAliasJobFailed_AutoAssignIsStillPutBack()
    {
        _vercel.Peer.AliasJobsFail = true; // Vercel took the rollback (and turned auto-assignment off), then moved no domain

        var (report, incident) = await _runbook.DrillAsync(_vercel.Provider);

        report.Outcome.ShouldBe(DrillOutcome.Failed);
        incident.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
        _vercel.Calls.ShouldNotContain(c => c.Contains("/promote/", StringComparison.Ordinal), "the original never stopped being live");
        _vercel.Peer.Patches.ShouldBe(["{\"autoAssignCustomDomains\":true}"]);
        incident.Step("domains-restore").ShouldNotBeNull().Output.ShouldBe("autoAssignCustomDomains was off after the roll forward; set back to on, as before the drill");
    }
}
