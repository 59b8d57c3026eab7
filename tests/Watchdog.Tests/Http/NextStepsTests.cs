using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Http;

namespace Watchdog.Tests.Http;

/// <summary>What the page tells a person to do once Watchdog has stopped acting, or waits on them.</summary>
public class NextStepsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    private static StatusSnapshot Snapshot(bool trusted) =>
        new(T0.AddMinutes(10), true, [], new DeployFreeze([]), [], [], new Dictionary<string, Incident>(), null) { Trusted = trusted, BaseUrl = "https://watchdog.example/" };

    private static Incident Escalated()
    {
        var i = new Incident("inc-7", "api", Mode.Auto, new Trigger("availability", Meaning.CoreBroken, "down", T0, T0), T0) { FromVersion = "v2", ToVersion = "v1", TargetDeploymentId = "dep-v1" };
        i.Decide(new Decision(RunbookAction.Rollback, "core broken", i.Trigger), T0);
        i.MoveTo(IncidentState.RollingBack, T0.AddSeconds(1), "rolling back");
        i.SetStep(new StepRecord("rollback", StepStatus.Succeeded, 1, T0.AddSeconds(1), T0.AddSeconds(2), "accepted\n$ railway redeploy --token s3cr3t\ndone"));
        i.MoveTo(IncidentState.Verifying, T0.AddSeconds(2), "verifying");
        i.SetStep(new StepRecord("verify", StepStatus.Failed, 1, T0.AddSeconds(2), T0.AddSeconds(5), "health 0/5 healthy"));
        i.MoveTo(IncidentState.Escalated, T0.AddSeconds(5), "verification failed");
        return i;
    }

    private static string Render(Incident i, bool trusted = false)
    {
        var h = new HtmlText();
        NextSteps.Render(h, Snapshot(trusted), i);
        return h.ToString();
    }

    [Fact]
    public void Escalated_SaysWhatWasTriedWhatIsLiveAndTheCommands()
    {
        var html = Render(Escalated());

        html.ShouldContain("<tr><td>rollback</td><td>succeeded</td><td>1</td>");
        html.ShouldContain("<tr><td>verify</td><td>failed</td><td>1</td><td>health 0/5 healthy</td></tr>");
        html.ShouldContain("the journal says <strong>v1</strong> (the rollback to v1 went through)");
        html.ShouldContain("<code>Watchdog rollback --service api --to dep-v1</code>");
        html.ShouldContain("https://watchdog.example/api/services/api/rollback");
        html.ShouldContain("<code>Watchdog approve inc-7</code>");
        html.ShouldContain("https://watchdog.example/api/incidents/inc-7/veto");
        html.ShouldContain("closes by itself");
    }

    [Fact]
    public void Escalated_AfterARollbackThatPinnedProduction_SaysTheDomainsStayAndGivesThePromoteCommand()
    {
        var i = Escalated();
        var pin = new Watchdog.Core.Reports.ProductionPin("vercel", "autoAssignCustomDomains", true, "vercel promote <deployment-url-or-id> --scope team_ops");
        i.SetStep(new StepRecord(Watchdog.Core.Reports.ProductionPin.BeforeStep, StepStatus.Succeeded, 1, T0, T0.AddSeconds(1), pin.Write()));

        var html = Render(i);

        html.ShouldContain("<li>Production domains: stay on v1. The rollback turned off autoAssignCustomDomains on vercel");
        html.ShouldContain("Undo it once a fixed deployment is ready: <code>vercel promote &lt;deployment-url-or-id&gt; --scope team_ops</code></li>");
        Render(Escalated()).ShouldNotContain("Production domains");
    }

    [Fact]
    public void Escalated_CommandOutput_IsHiddenFromAnonymousReadersOnly()
    {
        Render(Escalated()).ShouldNotContain("s3cr3t");
        Render(Escalated()).ShouldContain(ReadAccess.HiddenTranscript);
        Render(Escalated(), trusted: true).ShouldContain("railway redeploy --token s3cr3t");
    }

    [Fact]
    public void AwaitingApproval_GivesTheApproveAndVetoCommands_MonitoringNothing()
    {
        var waiting = new Incident("inc-8", "api", Mode.Approve, new Trigger("manual:k", Meaning.CoreBroken, "down", T0, T0), T0);
        waiting.Decide(new Decision(RunbookAction.Rollback, "core broken", waiting.Trigger), T0);
        waiting.MoveTo(IncidentState.AwaitingApproval, T0, "waiting");
        var approval = Render(waiting);
        waiting.MoveTo(IncidentState.Monitoring, T0.AddSeconds(1), "vetoed");

        approval.ShouldContain("<code>Watchdog approve inc-8</code>");
        approval.ShouldContain("https://watchdog.example/api/incidents/inc-8/veto");
        approval.ShouldNotContain("Watchdog rollback");
        Render(waiting).ShouldBeEmpty();
    }
}
