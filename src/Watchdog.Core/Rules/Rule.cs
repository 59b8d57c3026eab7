using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

public enum Comparison
{
    /// <summary>Breached when the value is strictly greater than the threshold.</summary>
    Above,

    /// <summary>Breached when the value is strictly less than the threshold.</summary>
    Below,

    /// <summary>Breached when the value exceeds the baseline by more than the threshold (0.5 = 50% above).</summary>
    AboveBaselineBy,

    /// <summary>
    /// Breached when the live release's samples are significantly greater than the previous release's and, where
    /// history exists, the same hours' a week earlier (Mann–Whitney U, see <see cref="Rule.Judge"/>); latency and error rate only.
    /// </summary>
    RegressedFrom,
}

/// <summary>What a firing rule means in the runbooks' terms; the policy decides on this, not on the signal.</summary>
public enum Meaning
{
    UsersAffected,
    CoreBroken,
    ServiceDown,
    DataAtRisk,
    Security,
    Performance,
}

/// <summary>
/// A trigger: <see cref="Signal"/> compared with <see cref="Threshold"/> must hold for the whole
/// <see cref="For"/> (Alertmanager's <c>for:</c>) on readings of at least <see cref="MinSamples"/> samples.
/// </summary>
public sealed record Rule(string Name, Signal Signal, Comparison Comparison, double Threshold, TimeSpan For, int MinSamples, Meaning Meaning)
{
    /// <summary>Judge only readings from this source (e.g. <c>sentry</c>); null takes the signal from any source.</summary>
    public string? Source { get; init; }

    /// <summary>How a <see cref="Comparison.RegressedFrom"/> rule judges: confidence, minimum effect, readings, looks. Null for the others.</summary>
    public JudgeSettings? Judge { get; init; }

    /// <summary>The seeds' triggers: error rate &gt; 10% for 5 min, availability &lt; 95% over 5 min, no answer at all for 1 min.</summary>
    public static IReadOnlyList<Rule> Defaults { get; } =
    [
        new("error-rate", Signal.ErrorRate, Comparison.Above, 0.10, TimeSpan.FromMinutes(5), 10, Meaning.UsersAffected),
        new("availability", Signal.Availability, Comparison.Below, 0.95, TimeSpan.FromMinutes(5), 10, Meaning.CoreBroken),
        new("service-down", Signal.Up, Comparison.Below, 1, TimeSpan.FromMinutes(1), 1, Meaning.ServiceDown),
    ];

    /// <summary>"error rate > 10% for 5m", as notifications and the timeline say it.</summary>
    public string Describe() => Comparison switch
    {
        Comparison.Above => $"{Signal} > {SignalFormat.Value(Signal, Threshold)} for {SignalFormat.Duration(For)}",
        Comparison.Below => $"{Signal} < {SignalFormat.Value(Signal, Threshold)} for {SignalFormat.Duration(For)}",
        Comparison.RegressedFrom => $"{Signal} regressed from its baselines at {(Judge ?? new()).Confidence * 100:0.##}% confidence" +
            ((Judge ?? new()).MinEffect is > 0 and var e ? $", by at least {SignalFormat.Value(Signal, e)}" : ""),
        _ => $"{Signal} more than {Threshold * 100:0.##}% above baseline for {SignalFormat.Duration(For)}",
    };
}
