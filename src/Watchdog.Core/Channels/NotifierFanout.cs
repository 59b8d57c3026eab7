using System.Collections.Concurrent;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Channels;

/// <summary>
/// Sends one notification to every channel whose route takes it, all at once. Each channel has its own time
/// limit and its failure is reported, never thrown: one broken webhook must not silence the others or stall a
/// rollback. The same message to the same channel within <see cref="DuplicateWindow"/> is sent once (a resumed
/// runbook repeats its last notice); a channel told of an incident always hears that it resolved, and which
/// channels were told is kept in the ledger so that holds across a restart.
/// </summary>
public sealed class NotifierFanout
{
    private const string LedgerScope = "notified";
    private readonly IReadOnlyList<Channel> _channels;
    private readonly Redactor _redactor;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILedger? _ledger;
    private readonly IActionLinks _links;
    private readonly ConcurrentDictionary<(string Channel, string Incident, NotificationKind Kind, string Text), DateTimeOffset> _recent = new();
    private readonly ConcurrentDictionary<(string Channel, string Incident), bool> _told = new();

    public NotifierFanout(IReadOnlyList<INotifier> notifiers, Redactor redactor, TimeProvider time, TimeSpan timeout)
        : this([.. notifiers.Select(n => new Channel(n, ChannelRoute.All))], redactor, time, timeout)
    {
    }

    /// <param name="links">Gives every message about an incident a link to its page, when a public URL is configured.</param>
    public NotifierFanout(IReadOnlyList<Channel> channels, Redactor redactor, TimeProvider time, TimeSpan timeout, ILedger? ledger = null, IActionLinks? links = null)
    {
        _links = links ?? NoActionLinks.Instance;
        _channels = channels;
        _redactor = redactor;
        _time = time;
        _timeout = timeout;
        _ledger = ledger;
    }

    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<ChannelResult>> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (_channels.Count == 0) return [];
        if (notification.Drill) notification = DrillMessages.Mark(notification);
        var clean = notification with
        {
            Title = _redactor.Redact(notification.Title),
            Lines = [.. notification.Lines.Select(_redactor.Redact)],
            Facts = [.. notification.Facts.Select(f => new KeyValuePair<string, string>(f.Key, _redactor.Redact(f.Value)))],
            Public = notification.Public is { } p ? _redactor.Redact(p) : null,
            Links = IsAboutAnIncident(notification.Kind) && _links.Incident(notification.IncidentId) is { } page && notification.Links.All(l => l.Url != page.Url)
                ? [page, .. notification.Links]
                : notification.Links,
        };
        var now = _time.GetUtcNow();
        foreach (var old in _recent.Where(r => now - r.Value > DuplicateWindow).Select(r => r.Key).ToList()) _recent.TryRemove(old, out _);

        var results = await Task.WhenAll(_channels.Select(c => RouteAsync(c, clean, now, cancellationToken)));
        return [.. results.OfType<ChannelResult>()];
    }

    /// <summary>Blindness, a quarantined release coming back, a deploy during a freeze and a rule's autonomy are about a service, not an incident with a page.</summary>
    private static bool IsAboutAnIncident(NotificationKind kind) =>
        kind is not (NotificationKind.Blind or NotificationKind.SeesAgain or NotificationKind.QuarantinedRedeployed or NotificationKind.DeployDuringFreeze
            or NotificationKind.AutonomyChanged);

    /// <returns>What happened on this channel, or null when its route does not take the message.</returns>
    private async Task<ChannelResult?> RouteAsync(Channel channel, Notification n, DateTimeOffset now, CancellationToken ct)
    {
        var name = channel.Notifier.Name;
        if (!channel.Route.Takes(n) && !(ChannelRoute.IsEnding(n.Kind) && await WasToldAsync(name, n.IncidentId, ct))) return null;
        if (!_recent.TryAdd((name, n.IncidentId, n.Kind, n.Text), now)) return new ChannelResult(name, Delivery.Duplicate);

        var result = await SendOneAsync(channel.Notifier, n, ct);
        if (result.Delivery == Delivery.Sent) await RememberToldAsync(name, n.IncidentId, ct);
        else _recent.TryRemove((name, n.IncidentId, n.Kind, n.Text), out _); // a failed send is not a duplicate of the next try
        return result;
    }

    private async Task<bool> WasToldAsync(string channel, string incidentId, CancellationToken ct) =>
        _told.ContainsKey((channel, incidentId)) || (_ledger is not null && await _ledger.GetAsync(LedgerScope, $"{channel}/{incidentId}", ct) is not null);

    private async Task RememberToldAsync(string channel, string incidentId, CancellationToken ct)
    {
        if (!_told.TryAdd((channel, incidentId), true) || _ledger is null) return;
        try
        {
            await _ledger.TryAddAsync(LedgerScope, $"{channel}/{incidentId}", "told", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Memory still knows; only a restart before the resolution would lose it.
        }
    }

    private async Task<ChannelResult> SendOneAsync(INotifier notifier, Notification n, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            await notifier.SendAsync(n, linked.Token);
            return new ChannelResult(notifier.Name, Delivery.Sent);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ChannelResult(notifier.Name, Delivery.Failed, $"no answer within {Signals.SignalFormat.Duration(_timeout)}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChannelResult(notifier.Name, Delivery.Failed, _redactor.Redact(e.Message));
        }
    }
}
