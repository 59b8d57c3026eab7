using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Tests.Storage;

internal static class Samples
{
    /// <summary>Carries sub-millisecond ticks, so a store that kept only milliseconds would fail the comparisons.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    /// <summary>A trigger with every optional field set.</summary>
    public static Trigger FullTrigger(DateTimeOffset since) => new(
        "error-rate", Meaning.UsersAffected, "error rate 23.4% above 10% for 5m (baseline 1.2%)", since, since.AddMinutes(5).AddTicks(7),
        Signal.ErrorRate, 0.234, 0.10, TimeSpan.FromMinutes(5).Add(TimeSpan.FromTicks(3)), 0.012,
        "trailing 1h00m: median of 30 healthy readings") { MeasuredOver = TimeSpan.FromMinutes(2).Add(TimeSpan.FromTicks(1)) };

    public static Trigger BareTrigger(DateTimeOffset at) => new("manual", Meaning.Security, "security breach reported by on-call", at, at);

    public static Incident Open(string id, DateTimeOffset openedAt, string service = "api", Mode mode = Mode.Auto, bool drill = false)
    {
        var trigger = FullTrigger(openedAt.AddMinutes(-5));
        var incident = new Incident(id, service, mode, trigger, openedAt) { Drill = drill };
        incident.Record(trigger.DetectedAt, TimelineKind.Detected, $"{id}: {trigger.Summary}");
        incident.Decide(new Decision(RunbookAction.Rollback, "more than half of users affected", trigger), openedAt);
        return incident;
    }

    /// <summary>Opened, decided, rolled back, and (when <paramref name="rolledBackAt"/> is given) rolling back since then.</summary>
    public static Incident RolledBack(string id, DateTimeOffset openedAt, DateTimeOffset rolledBackAt, string service = "api", Mode mode = Mode.Auto, bool drill = false)
    {
        var incident = Open(id, openedAt, service, mode, drill);
        incident.RollbackStartedAt = rolledBackAt;
        incident.MoveTo(IncidentState.RollingBack, rolledBackAt, "rolling back");
        return incident;
    }

    /// <summary>Every field the journal keeps, set: a flag decision, versions, all timestamps, steps of each status, closed.</summary>
    public static Incident Full(string id, DateTimeOffset t)
    {
        var trigger = FullTrigger(t.AddMinutes(-5));
        var incident = new Incident(id, "checkout", Mode.Approve, trigger, t);
        incident.Record(trigger.DetectedAt, TimelineKind.Detected, trigger.Summary);
        incident.Decide(new Decision(RunbookAction.DisableFlag, "more than 10% affected, core intact", trigger, "new-checkout"), t.AddTicks(1));
        incident.MoveTo(IncidentState.AwaitingApproval, t.AddSeconds(1), "asked #ops for approval");
        incident.FromVersion = "v2.4.0 (deploy 8f1c)";
        incident.ToVersion = "v2.3.9 (deploy 77aa)";
        incident.TargetDeploymentId = "dep_77aa";
        incident.RollbackStartedAt = t.AddSeconds(42).AddTicks(5);
        incident.MoveTo(IncidentState.RollingBack, t.AddSeconds(42), "approved by alice; disabling feature flag new-checkout");
        incident.SetStep(new StepRecord("notify-alert", StepStatus.Succeeded, 1, t.AddSeconds(1), t.AddSeconds(2), "slack: ok; pagerduty: ok"));
        incident.SetStep(new StepRecord("provider:disable-flag", StepStatus.Failed, 2, t.AddSeconds(43), t.AddSeconds(44).AddTicks(9), "HTTP 502 from provider\nsecond line"));
        incident.SetStep(new StepRecord("stabilize:cache", StepStatus.Started, 1, t.AddSeconds(50), null, null));
        incident.MoveTo(IncidentState.Stabilizing, t.AddSeconds(50), "target live; stabilizing");
        incident.MoveTo(IncidentState.Verifying, t.AddSeconds(60), "stabilized; verifying");
        incident.RestoredAt = t.AddSeconds(90).AddTicks(11);
        incident.MoveTo(IncidentState.Resolved, t.AddMinutes(30), "stable for 30m");
        return incident;
    }

    public static void ShouldMatch(this Incident actual, Incident expected)
    {
        actual.Id.ShouldBe(expected.Id);
        actual.Service.ShouldBe(expected.Service);
        actual.Mode.ShouldBe(expected.Mode);
        actual.State.ShouldBe(expected.State);
        actual.Drill.ShouldBe(expected.Drill);
        actual.Trigger.ShouldBe(expected.Trigger);
        actual.Decision.ShouldBe(expected.Decision);
        actual.FromVersion.ShouldBe(expected.FromVersion);
        actual.ToVersion.ShouldBe(expected.ToVersion);
        actual.TargetDeploymentId.ShouldBe(expected.TargetDeploymentId);
        Exact(actual.OpenedAt).ShouldBe(Exact(expected.OpenedAt));
        Exact(actual.ImpactStartedAt).ShouldBe(Exact(expected.ImpactStartedAt));
        Exact(actual.DetectedAt).ShouldBe(Exact(expected.DetectedAt));
        Exact(actual.RollbackStartedAt).ShouldBe(Exact(expected.RollbackStartedAt));
        Exact(actual.RestoredAt).ShouldBe(Exact(expected.RestoredAt));
        Exact(actual.ClosedAt).ShouldBe(Exact(expected.ClosedAt));
        actual.Timeline.ShouldBe(expected.Timeline);
        actual.Steps.ShouldBe(expected.Steps);
    }

    // DateTimeOffset equality compares instants only; ticks and offset together pin the exact value.
    private static string? Exact(DateTimeOffset? value) => value is { } v ? $"{v.UtcTicks}{v.Offset}" : null;
}
