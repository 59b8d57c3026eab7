namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>
/// The span one round asks about: the last <see cref="RailwayMetricsOptions.Window"/>, or, after a reset, from the
/// reset on until a whole window has passed, so requests served by the previous deployment are left out.
/// </summary>
internal readonly record struct RailwayMetricsSpan(DateTimeOffset Start, DateTimeOffset End)
{
    public static RailwayMetricsSpan For(TimeSpan window, DateTimeOffset now, DateTimeOffset? resetAt) =>
        new(resetAt is { } since && since > now - window ? since : now - window, now);

    public TimeSpan Length => End - Start;

    /// <summary>Right after a reset, before a whole second has passed: there is nothing to ask about yet.</summary>
    public bool IsEmpty => Length < TimeSpan.FromSeconds(1);

    /// <summary>§9: the step the CLI (and the dashboard) picks for a span of this length.</summary>
    public int StepSeconds => Length <= TimeSpan.FromHours(1) ? 30
        : Length <= TimeSpan.FromHours(6) ? 60
        : Length <= TimeSpan.FromDays(1) ? 240
        : Length <= TimeSpan.FromDays(7) ? 3600
        : 14400;
}
