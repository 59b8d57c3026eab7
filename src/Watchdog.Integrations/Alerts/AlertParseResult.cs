using Watchdog.Core.Decisions;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// What one pushed webhook body came to. Either <see cref="Rejection"/> is set (the body is not what the
/// sender's format says: answer 400 and store nothing), or <see cref="Alerts"/> holds what to act on and
/// <see cref="Ignored"/> what was set aside, each with why. Ignored alerts are not errors: answer 2xx,
/// or Alertmanager (on 5xx) and Sentry would keep resending what will never map.
/// </summary>
public sealed class AlertParseResult
{
    private AlertParseResult(IReadOnlyList<PushedAlert> alerts, IReadOnlyList<IgnoredAlert> ignored, string? rejection, int truncated)
    {
        Alerts = alerts;
        Ignored = ignored;
        Rejection = rejection;
        TruncatedAlerts = truncated;
    }

    public IReadOnlyList<PushedAlert> Alerts { get; }

    public IReadOnlyList<IgnoredAlert> Ignored { get; }

    /// <summary>Why the whole body was refused, in our own words, at most a few hundred characters; null when it was read.</summary>
    public string? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    /// <summary>
    /// Alertmanager's <c>truncatedAlerts</c> (API-NOTES §5.2): alerts of the group its <c>max_alerts</c>
    /// left out of this body. They are in no list here; worth a log line, since they cannot be acted on.
    /// </summary>
    public int TruncatedAlerts { get; }

    internal static AlertParseResult Reject(string reason) => new([], [], reason, 0);

    internal static AlertParseResult Read(IReadOnlyList<PushedAlert> alerts, IReadOnlyList<IgnoredAlert> ignored, int truncated = 0) =>
        new(alerts, ignored, null, truncated);
}
