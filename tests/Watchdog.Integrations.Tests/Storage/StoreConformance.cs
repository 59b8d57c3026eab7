using System.Data.Common;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>
/// What every incident journal must do, whatever its engine: keep every field, timeline event and step exactly across
/// a restart, save idempotently, list and count as the runbook's budget needs, hold the ledger's first-use-wins under
/// concurrency, and know when it is sound. Each engine's tests derive from this with a fresh journal per test.
/// </summary>
public abstract partial class StoreConformance : IDisposable
{
    protected abstract ManualTimeProvider Time { get; }

    /// <summary>A new store instance on the test's journal, as a restarted process would make one.</summary>
    protected abstract JournalStore Open();

    /// <summary>A connection of the test's own, to look at what is really stored.</summary>
    protected abstract DbConnection Raw();

    public abstract void Dispose();

    protected object? Scalar(string sql)
    {
        using var connection = Raw();
        return connection.Scalar(sql);
    }

    /// <summary>Every row of the journal's tables as text, to compare what is stored before and after.</summary>
    protected string Dump()
    {
        using var connection = Raw();
        var lines = new List<string>();
        foreach (var (table, order) in new[] { ("incidents", "id"), ("timeline", "incident_id, seq"), ("steps", "incident_id, \"key\""), ("quarantine", "service, version"), ("ledger", "scope, \"key\"") })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString())));
        }

        return string.Join('\n', lines);
    }

    [StoreFact]
    public async Task Get_AfterRestart_ReturnsEveryFieldTimelineAndStepExactly()
    {
        var incident = Samples.Full("20261121-030000-checkout", Samples.T0);
        using (var before = Open())
            await before.SaveAsync(incident, CancellationToken.None);

        var restored = await Open().GetAsync(incident.Id, CancellationToken.None);

        restored.ShouldNotBeNull().ShouldMatch(incident);
        restored.Decision.ShouldNotBeNull().Flag.ShouldBe("new-checkout");
        restored.Steps.Select(s => s.Status).ShouldBe([StepStatus.Succeeded, StepStatus.Failed, StepStatus.Started]);
    }

    [StoreFact]
    public async Task Get_UnknownId_ReturnsNull() =>
        (await Open().GetAsync("no-such-incident", CancellationToken.None)).ShouldBeNull();

    [StoreFact]
    public async Task Save_DecisionOnTheIncidentsOwnTrigger_StoresTheTriggerOnce()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);

        await store.SaveAsync(incident, CancellationToken.None);

        var decisionJson = Scalar("SELECT decision_json FROM incidents").ShouldBeOfType<string>();
        decisionJson.ShouldNotContain(incident.Trigger.Summary);
        (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Decision.ShouldNotBeNull().Trigger.ShouldBe(incident.Trigger);
    }

    [StoreFact]
    public async Task Get_ADecisionAPersonMustMake_KeepsWhy_SoNoVetoWindowActsAfterARestart()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);
        incident.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watching");
        incident.Decide(incident.Decision! with { PersonDecides = "the top suspect is variable DATABASE_POOL changed at Railway" }, Samples.T0.AddMinutes(2));

        await store.SaveAsync(incident, CancellationToken.None);

        (await Open().GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Decision.ShouldNotBeNull().PersonDecides
            .ShouldBe("the top suspect is variable DATABASE_POOL changed at Railway");
    }

    [StoreFact]
    public async Task Get_DecisionRemadeOnAWorseTrigger_KeepsTheDecisionsOwnTrigger()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);
        incident.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watching");
        var worse = Samples.BareTrigger(Samples.T0.AddMinutes(2));
        incident.Decide(new Decision(RunbookAction.Rollback, "security", worse), Samples.T0.AddMinutes(2));

        await store.SaveAsync(incident, CancellationToken.None);

        var restored = (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull();
        restored.Trigger.ShouldBe(incident.Trigger);
        restored.Decision.ShouldNotBeNull().Trigger.ShouldBe(worse);
    }

    [StoreFact]
    public async Task Get_TriggerWithNaNAndInfinity_RoundTrips()
    {
        var store = Open();
        var trigger = Samples.FullTrigger(Samples.T0) with { Value = double.NaN, Baseline = double.PositiveInfinity };
        await store.SaveAsync(new Incident("nan", "api", Mode.Auto, trigger, Samples.T0), CancellationToken.None);

        var restored = (await store.GetAsync("nan", CancellationToken.None)).ShouldNotBeNull();

        restored.Trigger.Value.ShouldNotBeNull().ShouldBe(double.NaN);
        restored.Trigger.Baseline.ShouldBe(double.PositiveInfinity);
    }

    [StoreFact]
    public async Task Get_TriggerWithAJudgement_RoundTripsTheStatisticPValueAndEffect()
    {
        var store = Open();
        var judgement = new Watchdog.Core.Rules.Judgement(Watchdog.Core.Rules.JudgeOutcome.Regressed, "v2 (dep-2)",
            [new("previous release v1 (dep-1)", new Watchdog.Core.Rules.RankTest(372, 2.06, 0.0196, 0.03, 25, 22))], 2, 6, 0.02 / 6, 0.01, null);
        var trigger = Samples.FullTrigger(Samples.T0) with { Judgement = judgement };
        await store.SaveAsync(new Incident("judged", "api", Mode.Auto, trigger, Samples.T0), CancellationToken.None);

        var restored = (await store.GetAsync("judged", CancellationToken.None)).ShouldNotBeNull();

        restored.Trigger.Judgement.ShouldBe(judgement);
        restored.Trigger.ShouldBe(trigger);
    }

    [StoreFact]
    public async Task Save_SameIncidentTwice_ChangesNothingStored()
    {
        var store = Open();
        var incident = Samples.Full("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);
        var first = Dump();

        Time.Advance(TimeSpan.FromMinutes(1));
        await store.SaveAsync(incident, CancellationToken.None);

        Dump().ShouldBe(first);
    }

    [StoreFact]
    public async Task Save_AfterAChange_UpdatesTheRowAndItsUpdatedAt()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);

        Time.Advance(TimeSpan.FromMinutes(1));
        incident.MoveTo(IncidentState.Monitoring, Time.GetUtcNow(), "no action");
        await store.SaveAsync(incident, CancellationToken.None);

        Scalar("SELECT state FROM incidents").ShouldBe("Monitoring");
        Scalar("SELECT updated_at FROM incidents").ShouldBe("2026-11-21T03:01:00.1234567+00:00");
    }

    [StoreFact]
    public async Task Save_AfterNewEventsAndStepOutcomes_AddsTheEventsAndUpdatesTheSteps()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);
        incident.SetStep(new StepRecord("provider:rollback", StepStatus.Started, 1, Samples.T0, null, null));
        await store.SaveAsync(incident, CancellationToken.None);
        var firstEvents = incident.Timeline.ToList();

        incident.SetStep(new StepRecord("provider:rollback", StepStatus.Succeeded, 1, Samples.T0, Samples.T0.AddSeconds(30), "live: dep_77aa"));
        incident.Record(Samples.T0.AddSeconds(30), TimelineKind.Step, "provider:rollback succeeded");
        incident.Record(Samples.T0.AddSeconds(31), TimelineKind.Notified, "second new event");
        await store.SaveAsync(incident, CancellationToken.None);

        var restored = (await Open().GetAsync("a", CancellationToken.None)).ShouldNotBeNull();
        restored.Timeline.Count.ShouldBe(firstEvents.Count + 2);
        restored.Timeline.Take(firstEvents.Count).ShouldBe(firstEvents);
        restored.Timeline.ShouldBe(incident.Timeline);
        restored.Steps.ShouldHaveSingleItem().ShouldBe(incident.Step("provider:rollback"));
        Scalar("SELECT count(*) FROM timeline").ShouldBe((long)incident.Timeline.Count);
    }

    [StoreFact]
    public async Task Save_EventUnderAnAlreadyJournaledSeq_NeverRewritesIt()
    {
        var store = Open();
        var incident = Samples.Open("a", Samples.T0);
        await store.SaveAsync(incident, CancellationToken.None);

        var rewritten = Incident.Restore(incident.Id, incident.Service, incident.Mode, incident.Trigger, incident.OpenedAt, incident.State,
            incident.Decision, null, [new TimelineEvent(1, Samples.T0, TimelineKind.Detected, "a different story")], []);
        await store.SaveAsync(rewritten, CancellationToken.None);

        (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Timeline.ShouldBe(incident.Timeline);
    }

    [StoreFact]
    public async Task ListOpen_ReturnsOnlyIncidentsNotClosed()
    {
        var store = Open();
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

    [StoreFact]
    public async Task List_ReturnsNewestFirstUpToTheLimit_EachWithItsOwnTimeline()
    {
        var store = Open();
        foreach (var minutes in new[] { 3, 0, 4, 1, 2 })
            await store.SaveAsync(Samples.Open($"i{minutes}", Samples.T0.AddMinutes(minutes)), CancellationToken.None);

        var newest = await store.ListAsync(3, CancellationToken.None);
        var all = await store.ListAsync(10, CancellationToken.None);

        newest.Select(i => i.Id).ShouldBe(["i4", "i3", "i2"]);
        all.Select(i => i.Id).ShouldBe(["i4", "i3", "i2", "i1", "i0"]);
        all.ShouldAllBe(i => i.Timeline.Count == 2 && i.Timeline[0].Message.StartsWith(i.Id + ":"));
        (await store.ListAsync(0, CancellationToken.None)).ShouldBeEmpty();
    }

    [StoreFact]
    public async Task AutomaticRollbacksSince_CountsOnlyAutoAndUnvetoedRollbacksOfThatServiceFromSinceOn()
    {
        var store = Open();
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

    [StoreFact]
    public async Task Get_DrillIncident_KeepsItsDrillMark()
    {
        var drill = Samples.RolledBack("20261121-100000-000-staging-drill", Samples.T0, Samples.T0.AddSeconds(1), service: "staging", drill: true);
        using (var before = Open())
        {
            await before.SaveAsync(drill, CancellationToken.None);
            await before.SaveAsync(Samples.Open("real", Samples.T0), CancellationToken.None);
        }

        var after = Open();

        (await after.GetAsync(drill.Id, CancellationToken.None)).ShouldNotBeNull().ShouldMatch(drill);
        (await after.ListAsync(10, CancellationToken.None)).Select(i => (i.Id, i.Drill)).ShouldBe([(drill.Id, true), ("real", false)], ignoreOrder: true);
    }

    [StoreFact]
    public async Task Get_AfterARestart_ReturnsWhatWasSet()
    {
        ILedger first = Open();
        await first.SetAsync("statuspage", "incident-1", "sp-42", CancellationToken.None);

        ILedger next = Open();

        (await next.GetAsync("statuspage", "incident-1", CancellationToken.None)).ShouldBe("sp-42");
        (await next.GetAsync("statuspage", "incident-2", CancellationToken.None)).ShouldBeNull();
        (await next.GetAsync("other-scope", "incident-1", CancellationToken.None)).ShouldBeNull();
    }

    [StoreFact]
    public async Task Set_TwiceOnOneKey_KeepsTheLatestValue()
    {
        ILedger ledger = Open();
        await ledger.SetAsync("s", "k", "one", CancellationToken.None);
        await ledger.SetAsync("s", "k", "two", CancellationToken.None);

        (await ledger.GetAsync("s", "k", CancellationToken.None)).ShouldBe("two");
    }

    [StoreFact]
    public async Task TryAdd_ConcurrentlyFromTwoStoresOnOneJournal_OnlyOneWins()
    {
        ILedger a = Open(), b = Open();
        var results = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).TryAddAsync("links", "nonce-1", $"used by {i}", CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        var winner = Array.IndexOf(results, true);
        (await a.GetAsync("links", "nonce-1", CancellationToken.None)).ShouldBe($"used by {winner}");
    }

    [StoreFact]
    public async Task Get_FromANewStoreWhileTheFirstIsNeverDisposed_ReturnsWhatWasSaved()
    {
        var crashed = Open();
        var incident = Samples.Full("a", Samples.T0);
        await crashed.SaveAsync(incident, CancellationToken.None);

        var next = Open();

        (await next.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().ShouldMatch(incident);
    }

    [StoreFact]
    public async Task Save_TwentyIncidentsInParallel_AllLandWithTheirTimelines()
    {
        var store = Open();
        using var start = new ManualResetEventSlim();

        var saves = Enumerable.Range(0, 20).Select(n => Task.Run(async () =>
        {
            start.Wait();
            var incident = Samples.Open($"i{n:00}", Samples.T0.AddMinutes(n), service: $"svc{n % 3}");
            await store.SaveAsync(incident, CancellationToken.None);
            incident.SetStep(new StepRecord("notify-alert", StepStatus.Succeeded, 1, Samples.T0, Samples.T0, "ok"));
            incident.Record(Samples.T0.AddMinutes(n), TimelineKind.Step, "notify-alert succeeded");
            await store.SaveAsync(incident, CancellationToken.None);
            await store.ListOpenAsync(CancellationToken.None);
        })).ToList();
        start.Set();
        await Task.WhenAll(saves);

        var all = await Open().ListAsync(100, CancellationToken.None);
        all.Count.ShouldBe(20);
        all.ShouldAllBe(i => i.Timeline.Count == 3 && i.Steps.Count == 1);
    }

    [StoreFact]
    public async Task Quarantined_AfterARestart_HoldsVersionsAndDeploymentIdsOfThatServiceOnly()
    {
        using (var before = Open())
        {
            await before.QuarantineAsync("api", "v3", "dep_3", "inc-1", Samples.T0, CancellationToken.None);
            await before.QuarantineAsync("api", "v3", "dep_other", "inc-2", Samples.T0.AddMinutes(1), CancellationToken.None);
            await before.QuarantineAsync("api", "v5", null, "inc-3", Samples.T0, CancellationToken.None);
            await before.QuarantineAsync("web", "v9", null, "inc-4", Samples.T0, CancellationToken.None);
        }

        var after = Open();

        (await after.QuarantinedAsync("api", CancellationToken.None)).ShouldBe(["v3", "dep_3", "v5"], ignoreOrder: true);
        (await after.QuarantinedAsync("nobody", CancellationToken.None)).ShouldBeEmpty();
    }

    [StoreFact]
    public async Task Check_OnASoundJournal_IsNullBeforeAndAfterARestart()
    {
        using (var first = Open())
        {
            await first.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);
            (await first.CheckAsync(CancellationToken.None)).ShouldBeNull();
        }

        var next = Open();

        (await next.CheckAsync(CancellationToken.None)).ShouldBeNull("the journal's identity survives a restart");
        next.Problem.ShouldBeNull();
        await next.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None);
    }

    [StoreFact]
    public async Task Initialize_ThreeStoresAtOnce_AllOpenOneJournal()
    {
        JournalStore[] stores = [Open(), Open(), Open()];

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(CancellationToken.None))));
        await stores[0].SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);

        foreach (var store in stores)
        {
            (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull();
            (await store.CheckAsync(CancellationToken.None)).ShouldBeNull("every instance sees the same identity");
        }
    }
}
