namespace Watchdog.Core.Decisions;

/// <summary>Caps automatic rollbacks: a cooldown after each and a maximum in any 24 hours.</summary>
public sealed record RollbackBudget(TimeSpan Cooldown, int MaxPerDay)
{
    public static RollbackBudget Default { get; } = new(TimeSpan.FromMinutes(30), 3);

    /// <summary>Why another automatic rollback is not allowed now, or null when it is.</summary>
    /// <param name="previous">When earlier automatic rollbacks of this service started.</param>
    public string? Refusal(IEnumerable<DateTimeOffset> previous, DateTimeOffset now)
    {
        int today = 0;
        DateTimeOffset? last = null;
        foreach (var at in previous)
        {
            if (at > now - TimeSpan.FromDays(1)) today++;
            if (last is null || at > last) last = at;
        }

        if (last is { } l && now - l < Cooldown)
            return $"cooldown: last automatic rollback {Signals.SignalFormat.Duration(now - l)} ago, cooldown is {Signals.SignalFormat.Duration(Cooldown)}";
        if (today >= MaxPerDay)
            return $"budget spent: {today} automatic rollbacks in the last 24h, maximum is {MaxPerDay}";
        return null;
    }
}
