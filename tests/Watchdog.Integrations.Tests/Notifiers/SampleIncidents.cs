using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>Notifications as Core builds them for a realistic incident: checkout's error rate at 23.5% over 2 minutes, held for 5.</summary>
internal static class SampleIncidents
{
    public static readonly DateTimeOffset BreachStarted = new(2026, 11, 21, 2, 50, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Detected = BreachStarted.AddMinutes(5);

    public static Incident CheckoutErrorRate()
    {
        var rule = Rule.Defaults.Single(r => r.Name == "error-rate");
        var verdict = new Verdict(rule, RuleStatus.Firing, Reading.Of(Signal.ErrorRate, 0.235, 1200, Detected) with { Window = TimeSpan.FromMinutes(2) }, BreachStarted, Inconclusion.None, null);
        var trigger = Trigger.From(verdict);
        var incident = new Incident($"{Detected:yyyyMMdd-HHmmss}-checkout", "checkout", Mode.Auto, trigger, Detected)
        {
            FromVersion = "v2.4.1",
            ToVersion = "v2.4.0",
        };
        incident.Decide(new Decision(RunbookAction.Rollback, "more than 10% of users affected and no feature flag mapped", trigger), Detected);
        incident.RollbackStartedAt = Detected.AddSeconds(4);
        incident.MoveTo(IncidentState.RollingBack, Detected.AddSeconds(4), "rolling back to v2.4.0");
        return incident;
    }

    /// <summary>A person is asked to approve; it has a public text, so every channel sends it, as one request (Statuspage opens its incident).</summary>
    public static Notification ApprovalNeeded() => Messages.ApprovalNeeded(CheckoutErrorRate());

    public static Notification RollbackInProgress() => Messages.RollbackInProgress(CheckoutErrorRate());
}
