using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Tests.Providers;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>Runs a rollback end to end and checks where it went and that the journal and the announcement say why.</summary>
internal static class ChosenTarget
{
    public static async Task ShouldRollBackToAsync(IDeploymentProvider provider, FakePlatform platform, string targetId, string why)
    {
        using var runbook = await PeerRunbook.OpenAsync();

        var incident = await runbook.RollBackAsync(provider);

        incident.State.ShouldBe(IncidentState.Monitoring);
        platform.RollbackTargets.ShouldBe([targetId]);
        incident.Step("identify").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("chosen because " + why);
        runbook.Sent.First(n => n.Kind == NotificationKind.RollbackInProgress).Lines.ShouldContain("Target: " + why);
    }
}
