using System.Globalization;

namespace Watchdog.Core.Releases;

/// <summary>
/// A flag service told Watchdog that a flag of a watched service changed: read from a verified webhook (LaunchDarkly's
/// signed audit entry, Unleash's event), mapped to the services whose <c>Flags</c> are that project and environment.
/// </summary>
/// <param name="Service">The watched service whose flag service it is.</param>
/// <param name="Source">Who said so: <c>launchdarkly</c>, <c>unleash</c>.</param>
/// <param name="Key">What identifies this one delivery inside what the sender signed or sent (LaunchDarkly's entry <c>_id</c>, Unleash's event id).</param>
/// <param name="Flag">The flag's key at the flag service.</param>
/// <param name="TurnedOn">True: the change turned the flag on; false: off; null: it changed otherwise (targeting, a strategy).</param>
/// <param name="Said">The sender's own words for it (<c>updateOn</c>, <c>feature-environment-enabled</c>).</param>
/// <param name="At">When the flag service says it changed.</param>
public sealed record FlagEvent(string Service, string Source, string Key, string Flag, bool? TurnedOn, string Said, DateTimeOffset At)
{
    /// <summary>The journal's key for this delivery (ledger scope <c>deliveries</c>).</summary>
    public string DeliveryKey => $"{Service}/flag:{Source}:{Key}:{Flag}:{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"flag new-checkout turned on at launchdarkly".</summary>
    public string Describe() => $"flag {Flag} {TurnedOn switch { true => "turned on", false => "turned off", null => $"changed ({Said})" }} at {Source}";
}
