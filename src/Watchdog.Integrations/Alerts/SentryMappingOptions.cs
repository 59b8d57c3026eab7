using Watchdog.Core.Rules;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// How a Sentry alert webhook (API-NOTES §1.5) becomes a Watchdog service and a <see cref="Meaning"/>.
/// Sentry sends only what an alert rule's action names the integration for, so that action (and, for
/// metric alerts, which trigger it sits on) is where you choose which alerts may act.
/// </summary>
public sealed class SentryMappingOptions
{
    /// <summary>The pushed alerts' source; triggers read <c>sentry:metric:&lt;id&gt;</c> or <c>sentry:issue:&lt;id&gt;</c>. Default "sentry".</summary>
    public string Source { get; set; } = "sentry";

    /// <summary>
    /// Sentry project → Watchdog service. Keys are project slugs (<c>front-end</c>) or, for issue alerts,
    /// numeric project ids (<c>"42"</c>), whose events carry the id. Case-insensitive. Empty by default.
    /// </summary>
    public Dictionary<string, string> ProjectServices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When no project is in <see cref="ProjectServices"/>, take the project's slug as the service name,
    /// if the alert is about exactly one project. Default true: Sentry projects are usually one per service
    /// and named alike, and the endpoint ignores services Watchdog does not watch. The alert rule's name is
    /// never used: rule names are prose ("Too many errors").
    /// </summary>
    public bool UseProjectSlugAsService { get; set; } = true;

    /// <summary>Meaning of a metric alert whose <c>action</c> is <c>critical</c>. Default <see cref="Meaning.CoreBroken"/> (roll back at once).</summary>
    public Meaning CriticalMeaning { get; set; } = Meaning.CoreBroken;

    /// <summary>
    /// Meaning of a metric alert whose <c>action</c> is <c>warning</c>. Default <see cref="Meaning.UsersAffected"/>,
    /// which rolls back too when the share of users is unknown (Sentry's metric alerts do not carry it);
    /// null ignores warnings, so only critical ones act.
    /// </summary>
    public Meaning? WarningMeaning { get; set; } = Meaning.UsersAffected;

    /// <summary>Meaning of an issue alert (<c>event_alert</c>). Default <see cref="Meaning.UsersAffected"/>.</summary>
    public Meaning IssueAlertMeaning { get; set; } = Meaning.UsersAffected;

    /// <summary>
    /// Alert rule name (metric alert <c>alert_rule.name</c>, issue alert <c>triggered_rule</c>) → meaning,
    /// case-insensitive; beats the defaults above, e.g. <c>"Checkout failures": "CoreBroken"</c>. A warning
    /// still needs <see cref="WarningMeaning"/> set to act. Empty by default.
    /// </summary>
    public Dictionary<string, Meaning> RuleMeanings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
