namespace Watchdog.Integrations.Alerts;

/// <summary>
/// An alert (or a whole Sentry resource) read correctly but not acted on, e.g. no service could be told.
/// <paramref name="Key"/> is the alert's key when it has one; <paramref name="Reason"/> is one line of at
/// most 300 characters and never quotes a secret, so both may be logged and returned to the sender.
/// </summary>
public sealed record IgnoredAlert(string? Key, string Reason)
{
    public string Reason { get; } = AlertText.Bounded(Reason, AlertText.MaxReasonChars);
}
