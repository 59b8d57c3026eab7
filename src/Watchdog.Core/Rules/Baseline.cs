using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

/// <summary>Where a baseline came from, best first.</summary>
public enum BaselineOrigin
{
    /// <summary>Measured while the previous deployment was live and healthy (kept in the journal).</summary>
    PreviousDeployment,

    /// <summary>No previous deployment measured: the median of the last healthy readings.</summary>
    TrailingWindow,

    /// <summary>Neither: the value configured with the rule.</summary>
    Configured,
}

/// <summary>What an <see cref="Comparison.AboveBaselineBy"/> rule compares with, and which baseline that is.</summary>
/// <param name="Description">Which baseline, for people: "previous deployment v1.4.2 (abc), median of 240 healthy readings 09:12–10:05Z".</param>
public sealed record Baseline(double Value, BaselineOrigin Origin, string Description)
{
    public static Baseline Configured(double value) => new(value, BaselineOrigin.Configured, "configured");

    /// <summary>"300 ms, previous deployment v1.4.2 (…)": the value and where it came from.</summary>
    public string Describe(Signal signal) => $"{SignalFormat.Value(signal, Value)}, {Description}";
}

/// <summary>How baselines are measured; bound from <c>Watchdog:Services:N:Baseline</c>.</summary>
public sealed record BaselineSettings
{
    /// <summary>The trailing window used when no previous deployment was measured.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Healthy readings a baseline needs before it is trusted; fewer and the next fallback is used.</summary>
    public int MinReadings { get; init; } = 30;
}
