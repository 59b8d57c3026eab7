using Watchdog.Core.Incidents;
using Watchdog.Demo;

namespace Watchdog.Tests.EndToEnd;

/// <summary>The README's first command, as a test: the whole loop on loopback.</summary>
public class DemoScenarioTests
{
    [Fact]
    public async Task Demo_FaultyV2Deployed_DetectsRollsBackOnceVerifiesNotifiesAndResolves()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-demo-test-");
        var output = new StringWriter();
        try
        {
            var result = await DemoScenario.RunAsync(dir.FullName, output, TimeSpan.FromSeconds(50), CancellationToken.None);

            var incident = result.Incident.ShouldNotBeNull(output.ToString());
            incident.State.ShouldBe(IncidentState.Resolved, output.ToString());
            incident.FromVersion.ShouldBe("v2");
            incident.ToVersion.ShouldBe("v1");
            result.Live.ShouldBe("v1");
            result.RollbackCommandRuns.ShouldBe(1);

            // The resolution is a journaled step too: the journal shows whether people heard it.
            var steps = incident.Steps.OrderBy(s => s.StartedAt).Select(s => s.Key).ToList();
            steps.ShouldBe(["identify", "announce", "rollback", "quarantine", "stabilize:clear-cache", "smoke:login", "verify", "verify-rules", "notify-complete", "notify-resolved"]);
            incident.Steps.ShouldAllBe(s => s.Status == StepStatus.Succeeded);
            var verify = incident.Step("verify")!.Output!;
            verify.ShouldContain("version endpoint shows v1");
            verify.ShouldContain("platform reports v1 live");
            // The rule that tripped is judged again on its own source, measuring v1 only.
            incident.Step("verify-rules")!.Output!.ShouldContain($"{incident.Trigger.Source} clear since the rollback");
            incident.Metrics.TimeToDetect.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
            incident.Metrics.TimeToRestore.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);

            result.RejectedMessages.ShouldBe(0);
            result.Received.Select(m => m.Kind).ShouldBe(["rollback_in_progress", "rollback_complete", "resolved"]);
            var inProgress = result.Received[0].Text;
            inProgress.ShouldContain("ROLLBACK IN PROGRESS");
            inProgress.ShouldContain("from v2 to v1");
            result.Received[1].Text.ShouldContain("reverted from v2 to v1");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
