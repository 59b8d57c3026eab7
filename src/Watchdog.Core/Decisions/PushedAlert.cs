using Watchdog.Core.Rules;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Decisions;

public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>
/// An alert another system has already judged (Alertmanager after its own <c>for:</c>, a Sentry
/// alert rule, a person raising "security breach"). It trips at once: Watchdog does not wait a
/// window of its own on top. <see cref="Key"/> identifies the alert across firing and resolved
/// (Alertmanager's fingerprint, Sentry's alert id), so a resolved one withdraws what it raised.
/// </summary>
public sealed record PushedAlert(
    string Service,
    string Key,
    string Source,
    AlertStatus Status,
    Meaning Meaning,
    string Summary,
    DateTimeOffset StartsAt)
{
    /// <summary>The measured value the alert carries, when it says (a fraction for rates).</summary>
    public double? Value { get; init; }

    /// <summary>The signal the value is of, when known; lets the policy estimate the users affected.</summary>
    public Signals.Signal? Signal { get; init; }

    /// <summary>
    /// The alert's stable name (Alertmanager's <c>alertname</c>), when it has one. It names the trigger,
    /// so a feature flag can be mapped to it (<c>"alertmanager:CheckoutErrors": "FEATURE_X"</c>);
    /// without it the trigger is named by <see cref="Key"/>, which nobody can know in advance.
    /// </summary>
    public string? Rule { get; init; }

    /// <summary>The release the alert is about, when it says (Sentry's <c>event.release</c>, a <c>release</c> label).</summary>
    public string? Release { get; init; }

    public Trigger ToTrigger(DateTimeOffset receivedAt) =>
        new($"{Source}:{Rule ?? Key}", Meaning, Summary, StartsAt, receivedAt, Signal, Value);
}
