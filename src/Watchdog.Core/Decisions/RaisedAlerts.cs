using Watchdog.Core.Incidents;
namespace Watchdog.Core.Decisions;

/// <summary>
/// The alerts pushed for one service that fire now. A firing alert is kept until its "resolved" comes or, since
/// a lost "resolved" must not hold an incident open for ever, until it has not been sent again for the TTL.
/// </summary>
public sealed class RaisedAlerts(TimeSpan ttl)
{
    private readonly Dictionary<string, (PushedAlert Alert, DateTimeOffset ReceivedAt)> _firing = new(StringComparer.Ordinal);

    public IReadOnlyList<PushedAlert> Firing { get; private set; } = [];

    public int Count => _firing.Count;

    public void Take(PushedAlert alert, DateTimeOffset now)
    {
        var key = $"{alert.Source}:{alert.Key}";
        if (alert.Status == AlertStatus.Firing) _firing[key] = (alert, now);
        else _firing.Remove(key);
    }

    /// <summary>Forgets what went stale and returns the triggers of what still fires.</summary>
    public IEnumerable<Trigger> Triggers(DateTimeOffset now)
    {
        foreach (var stale in _firing.Where(p => now - p.Value.ReceivedAt > ttl).Select(p => p.Key).ToList())
            _firing.Remove(stale);
        Firing = [.. _firing.Values.Select(p => p.Alert)];
        return _firing.Values.Select(p => p.Alert.ToTrigger(p.ReceivedAt));
    }
}
