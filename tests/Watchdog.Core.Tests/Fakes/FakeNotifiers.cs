using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>Keeps every notification it is sent, in order.</summary>
public sealed class RecordingNotifier(string name = "recorder") : INotifier
{
    private readonly object _gate = new();
    private readonly List<Notification> _sent = [];

    public string Name => name;

    public IReadOnlyList<Notification> Sent
    {
        get { lock (_gate) return [.. _sent]; }
    }

    public IReadOnlyList<NotificationKind> Kinds => [.. Sent.Select(n => n.Kind)];

    /// <summary>When set, a message is kept at once but its send completes only with this task (a channel still sending).</summary>
    public Task? Hold { get; set; }

    /// <summary>When set, every message is refused with this reason and not kept (a channel having a bad minute).</summary>
    public string? Refusing { get; set; }

    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (Refusing is { } why) throw new HttpRequestException(why);
        lock (_gate) _sent.Add(notification);
        return Hold ?? Task.CompletedTask;
    }
}

/// <summary>A channel that refuses every message, synchronously, as a misconfigured client would.</summary>
public sealed class ThrowingNotifier(string name, string message) : INotifier
{
    public string Name => name;

    public Task SendAsync(Notification notification, CancellationToken cancellationToken) =>
        throw new HttpRequestException(message);
}

/// <summary>A channel that never answers; only cancellation ends the call.</summary>
public sealed class HangingNotifier(string name) : INotifier
{
    public string Name => name;

    public int Calls { get; private set; }

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        Calls++;
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
    }
}
