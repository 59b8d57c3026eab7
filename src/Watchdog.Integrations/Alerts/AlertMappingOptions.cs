using Watchdog.Core.Rules;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// How an Alertmanager alert's labels become a Watchdog service and a <see cref="Meaning"/>.
/// Only alerts an Alertmanager route sends to Watchdog's receiver arrive here, so the route is where
/// you choose which alerts may act; these options only say what each one means.
/// </summary>
public sealed class AlertMappingOptions
{
    /// <summary>The pushed alerts' source; triggers read <c>alertmanager:&lt;fingerprint&gt;</c>. Default "alertmanager".</summary>
    public string Source { get; set; } = "alertmanager";

    /// <summary>
    /// Labels naming the service, first non-empty one wins. Default (unset): <c>service</c>, then <c>job</c>.
    /// <c>job</c> is the scrape job, which matches the service for the usual <c>up{job="api"} == 0</c> alert;
    /// when it names an exporter instead (<c>blackbox</c>, <c>node</c>) the service is unknown to Watchdog and
    /// the endpoint ignores it. Set <c>["service"]</c> to act only on alerts that say their service outright.
    /// (Null rather than a filled array because configuration binding appends to an array's defaults.)
    /// </summary>
    public string[]? ServiceLabels { get; set; }

    /// <summary>
    /// Label naming the meaning outright: a <see cref="Meaning"/> name, any case, <c>snake_case</c> or
    /// <c>kebab-case</c> (<c>data_at_risk</c>). Beats the severity. A value that is none of them makes a firing
    /// alert ignored with a reason rather than guessed: a typo must not turn "data at risk" into something
    /// milder. Default "meaning"; empty turns it off.
    /// </summary>
    public string? MeaningLabel { get; set; } = "meaning";

    /// <summary>Label looked up in <see cref="SeverityMeanings"/> when there is no meaning label. Default "severity"; empty turns it off.</summary>
    public string? SeverityLabel { get; set; } = "severity";

    /// <summary>
    /// Severity (case-insensitive) → meaning. Default <c>critical</c> and <c>page</c> → <see cref="Meaning.CoreBroken"/>
    /// (roll back at once); anything else falls to <see cref="DefaultMeaning"/>.
    /// </summary>
    public Dictionary<string, Meaning> SeverityMeanings { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = Meaning.CoreBroken,
        ["page"] = Meaning.CoreBroken,
    };

    /// <summary>
    /// Meaning of an alert neither label decides (<c>warning</c>, <c>info</c>, no severity). Default
    /// <see cref="Meaning.UsersAffected"/>: the runbook then weighs the share of users when the alert says it
    /// (see <see cref="SignalLabel"/>), else rolls back. Null: such firing alerts are ignored with a reason.
    /// </summary>
    public Meaning? DefaultMeaning { get; set; } = Meaning.UsersAffected;

    /// <summary>
    /// Label naming the signal the alert's value measures (<c>error_rate</c>, <c>availability</c>, … any
    /// <see cref="Core.Signals.Signal"/> name). With a value it lets the runbook tell 5% of users from 60%.
    /// Unknown names are dropped, not fatal. Default "signal"; empty turns it off.
    /// </summary>
    public string? SignalLabel { get; set; } = "signal";

    /// <summary>
    /// Label naming the release the alert is about. An alert about a release other than the live one never opens an
    /// incident: rolling back the live release would not change it. Default "release"; empty turns it off.
    /// </summary>
    public string? ReleaseLabel { get; set; } = "release";

    /// <summary>
    /// Annotation holding the measured value, e.g. <c>value: "{{ $value }}"</c> in the alerting rule: a plain
    /// number (<c>0.23</c>) or a percentage (<c>23%</c>, as <c>humanizePercentage</c> writes it) read as a fraction.
    /// Anything else leaves the value unknown. Default "value"; empty turns it off.
    /// </summary>
    public string? ValueAnnotation { get; set; } = "value";

    internal static IReadOnlyList<string> DefaultServiceLabels { get; } = ["service", "job"];

    internal IReadOnlyList<string> EffectiveServiceLabels => ServiceLabels is { Length: > 0 } labels ? labels : DefaultServiceLabels;
}
