using Watchdog.Core.Reports;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Tests.Reports;

public class NotifierFanoutTests
{
    private const string Secret = "xoxb-123456789-secret";
    private readonly ManualTimeProvider _clock = new(Fakes.TestData.T0);

    private static Notification Sample(string text = "error rate 23%") => new(
        NotificationKind.Alert, Severity.Warning, "api", "inc-1", "⚠️ api tripped", [text, "second line"], [new("Rule", "error-rate")]);

    [Fact]
    public async Task Send_OneThrowsOneHangs_TheThirdIsStillSentAndResultsSayWhichFailed()
    {
        var hanging = new HangingNotifier("teams");
        var good = new RecordingNotifier("slack");
        var fanout = new NotifierFanout([new ThrowingNotifier("pagerduty", "401 Unauthorized"), hanging, good], Redactor.None, _clock, TimeSpan.FromSeconds(5));

        var sending = fanout.SendAsync(Sample(), CancellationToken.None);

        good.Sent.ShouldHaveSingleItem();   // delivered before the hanging channel's time limit was reached
        hanging.Calls.ShouldBe(1);
        sending.IsCompleted.ShouldBeFalse();
        var results = await _clock.RunUntil(sending, TimeSpan.FromSeconds(1));
        results.Select(r => r.ToString()).ShouldBe(["pagerduty: failed (401 Unauthorized)", "teams: failed (no answer within 5s)", "slack: sent"]);
        (_clock.GetUtcNow() - Fakes.TestData.T0).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_AllHealthy_ReportsEachSent()
    {
        var a = new RecordingNotifier("a");
        var b = new RecordingNotifier("b");

        var results = await new NotifierFanout([a, b], Redactor.None, _clock, TimeSpan.FromSeconds(5)).SendAsync(Sample(), CancellationToken.None);

        results.Select(r => r.ToString()).ShouldBe(["a: sent", "b: sent"]);
        a.Sent.ShouldHaveSingleItem().ShouldBe(b.Sent.Single());
    }

    [Fact]
    public async Task Send_NoNotifiers_SaysSoInsteadOfSucceedingSilently()
    {
        var results = await new NotifierFanout([], Redactor.None, _clock, TimeSpan.FromSeconds(5)).SendAsync(Sample(), CancellationToken.None);

        results.ShouldBeEmpty();
        ChannelResult.Describe(results).ShouldBe("no notifiers configured");
    }

    [Fact]
    public async Task Send_RedactsTitleLinesAndFacts()
    {
        var recorder = new RecordingNotifier();
        var fanout = new NotifierFanout([recorder], new Redactor([Secret]), _clock, TimeSpan.FromSeconds(5));
        var original = new Notification(NotificationKind.Escalation, Severity.Critical, "api", "inc-1",
            $"title {Secret}", [$"line with {Secret} inside", "clean"], [new("Output", $"token={Secret}"), new("Rule", "error-rate")]);

        await fanout.SendAsync(original, CancellationToken.None);

        var sent = recorder.Sent.Single();
        sent.Title.ShouldBe("title ***");
        sent.Lines.ShouldBe(["line with *** inside", "clean"]);
        sent.Facts.ShouldBe([new("Output", "token=***"), new("Rule", "error-rate")]);
        original.Lines[0].ShouldContain(Secret);   // the caller's copy is left alone
    }

    [Fact]
    public async Task Send_ChannelErrorMentioningASecret_IsRedactedInTheResult()
    {
        var fanout = new NotifierFanout([new ThrowingNotifier("webhook", $"POST https://hooks.example/{Secret} failed")], new Redactor([Secret]), _clock, TimeSpan.FromSeconds(5));

        var results = await fanout.SendAsync(Sample(), CancellationToken.None);

        results.Select(r => r.ToString()).ShouldBe(["webhook: failed (POST https://hooks.example/*** failed)"]);
    }

    [Fact]
    public async Task Send_CallerCancels_IsNotReportedAsAChannelTimeout()
    {
        using var stop = new CancellationTokenSource();
        var fanout = new NotifierFanout([new HangingNotifier("teams")], Redactor.None, _clock, TimeSpan.FromMinutes(1));

        var sending = fanout.SendAsync(Sample(), stop.Token);
        await stop.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(sending);
    }

    [Fact]
    public async Task Send_Drill_IsMarkedHereOnce_WhetherOrNotItsTitleAlreadySaysDrill()
    {
        var chat = new RecordingNotifier("slack");
        var fanout = new NotifierFanout([chat], Redactor.None, _clock, TimeSpan.FromSeconds(5));

        await fanout.SendAsync(Sample() with { Drill = true }, CancellationToken.None);
        await fanout.SendAsync(Sample("other") with { Title = "🧪 DRILL SKIPPED on api: busy", Drill = true }, CancellationToken.None);

        chat.Sent.Select(n => n.Title).ShouldAllBe(t => t.IndexOf("DRILL", StringComparison.Ordinal) == t.LastIndexOf("DRILL", StringComparison.Ordinal));
        chat.Sent[0].Title.ShouldStartWith("🧪 DRILL: ");
        chat.Sent[1].Title.ShouldBe("🧪 DRILL SKIPPED on api: busy");
        chat.Sent.ShouldAllBe(n => n.Drill && n.Severity <= Severity.Warning);
    }
}
