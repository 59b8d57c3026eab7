using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>Checks <see cref="RailwayMetricsOptions"/>; each message starts with the key and never quotes the token.</summary>
public sealed class RailwayMetricsOptionsValidator() : OptionsValidator<RailwayMetricsOptions>(Problems)
{
    /// <summary>The longest window: the CLI's step table (§9) reaches a day at 240 s a point.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public static IReadOnlyList<string> Problems(RailwayMetricsOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Name)) problems.Add("Name must not be empty.");
        problems.AddRange(RailwayOptionsValidator.ConnectionProblems(o.Endpoint, o.Token, o.TokenKind));
        problems.AddRange(RailwayOptionsValidator.TargetProblems(o.EnvironmentId, o.ServiceId));

        if (o.Window < TimeSpan.FromSeconds(30) || o.Window > MaxWindow || o.Window.Ticks % TimeSpan.TicksPerSecond != 0)
            problems.Add($"Window must be whole seconds between 30s and 1d (was {o.Window}).");
        if (o.Timeout <= TimeSpan.Zero) problems.Add($"Timeout must be positive (was {o.Timeout}).");
        if (o.MinInterval < TimeSpan.Zero) problems.Add($"MinInterval must not be negative (was {o.MinInterval}).");
        if (o.MaxAnswerBytes < 4096) problems.Add($"MaxAnswerBytes must be at least 4096 (was {o.MaxAnswerBytes}).");
        return problems;
    }
}
