using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Approve mode with a veto window: "rolling back in 5 minutes unless someone objects".</summary>
public sealed class VetoWindowTests
{
    private sealed class FakeLinks : IActionLinks
    {
        public List<DateTimeOffset> Expiries { get; } = [];

        public NotificationLink? Incident(string incidentId) => new("Open incident", new Uri($"https://watchdog.test/?incident={incidentId}"));

        public IReadOnlyList<NotificationLink> Decide(Incident incident, DateTimeOffset expires)
        {
            Expiries.Add(expires);
            return [new("Approve rollback", new Uri("https://watchdog.test/act/approve-token")), new("Veto", new Uri("https://watchdog.test/act/veto-token"))];
        }
    }

    private static async Task<(WatchHarness W, Incident Incident, DateTimeOffset AskedAt)> AwaitingAsync(TimeSpan window, FakeLinks? links = null)
    {
        var w = new WatchHarness(Mode.Approve, links: links);
        w.R.Settings = w.R.Settings with { VetoWindow = window };
        await w.BreachForAsync(TimeSpan.FromMinutes(5), errorRate: 0.6); // fires on the tick at 5m
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        return (w, incident, w.Now);
    }

    [Fact]
    public async Task NoVeto_ActsWhenTheWindowPassesAndNotBefore()
    {
        var (w, _, askedAt) = await AwaitingAsync(TimeSpan.FromMinutes(5));

        await w.ObserveForAsync(TimeSpan.FromMinutes(4), at => WatchHarness.Values(at, 0.6), TimeSpan.FromMinutes(1));
        w.R.Provider.RollbackCalls.ShouldBeEmpty("the window has not passed yet");

        w.R.Clock.Advance(askedAt + TimeSpan.FromMinutes(5) - w.Now);
        await w.ObserveAsync(0.6);

        w.R.Provider.RollbackCalls.ShouldHaveSingleItem();
        var incident = await w.OnlyIncidentAsync();
        incident.Timeline.ShouldContain(e => e.Kind == TimelineKind.Unvetoed && e.Message == "no veto within 5m: acting as announced");
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task VetoInTime_NothingIsDoneAfterTheWindow()
    {
        var (w, incident, _) = await AwaitingAsync(TimeSpan.FromMinutes(5));

        await w.Watch.VetoAsync(incident.Id, "bob", CancellationToken.None);
        await w.BreachForAsync(TimeSpan.FromMinutes(20));

        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        (await w.OnlyIncidentAsync()).Timeline.ShouldNotContain(e => e.Kind == TimelineKind.Unvetoed);
    }

    [Fact]
    public async Task UnvetoedActions_SpendTheBudget_TheNextOneInTheCooldownGoesToPeople()
    {
        var (w, _, askedAt) = await AwaitingAsync(TimeSpan.FromMinutes(5));
        w.R.Clock.Advance(askedAt + TimeSpan.FromMinutes(5) - w.Now);
        await w.ObserveAsync(0.6);
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem();

        (await w.R.Store.AutomaticRollbacksSinceAsync("api", w.Now.AddDays(-1), CancellationToken.None)).ShouldHaveSingleItem();
        w.R.Settings.Budget.Refusal([w.Now], w.Now.AddMinutes(10)).ShouldNotBeNull("within the cooldown a second silent action is refused");
    }

    [Fact]
    public async Task NoWindow_WaitsForAPersonForever()
    {
        var (w, _, _) = await AwaitingAsync(TimeSpan.Zero);

        await w.BreachForAsync(TimeSpan.FromHours(3));

        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.AwaitingApproval);
    }

    [Fact]
    public async Task Restart_DuringTheWindow_KeepsTheDeadlineFromTheJournal()
    {
        var (w, incident, askedAt) = await AwaitingAsync(TimeSpan.FromMinutes(5));
        var restarted = new WatchHarness(Mode.Approve);
        restarted.R.Settings = restarted.R.Settings with { VetoWindow = TimeSpan.FromMinutes(5) };
        restarted.R.Clock.Advance(askedAt + TimeSpan.FromMinutes(5) - restarted.Now); // the new process starts when the window has passed
        restarted.Watch.Adopt((await w.R.Store.GetAsync(incident.Id, CancellationToken.None))!);
        await restarted.R.Store.SaveAsync(incident, CancellationToken.None);

        await restarted.ObserveAsync(0.6);

        restarted.R.Provider.RollbackCalls.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ApprovalMessage_SaysWhenItActsAndCarriesTheSignedLinksAndTheWays()
    {
        var links = new FakeLinks();
        var (w, incident, askedAt) = await AwaitingAsync(TimeSpan.FromMinutes(5), links);

        var asked = w.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.ApprovalNeeded);

        asked.Title.ShouldBe("✋ api: roll back in 5m unless someone vetoes");
        asked.Text.ShouldContain($"Watchdog acts at {askedAt.AddMinutes(5):HH:mm:ss}Z unless someone vetoes incident {incident.Id}");
        asked.Text.ShouldContain($"`watchdog veto {incident.Id}`");
        asked.Links.Select(l => l.Label).ShouldBe(["Approve rollback", "Veto"]);
        links.Expiries.ShouldBe([askedAt.AddMinutes(5)], "a link is no use after the window");
    }

    [Fact]
    public async Task Fanout_GivesIncidentMessagesTheirPageLinkButNotBlindNotices()
    {
        var recorder = new RecordingNotifier();
        var fanout = new NotifierFanout([new Channel(recorder, ChannelRoute.All)], Redactor.None, new ManualTimeProvider(TestData.T0), TimeSpan.FromSeconds(5), links: new FakeLinks());

        await fanout.SendAsync(new Notification(NotificationKind.Escalation, Severity.Critical, "api", "inc-7", "t", [], []), CancellationToken.None);
        await fanout.SendAsync(new Notification(NotificationKind.Blind, Severity.High, "api", "sight-api-sentry", "t", [], []), CancellationToken.None);

        recorder.Sent[0].Links.ShouldHaveSingleItem().Url.ShouldBe(new Uri("https://watchdog.test/?incident=inc-7"));
        recorder.Sent[1].Links.ShouldBeEmpty();
    }
}
