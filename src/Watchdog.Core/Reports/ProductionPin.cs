using Watchdog.Core.Incidents;

namespace Watchdog.Core.Reports;

/// <summary>
/// What the journal knows of a rollback that pinned production (<see cref="Ports.IPinnedProduction"/>): the executor
/// writes it as the output of the step before that rollback, and the messages read it back. Its first line is for
/// people (the timeline shows it); the lines after it are <c>key: value</c> facts.
/// </summary>
/// <param name="WasOn">Whether the platform auto-assigned production domains before the rollback; null when it could not be read.</param>
public sealed record ProductionPin(string Provider, string Setting, bool? WasOn, string PromoteCommand)
{
    /// <summary>The journal key of the step before a rollback; a fallback provider's has the rollback step's suffix too.</summary>
    public const string BeforeStep = "domains-before";

    /// <param name="problem">Why the setting could not be read, when it could not.</param>
    public string Write(string? problem = null) =>
        (problem is null
            ? $"{Provider}: {Setting} was {OnOff(WasOn)} before the rollback; recorded so a drill can restore it"
            : $"could not read {Setting} on {Provider} before the rollback; rolling back anyway: {problem}")
        + $"\nprovider: {Provider}\nsetting: {Setting}\nwas: {OnOff(WasOn)}\npromote: {PromoteCommand}";

    public static ProductionPin? Read(string? output)
    {
        var facts = StepFacts.Of(output);
        if (!facts.TryGetValue("provider", out var provider) || !facts.TryGetValue("setting", out var setting) || !facts.TryGetValue("promote", out var promote))
            return null;
        bool? was = facts.GetValueOrDefault("was") switch { "on" => true, "off" => false, _ => null };
        return new ProductionPin(provider, setting, was, promote);
    }

    /// <summary>The pin in force: recorded before a rollback step (of the same provider) that succeeded. Null when no rollback pinned production.</summary>
    public static ProductionPin? Of(Incident i)
    {
        foreach (var step in i.Steps.Where(s => s.Key.StartsWith(BeforeStep, StringComparison.Ordinal)))
        {
            var rollback = Incident.RollbackStep + step.Key[BeforeStep.Length..];
            if (i.Step(rollback) is { Status: StepStatus.Succeeded } && Read(step.Output) is { } pin) return pin;
        }

        return null;
    }

    /// <summary>What an on-call engineer must know after such a rollback, and how to end it.</summary>
    /// <param name="on">What production stays on: the rolled-back version.</param>
    public IReadOnlyList<string> Lines(string on) =>
    [
        $"Production domains: stay on {on}. The rollback turned off {Setting} on {Provider}, so new production builds are staged, not served, until someone promotes one.",
        WasOn switch
        {
            true => $"Before the rollback {Setting} was on; promoting a deployment turns it back on.",
            false => $"Before the rollback {Setting} was already off (this project stages production on purpose); promoting turns it on, so turn it off again afterwards.",
            null => $"What {Setting} was before the rollback could not be read: check it after promoting.",
        },
        $"To undo the rollback once a fixed deployment is ready: {PromoteCommand}",
    ];

    private static string OnOff(bool? on) => on switch { true => "on", false => "off", null => "unknown" };
}
