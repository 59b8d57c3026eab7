using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Tests.Reports;

public sealed class ChannelRoutingTests
{
    private readonly ManualTimeProvider _clock = new(Fakes.TestData.T0);
    private readonly RecordingNotifier _chat = new("slack"), _pager = new("pagerduty");

    private static Notification Note(NotificationKind kind, Severity severity, string incident = "inc-1", string text = "line") =>
        new(kind, severity, "api", incident, $"{kind} api", [text], []);

    private NotifierFanout Fanout(ILedger? ledger = null, ChannelRoute? pager = null) =>
        new([new Channel(_chat, ChannelRoute.All), new Channel(_pager, pager ?? ChannelRoute.Pager)], Redactor.None, _clock, TimeSpan.FromSeconds(5), ledger);

    [Fact]
    public async Task Send_PagerRoute_TakesWhatNeedsAPersonAndLeavesTheRestToChat()
    {
        var fanout = Fanout();
        foreach (var (kind, severity) in new[]
                 {
                     (NotificationKind.Alert, Severity.Warning), (NotificationKind.RollbackInProgress, Severity.Critical),
                     (NotificationKind.Progress, Severity.Info), (NotificationKind.Escalation, Severity.Critical),
                 })
            await fanout.SendAsync(Note(kind, severity), CancellationToken.None);

        _chat.Kinds.Count.ShouldBe(4);
        _pager.Kinds.ShouldBe([NotificationKind.Escalation]);
    }

    [Fact]
    public async Task Send_MinSeverity_Filters_AndOnlyTheResolutionOfWhatWasSentFollows()
    {
        var fanout = Fanout(pager: new ChannelRoute(MinSeverity: Severity.High));
        await fanout.SendAsync(Note(NotificationKind.Alert, Severity.Warning, "quiet"), CancellationToken.None);
        await fanout.SendAsync(Note(NotificationKind.Escalation, Severity.Critical, "loud"), CancellationToken.None);

        var quiet = await fanout.SendAsync(Note(NotificationKind.Resolved, Severity.Info, "quiet"), CancellationToken.None);
        await fanout.SendAsync(Note(NotificationKind.Resolved, Severity.Info, "loud"), CancellationToken.None);

        quiet.Select(r => r.ToString()).ShouldBe(["slack: sent"], "the pager never heard of 'quiet', so its end is no news there");
        _pager.Sent.Select(n => (n.Kind, n.IncidentId)).ShouldBe([(NotificationKind.Escalation, "loud"), (NotificationKind.Resolved, "loud")]);
    }

    [Fact]
    public async Task Send_PagerRoute_ResolvesWhatItPagedAndSeesAgainFollowsBlind()
    {
        var fanout = Fanout();
        await fanout.SendAsync(Note(NotificationKind.Blind, Severity.High, "sight-api-sentry"), CancellationToken.None);
        await fanout.SendAsync(Note(NotificationKind.SeesAgain, Severity.Info, "sight-api-sentry"), CancellationToken.None);
        await fanout.SendAsync(Note(NotificationKind.Resolved, Severity.Info, "watched-only"), CancellationToken.None);

        _pager.Kinds.ShouldBe([NotificationKind.Blind, NotificationKind.SeesAgain]);
    }

    [Fact]
    public async Task Send_ResolvedOutsideTheRoute_GoesOnlyWhereTheIncidentWasAnnounced_EvenAfterARestart()
    {
        var ledger = new InMemoryLedger();
        var escalationsOnly = new ChannelRoute(new HashSet<NotificationKind> { NotificationKind.Escalation });
        await Fanout(ledger, escalationsOnly).SendAsync(Note(NotificationKind.Escalation, Severity.Critical, "paged"), CancellationToken.None);

        var restarted = Fanout(ledger, escalationsOnly);
        await restarted.SendAsync(Note(NotificationKind.Resolved, Severity.Info, "paged"), CancellationToken.None);
        var other = await restarted.SendAsync(Note(NotificationKind.Resolved, Severity.Info, "never-paged"), CancellationToken.None);

        _pager.Sent.Select(n => (n.Kind, n.IncidentId)).ShouldBe([(NotificationKind.Escalation, "paged"), (NotificationKind.Resolved, "paged")]);
        other.Select(r => r.ToString()).ShouldBe(["slack: sent"]);
    }

    [Fact]
    public async Task Send_TheSameMessageTwice_IsSentOnceUntilTheWindowPasses()
    {
        var fanout = Fanout();
        var escalation = Note(NotificationKind.Escalation, Severity.Critical);

        await fanout.SendAsync(escalation, CancellationToken.None);
        var again = await fanout.SendAsync(escalation, CancellationToken.None);
        await fanout.SendAsync(escalation with { Lines = ["something new"] }, CancellationToken.None);

        again.Select(r => r.ToString()).ShouldBe(["slack: duplicate, not sent again", "pagerduty: duplicate, not sent again"]);
        ChannelResult.Delivered(again).ShouldBeTrue();
        _chat.Sent.Count.ShouldBe(2);

        _clock.Advance(fanout.DuplicateWindow + TimeSpan.FromSeconds(1));
        await fanout.SendAsync(escalation, CancellationToken.None);
        _chat.Sent.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Send_AfterAFailedSend_TheSameMessageIsTriedAgain()
    {
        var flaky = new ThrowingNotifier("teams", "503");
        var fanout = new NotifierFanout([new Channel(flaky, ChannelRoute.All)], Redactor.None, _clock, TimeSpan.FromSeconds(5));
        var n = Note(NotificationKind.Escalation, Severity.Critical);

        var first = await fanout.SendAsync(n, CancellationToken.None);
        var second = await fanout.SendAsync(n, CancellationToken.None);

        ChannelResult.Delivered(first).ShouldBeFalse();
        second.Select(r => r.ToString()).ShouldBe(["teams: failed (503)"]);
    }

    [Fact]
    public async Task Send_Drill_NeverReachesThePager()
    {
        await Fanout().SendAsync(Note(NotificationKind.Escalation, Severity.Critical) with { Drill = true }, CancellationToken.None);

        _chat.Sent.ShouldHaveSingleItem().Drill.ShouldBeTrue();
        _pager.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_RedactsThePublicText()
    {
        var fanout = new NotifierFanout([new Channel(_chat, ChannelRoute.All)], new Redactor(["hunter2"]), _clock, TimeSpan.FromSeconds(5));

        await fanout.SendAsync(Note(NotificationKind.Resolved, Severity.Info) with { Public = "all fine, hunter2" }, CancellationToken.None);

        _chat.Sent.Single().Public.ShouldNotBeNull().ShouldNotContain("hunter2");
    }
}
