using Watchdog.Core.Channels;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>Telling people that Watchdog went blind to a source, or sees again, until every channel that should hear it has.</summary>
public sealed partial class ServiceWatch
{
    /// <summary>
    /// How long a message about sight a channel failed to take is tried again: the fan-out's own window for dropping
    /// repeats, so a channel that took it the first time is not told twice.
    /// </summary>
    public static readonly TimeSpan SightRetryFor = TimeSpan.FromHours(1);

    /// <summary>How often what is owed is tried again: a channel that hangs costs its timeout once a minute, off the tick.</summary>
    public static readonly TimeSpan SightRetryEvery = TimeSpan.FromMinutes(1);

    private const int MaxOwed = 16;
    private readonly Lock _owedGate = new();
    private readonly List<(Notification Said, DateTimeOffset At)> _owed = [];
    private Task _retrying = Task.CompletedTask;
    private DateTimeOffset _retriedAt = DateTimeOffset.MinValue;

    /// <summary>The retry of owed sight messages under way, or the last one (tests wait on it).</summary>
    public Task RetryingSight => _retrying;

    /// <summary>
    /// Sends this tick's sight messages in the tick, as they arise, while nothing is owed. One a channel failed to take
    /// is owed, and from then on every sight message goes behind it, tried again beside the tick at most once a
    /// <see cref="SightRetryEvery"/>, in order: a "sees again" never reaches people whose "blind" was lost to a channel's bad minute.
    /// </summary>
    private async Task TellSightAsync(IReadOnlyList<Notification> sight, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        List<(Notification Said, DateTimeOffset At)> due;
        lock (_owedGate)
        {
            if (_owed.Count > 0 || !_retrying.IsCompleted)
            {
                Owe(sight.Select(n => (n, now)));
                if (!_retrying.IsCompleted || now - _retriedAt < SightRetryEvery) return;
                _retriedAt = now;
                due = [.. _owed.Where(o => now - o.At <= SightRetryFor)];
                _owed.Clear();
                _retrying = Task.Run(() => SendAsync(due, _stopping), CancellationToken.None);
                return;
            }
        }

        await SendAsync([.. sight.Select(n => (n, now))], ct);
    }

    private async Task SendAsync(IReadOnlyList<(Notification Said, DateTimeOffset At)> due, CancellationToken ct)
    {
        for (var k = 0; k < due.Count; k++)
        {
            var results = await _executor.AnnounceAsync(due[k].Said, ct);
            if (!results.Any(r => r.Delivery == Delivery.Failed)) continue;
            // This one and all after it wait for the next retry, so they still reach people in the order they arose.
            lock (_owedGate) Owe(due.Skip(k));
            return;
        }
    }

    private void Owe(IEnumerable<(Notification Said, DateTimeOffset At)> said)
    {
        foreach (var s in said)
            if (_owed.Count < MaxOwed) _owed.Add(s);
    }
}
