using Watchdog.Integrations.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Http;

public sealed class RequestPacerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task WaitTurn_FirstAtOnce_NextOnlyOnceTheIntervalHasPassedOnTheClock()
    {
        var pacer = new RequestPacer(Second, _clock);
        await pacer.WaitTurnAsync(CancellationToken.None);

        var second = pacer.WaitTurnAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        second.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await second;
    }

    [Fact]
    public async Task WaitTurn_ConcurrentCallers_QueueOneIntervalApart()
    {
        var pacer = new RequestPacer(Second, _clock);
        var turns = Enumerable.Range(0, 3).Select(_ => pacer.WaitTurnAsync(CancellationToken.None)).ToList();

        turns.Select(t => t.IsCompleted).ShouldBe([true, false, false]);
        _clock.Advance(Second);
        turns.Select(t => t.IsCompleted).ShouldBe([true, true, false]);
        _clock.Advance(Second);
        await Task.WhenAll(turns);
    }

    [Fact]
    public async Task WaitTurn_AfterAQuietSpell_DoesNotWait()
    {
        var pacer = new RequestPacer(Second, _clock);
        await pacer.WaitTurnAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));

        pacer.WaitTurnAsync(CancellationToken.None).IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task HoldUntil_PushesTheNextTurnBack_ButNeverPullsItForward()
    {
        var pacer = new RequestPacer(Second, _clock);
        await pacer.WaitTurnAsync(CancellationToken.None);
        pacer.HoldUntil(_clock.GetUtcNow().AddSeconds(10));
        pacer.HoldUntil(_clock.GetUtcNow().AddSeconds(3));

        var next = pacer.WaitTurnAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(9));
        next.IsCompleted.ShouldBeFalse();
        _clock.Advance(Second);
        await next;
    }

    [Fact]
    public async Task WaitTurn_Cancelled_StopsWaiting()
    {
        var pacer = new RequestPacer(Second, _clock);
        await pacer.WaitTurnAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = pacer.WaitTurnAsync(cts.Token);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
    }
}
