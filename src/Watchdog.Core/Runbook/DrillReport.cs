using System.Text.Json;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>Someone (the schedule, a person through the API) asks for a drill of one service.</summary>
/// <param name="By">Who asked: "schedule 0 0 10 ? 1/3 TUE#1", "api (alice)".</param>
/// <param name="RollForward">Whether to go back to what was live before the drill once the rollback is verified.</param>
public sealed record DrillRequest(string By, bool RollForward = true)
{
    /// <summary>A real incident the caller knows to be open on the service (the watch's own); the journal is asked as well.</summary>
    public string? OpenIncidentId { get; init; }
}

public enum DrillOutcome
{
    Passed,
    Failed,

    /// <summary>Not run: a real incident is open, or another drill of the service is under way.</summary>
    Skipped,
}

/// <param name="IncidentId">The drill's incident; null when it was skipped without one (a drill already under way).</param>
/// <param name="Summary">One line: "DRILL PASSED: rollback 42s, verification 1m00s, roll forward 40s".</param>
public sealed record DrillReport(DrillOutcome Outcome, string Service, string? IncidentId, string Summary);

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
        Span(i, k => k == "rollback" || k.StartsWith("rollback:", StringComparison.Ordinal)),
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

/// <summary>
/// What a drill must remember across a restart: the deployment that was live before it, and whether to roll forward to it.
/// Kept in the ledger under the drill's incident id.
/// </summary>
internal sealed record DrillPlan(Deployment Original, bool RollForward)
{
    public const string LedgerScope = "drill";

    private sealed record Stored(string Id, string Version, bool RollForward);

    public string Write() => JsonSerializer.Serialize(new Stored(Original.Id, Original.Version, RollForward), JsonSerializerOptions.Web);

    public static DrillPlan? Read(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<Stored>(json, JsonSerializerOptions.Web) is { Id: { } id, Version: { } version } s
                ? new DrillPlan(new Deployment(id, version), s.RollForward)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
