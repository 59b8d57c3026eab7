using Watchdog.Core.Signals;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Reports;

/// <summary>The journal keys of the steps a drill adds to the emergency runbook's.</summary>
public static class DrillSteps
{
    /// <summary>What was live before the drill: the deployment it rolls forward to.</summary>
    public const string Baseline = "baseline";

    public const string RollForward = "roll-forward";

    public const string VerifyForward = "verify-forward";
}

/// <summary>How long each phase of a drill took, from its journaled steps; null for a phase that did not run.</summary>
public sealed record DrillPhases(TimeSpan? Rollback, TimeSpan? Verification, TimeSpan? RollForward)
{
    public static DrillPhases Of(Incident i) => new(
        Span(i, Incident.IsRollbackStep),
        Span(i, k => k == "verify" || k.StartsWith("stabilize:", StringComparison.Ordinal) || k.StartsWith("smoke:", StringComparison.Ordinal)),
        Span(i, k => k is DrillSteps.RollForward or DrillSteps.VerifyForward));

    /// <summary>"rollback 42s, verification 1m00s, roll forward 40s", naming only the phases that ran.</summary>
    public override string ToString() => string.Join(", ", new[]
    {
        Part("rollback", Rollback),
        Part("verification", Verification),
        Part("roll forward", RollForward),
    }.OfType<string>());

    private static string? Part(string name, TimeSpan? d) => d is { } x ? $"{name} {SignalFormat.Duration(x)}" : null;

    private static TimeSpan? Span(Incident i, Func<string, bool> inPhase)
    {
        var steps = i.Steps.Where(s => inPhase(s.Key) && s.EndedAt is not null).ToList();
        return steps.Count == 0 ? null : steps.Max(s => s.EndedAt!.Value) - steps.Min(s => s.StartedAt);
    }
}
