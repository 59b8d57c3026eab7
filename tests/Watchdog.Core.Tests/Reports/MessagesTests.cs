using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Reports;

public class MessagesTests
{
    /// <summary>Error rate 23.4% against 10% for 5m, rolled back from v3 to v2.</summary>
    private static Incident RolledBack()
    {
        // Sentry measured over its 2-minute span; the rule held for its 5 minutes.
        var trigger = Firing(ErrorRate, 0.234, T0, T0.AddMinutes(5)) with { MeasuredOver = TimeSpan.FromMinutes(2) };
        var incident = new Incident("20261121-030500-api", "api", Mode.Auto, trigger, T0.AddMinutes(5))
        {
            FromVersion = "v3",
            ToVersion = "v2",
            RollbackStartedAt = T0.AddMinutes(6),
            RestoredAt = T0.AddMinutes(10),
        };
        incident.Decide(RunbookPolicy.Decide(trigger, new Dictionary<string, string>()), T0.AddMinutes(5));
        return incident;
    }

    private static Notification Build(NotificationKind kind, Incident i) => kind switch
    {
        NotificationKind.Alert => Messages.Alert(i, "monitor and fix forward"),
        NotificationKind.ApprovalNeeded => Messages.ApprovalNeeded(i),
        NotificationKind.RollbackInProgress => Messages.RollbackInProgress(i),
        NotificationKind.RollbackProgress => Messages.RollbackProgress(i, "waiting for v2 to go live", TimeSpan.FromMinutes(2), (TimeSpan.FromMinutes(4), 3), TimeSpan.FromMinutes(10)),
        NotificationKind.RollbackComplete => Messages.RollbackComplete(i, ["✅ smoke test login"], TimeSpan.FromHours(2)),
        NotificationKind.Escalation => Messages.Escalation(i, "the rollback did not help", "rolled back"),
        NotificationKind.Progress => Messages.Progress(i, [], TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)),
        NotificationKind.Resolved => Messages.Resolved(i, "stable for 2h"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Fact(Notification n, string key) => n.Facts.Single(f => f.Key == key).Value;

    /// <summary>Every kind that speaks of an incident; Blind, SeesAgain, QuarantinedRedeployed, DeployDuringFreeze and AutonomyChanged speak of a source, a release or a rule and have their own tests.</summary>
    public static TheoryData<NotificationKind> EveryKind() => [.. Enum.GetValues<NotificationKind>().Where(k => k is not (NotificationKind.Blind or NotificationKind.SeesAgain
        or NotificationKind.QuarantinedRedeployed or NotificationKind.DeployDuringFreeze or NotificationKind.AutonomyChanged))];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void EveryMessage_SaysRuleMeasuredThresholdWindowAndVersions(NotificationKind kind)
    {
        var incident = RolledBack();

        var n = Build(kind, incident);

        n.Kind.ShouldBe(kind);
        n.Service.ShouldBe("api");
        n.IncidentId.ShouldBe(incident.Id);
        Fact(n, "Rule").ShouldBe("error-rate");
        Fact(n, "Measured").ShouldBe("23.4%");
        Fact(n, "Threshold").ShouldBe("10%");
        Fact(n, "Window").ShouldBe("2m");
        Fact(n, "Held for").ShouldBe("5m");
        Fact(n, "From version").ShouldBe("v3");
        Fact(n, "To version").ShouldBe("v2");
        Fact(n, "Mode").ShouldBe("Auto");
        Fact(n, "Decision").ShouldStartWith("Rollback: ");
        n.Text.ShouldStartWith(n.Title + "\n\n");
    }

    [Theory]
    [InlineData(NotificationKind.Alert)]
    [InlineData(NotificationKind.ApprovalNeeded)]
    [InlineData(NotificationKind.RollbackInProgress)]
    [InlineData(NotificationKind.RollbackComplete)]
    [InlineData(NotificationKind.Escalation)]
    public void MessagesAboutTheTrip_SayWhyInTheirBody(NotificationKind kind)
    {
        var text = Build(kind, RolledBack()).Text;

        text.ShouldContain("error-rate (ErrorRate > 10% for 5m): firing, measured 23.4%");
    }

    [Fact]
    public void UnknownVersions_AreLeftOutOfTheFacts()
    {
        var incident = RolledBack();
        incident.FromVersion = null;
        incident.ToVersion = null;

        var n = Messages.Alert(incident, "watching");

        n.Facts.ShouldNotContain(f => f.Key == "From version" || f.Key == "To version");
    }

    [Fact]
    public void Alert_FollowsTheIssueImpactDecisionTemplate()
    {
        var n = Messages.Alert(RolledBack(), "monitor and fix forward");

        n.Severity.ShouldBe(Severity.Warning);
        n.Title.ShouldBe("⚠️ api: error-rate tripped");
        n.Lines[1].ShouldBe("Impact: about 23.4% of requests failing since 03:00:00Z");
        n.Lines[2].ShouldBe("Decision: monitor and fix forward");
    }

    [Fact]
    public void RollbackInProgress_FollowsTheSeedTemplate()
    {
        var n = Messages.RollbackInProgress(RolledBack());

        n.Severity.ShouldBe(Severity.Critical);
        n.Title.ShouldBe("🚨 ROLLBACK IN PROGRESS 🚨");
        n.Lines.ShouldContain(l => l.StartsWith("Decision: roll back from v3 to v2 (", StringComparison.Ordinal));
        n.Lines.ShouldContain("ETA: about 15 minutes (no rollback of this service measured yet)");
        n.Lines.ShouldContain("DO NOT deploy anything until rollback complete.");
    }

    [Fact]
    public void RollbackComplete_GivesDurationVersionsChecksAndMetrics()
    {
        var n = Messages.RollbackComplete(RolledBack(), ["✅ smoke test login", "✅ healthy"], TimeSpan.FromHours(2));

        n.Title.ShouldBe("✅ ROLLBACK COMPLETE");
        n.Lines.ShouldContain("Rollback duration: 4m");
        n.Lines.ShouldContain("Version: reverted from v3 to v2");
        n.Lines.ShouldContain("  ✅ smoke test login");
        n.Lines.ShouldContain("  ✅ healthy");
        n.Lines.ShouldContain("Metrics: time to detect 5m, to initiate 1m, to restore 5m");
        n.Lines[^1].ShouldContain("monitoring for 2h00m");
    }

    [Fact]
    public void ApprovalNeeded_NamesTheIncidentToApprove()
    {
        var n = Messages.ApprovalNeeded(RolledBack());

        n.Severity.ShouldBe(Severity.High);
        n.Text.ShouldContain("Nothing is done until a person approves or vetoes incident 20261121-030500-api.");
        n.Text.ShouldContain("Approve: the link below, `watchdog approve 20261121-030500-api`, or POST /api/incidents/20261121-030500-api/approve");
        n.Text.ShouldContain("Proposed: roll back from v3 to v2");
    }

    [Fact]
    public void ApprovalNeeded_ForAFlag_ProposesTheFlag()
    {
        var incident = new Incident("i", "api", Mode.Approve, ErrorRateTrigger(), T0);
        incident.Decide(new Decision(RunbookAction.DisableFlag, "30% affected", incident.Trigger, "FEATURE_X"), T0);

        Messages.ApprovalNeeded(incident).Text.ShouldContain("Proposed: disable feature flag FEATURE_X (30% affected)");
    }

    [Fact]
    public void Escalation_SaysWhyWhatWasDoneAndVersions()
    {
        var n = Messages.Escalation(RolledBack(), "the rollback did not help: error rate 30%", "rollback succeeded; verify failed");

        n.Severity.ShouldBe(Severity.Critical);
        n.Lines.ShouldContain("Why: the rollback did not help: error rate 30%");
        n.Lines.ShouldContain("What Watchdog did: rollback succeeded; verify failed");
        n.Lines.ShouldContain("Versions: live v3, rollback target v2");
        n.Text.ShouldContain("will not roll back again");
    }

    [Fact]
    public void Resolved_SaysHowAndHowLong()
    {
        var incident = RolledBack();
        incident.MoveTo(IncidentState.RollingBack, T0.AddMinutes(6), "x");
        incident.MoveTo(IncidentState.Verifying, T0.AddMinutes(8), "x");
        incident.MoveTo(IncidentState.Resolved, T0.AddMinutes(40), "x");

        var n = Messages.Resolved(incident, "stable for 30m");

        n.Lines.ShouldContain("Service Status: stable for 30m");
        n.Lines.ShouldContain("Version: v2");
        n.Lines.ShouldContain("Duration: 40m");
    }

    [Fact]
    public void PerformanceTrigger_CarriesTheBaseline()
    {
        var rule = new Rule("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(10), 10, Meaning.Performance);
        var incident = new Incident("i", "api", Mode.Auto, Firing(rule, 0.9, T0, T0.AddMinutes(10), baseline: 0.2), T0);

        var n = Messages.Alert(incident, "watching");

        Fact(n, "Measured").ShouldBe("900 ms");
        Fact(n, "Baseline").ShouldBe("200 ms, configured");
        Fact(n, "Held for").ShouldBe("10m");
        n.Facts.ShouldNotContain(f => f.Key == "Window"); // the reading said over what span it measured nothing
        n.Text.ShouldContain("Impact: Performance since 03:00:00Z");
    }

    [Theory]
    [InlineData(NotificationKind.ApprovalNeeded, "Status: Investigating")]
    [InlineData(NotificationKind.Escalation, "Status: Investigating")]
    [InlineData(NotificationKind.RollbackInProgress, "Status: Identified")]
    [InlineData(NotificationKind.RollbackComplete, "Status: Monitoring")]
    [InlineData(NotificationKind.Resolved, "Post-mortem will be shared within 24 hours.")]
    public void PublicText_FollowsTheSeedsStatusPageTemplatesAndHoldsNoInternals(NotificationKind kind, string expected)
    {
        var incident = RolledBack();
        var n = Build(kind, incident);

        var text = n.Public.ShouldNotBeNull();
        text.ShouldContain(expected);
        text.ShouldContain(incident.Service);
        foreach (var internals in new[] { incident.FromVersion!, incident.ToVersion!, incident.Trigger.Source, incident.Id, "%" })
            text.ShouldNotContain(internals);
    }

    [Theory]
    [InlineData(NotificationKind.Alert)]
    [InlineData(NotificationKind.Progress)]
    public void PublicText_IsNullForWhatThePublicNeedNotHear(NotificationKind kind) => Build(kind, RolledBack()).Public.ShouldBeNull();
}
