using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteIncidentStoreTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Get_AfterRestart_ReturnsEveryFieldTimelineAndStepExactly()
    {
        var incident = Samples.Full("20261121-030000-checkout", Samples.T0);
        using (var before = _journal.Open())
            await before.SaveAsync(incident, CancellationToken.None);

        var restored = await _journal.Open().GetAsync(incident.Id, CancellationToken.None);

        restored.ShouldNotBeNull().ShouldMatch(incident);
        restored.Decision.ShouldNotBeNull().Flag.ShouldBe("new-checkout");
        restored.Steps.Select(s => s.Status).ShouldBe([StepStatus.Succeeded, StepStatus.Failed, StepStatus.Started]);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull() =>
        (await _journal.Open().GetAsync("no-such-incident", CancellationToken.None)).ShouldBeNull();

    [Fact]
    public async Task Save_DecisionOnTheIncidentsOwnTrigger_StoresTheTriggerOnce()
    {
        var store = _journal.Open();
        var incident = Samples.Open("a", Samples.T0);

        await store.SaveAsync(incident, CancellationToken.None);

        var decisionJson = _journal.Scalar("SELECT decision_json FROM incidents").ShouldBeOfType<string>();
        decisionJson.ShouldNotContain(incident.Trigger.Summary);
        (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Decision.ShouldNotBeNull().Trigger.ShouldBe(incident.Trigger);
    }

    [Fact]
    public async Task Get_DecisionRemadeOnAWorseTrigger_KeepsTheDecisionsOwnTrigger()
    {
        var store = _journal.Open();
        var incident = Samples.Open("a", Samples.T0);
        incident.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watching");
        var worse = Samples.BareTrigger(Samples.T0.AddMinutes(2));
        incident.Decide(new Decision(RunbookAction.Rollback, "security", worse), Samples.T0.AddMinutes(2));

        await store.SaveAsync(incident, CancellationToken.None);

        var restored = (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull();
        restored.Trigger.ShouldBe(incident.Trigger);
        restored.Decision.ShouldNotBeNull().Trigger.ShouldBe(worse);
    }

    [Fact]
    public async Task Get_TriggerWithNaNAndInfinity_RoundTrips()
    {
        var store = _journal.Open();
        var trigger = Samples.FullTrigger(Samples.T0) with { Value = double.NaN, Baseline = double.PositiveInfinity };
        await store.SaveAsync(new Incident("nan", "api", Mode.Auto, trigger, Samples.T0), CancellationToken.None);

        var restored = (await store.GetAsync("nan", CancellationToken.None)).ShouldNotBeNull();

        restored.Trigger.Value.ShouldNotBeNull().ShouldBe(double.NaN);
        restored.Trigger.Baseline.ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public async Task Save_SameIncidentTwice_ChangesNothingInTheFile()
    {
        var store = _journal.Open();
        var incident = Samples.Full("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);
        var first = _journal.Dump();

        _journal.Time.Advance(TimeSpan.FromMinutes(1));
        await store.SaveAsync(incident, CancellationToken.None);

        _journal.Dump().ShouldBe(first);
    }

    [Fact]
    public async Task Save_AfterAChange_UpdatesTheRowAndItsUpdatedAt()
    {
        var store = _journal.Open();
        var incident = Samples.Open("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);

        _journal.Time.Advance(TimeSpan.FromMinutes(1));
        incident.MoveTo(IncidentState.Monitoring, _journal.Time.GetUtcNow(), "no action");
        await store.SaveAsync(incident, CancellationToken.None);

        _journal.Scalar("SELECT state FROM incidents").ShouldBe("Monitoring");
        _journal.Scalar("SELECT updated_at FROM incidents").ShouldBe("2026-11-21T03:01:00.1234567+00:00");
    }

    [Fact]
    public async Task Save_AfterNewEventsAndStepOutcomes_AddsTheEventsAndUpdatesTheSteps()
    {
        var store = _journal.Open();
        var incident = Samples.Open("a", Samples.T0);
        incident.SetStep(new StepRecord("provider:rollback", StepStatus.Started, 1, Samples.T0, null, null));
        await store.SaveAsync(incident, CancellationToken.None);
        var firstEvents = incident.Timeline.ToList();

        incident.SetStep(new StepRecord("provider:rollback", StepStatus.Succeeded, 1, Samples.T0, Samples.T0.AddSeconds(30), "live: dep_77aa"));
        incident.Record(Samples.T0.AddSeconds(30), TimelineKind.Step, "provider:rollback succeeded");
        incident.Record(Samples.T0.AddSeconds(31), TimelineKind.Notified, "second new event");
        await store.SaveAsync(incident, CancellationToken.None);

        var restored = (await _journal.Open().GetAsync("a", CancellationToken.None)).ShouldNotBeNull();
        restored.Timeline.Count.ShouldBe(firstEvents.Count + 2);
        restored.Timeline.Take(firstEvents.Count).ShouldBe(firstEvents);
        restored.Timeline.ShouldBe(incident.Timeline);
        restored.Steps.ShouldHaveSingleItem().ShouldBe(incident.Step("provider:rollback"));
        _journal.Scalar("SELECT count(*) FROM timeline").ShouldBe((long)incident.Timeline.Count);
    }

    [Fact]
    public async Task Save_EventUnderAnAlreadyJournaledSeq_NeverRewritesIt()
    {
        var store = _journal.Open();
        var incident = Samples.Open("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);

        var rewritten = Incident.Restore(incident.Id, incident.Service, incident.Mode, incident.Trigger, incident.OpenedAt, incident.State,
            incident.Decision, null, [new TimelineEvent(1, Samples.T0, TimelineKind.Detected, "a different story")], []);
        await store.SaveAsync(rewritten, CancellationToken.None);

        (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Timeline.ShouldBe(incident.Timeline);
    }

    [Fact]
    public async Task ListOpen_ReturnsOnlyIncidentsNotClosed()
    {
        var store = _journal.Open();
        var monitoring = Samples.Open("monitoring", Samples.T0);
        monitoring.MoveTo(IncidentState.Monitoring, Samples.T0, "watching");
        var resolved = Samples.Open("resolved", Samples.T0.AddMinutes(1));
        resolved.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watching");
        resolved.MoveTo(IncidentState.Resolved, Samples.T0.AddMinutes(2), "healthy");
        var escalatedOpen = Samples.Open("escalated-open", Samples.T0.AddMinutes(3));
        escalatedOpen.MoveTo(IncidentState.Escalated, Samples.T0.AddMinutes(3), "rollback did not help");
        var escalatedClosed = Samples.Open("escalated-closed", Samples.T0.AddMinutes(4));
        escalatedClosed.MoveTo(IncidentState.Escalated, Samples.T0.AddMinutes(4), "rollback did not help");
        escalatedClosed.Close(Samples.T0.AddMinutes(5), "healthy again");
        foreach (var i in new[] { monitoring, resolved, escalatedOpen, escalatedClosed })
            await store.SaveAsync(i, CancellationToken.None);

        var open = await store.ListOpenAsync(CancellationToken.None);

        open.Select(i => i.Id).ShouldBe(["escalated-open", "monitoring"]);
    }

    [Fact]
    public async Task List_ReturnsNewestFirstUpToTheLimit_EachWithItsOwnTimeline()
    {
        var store = _journal.Open();
        foreach (var minutes in new[] { 3, 0, 4, 1, 2 })
            await store.SaveAsync(Samples.Open($"i{minutes}", Samples.T0.AddMinutes(minutes)), CancellationToken.None);

        var newest = await store.ListAsync(3, CancellationToken.None);
        var all = await store.ListAsync(10, CancellationToken.None);

        newest.Select(i => i.Id).ShouldBe(["i4", "i3", "i2"]);
        all.Select(i => i.Id).ShouldBe(["i4", "i3", "i2", "i1", "i0"]);
        all.ShouldAllBe(i => i.Timeline.Count == 2 && i.Timeline[0].Message.StartsWith(i.Id + ":"));
        (await store.ListAsync(0, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AutomaticRollbacksSince_CountsOnlyAutoAndUnvetoedRollbacksOfThatServiceFromSinceOn()
    {
        var store = _journal.Open();
        var since = Samples.T0;
        var saves = new[]
        {
            Samples.RolledBack("at-since", since.AddMinutes(-1), since),
            Samples.RolledBack("later", since.AddHours(1), since.AddHours(2)),
            Samples.RolledBack("before", since.AddHours(-2), since.AddTicks(-1)),
            // 30 minutes before since, written at +05:00: its local text sorts after since's, its instant does not.
            Samples.RolledBack("offset-before", since.AddHours(-3), since.AddMinutes(-30).ToOffset(TimeSpan.FromHours(5))),
            Samples.RolledBack("approved", since.AddHours(1), since.AddHours(1), mode: Mode.Approve),
            Samples.RolledBack("dry-run", since.AddHours(1), since.AddHours(1), mode: Mode.DryRun),
            Samples.RolledBack("other-service", since.AddHours(1), since.AddHours(1), service: "web"),
            // A drill rolls back for real, on purpose: it must not spend the budget real incidents need.
            Samples.RolledBack("drill", since.AddHours(1), since.AddHours(1), drill: true),
            Samples.Open("not-rolled-back", since.AddHours(1)),
        };
        // Approve mode, but nobody approved: the veto window passed in silence. That is automatic too.
        var unvetoed = Samples.RolledBack("unvetoed", since.AddHours(3), since.AddHours(3), mode: Mode.Approve);
        unvetoed.Record(since.AddHours(3), TimelineKind.Unvetoed, "no veto within 5m: acting as announced");
        foreach (var incident in saves.Append(unvetoed))
            await store.SaveAsync(incident, CancellationToken.None);

        var started = await store.AutomaticRollbacksSinceAsync("api", since, CancellationToken.None);

        started.ShouldBe([since, since.AddHours(2), since.AddHours(3)]);
    }

    [Fact]
    public async Task Get_DrillIncident_KeepsItsDrillMark()
    {
        var drill = Samples.RolledBack("20261121-100000-000-staging-drill", Samples.T0, Samples.T0.AddSeconds(1), service: "staging", drill: true);
        using (var before = _journal.Open())
        {
            await before.SaveAsync(drill, CancellationToken.None);
            await before.SaveAsync(Samples.Open("real", Samples.T0), CancellationToken.None);
        }

        var after = _journal.Open();

        (await after.GetAsync(drill.Id, CancellationToken.None)).ShouldNotBeNull().ShouldMatch(drill);
        (await after.ListAsync(10, CancellationToken.None)).Select(i => (i.Id, i.Drill)).ShouldBe([(drill.Id, true), ("real", false)], ignoreOrder: true);
    }
}
