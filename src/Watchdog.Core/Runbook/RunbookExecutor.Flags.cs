using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Seed 001's "consider feature flag disable": the flag is turned off at the service's flag switch. A refused disable,
/// or one that does not help, falls through to the rollback once, within the budget; a disable that needs a person's
/// approval at the flag service asks a person whether to roll back instead.
/// </summary>
public sealed partial class RunbookExecutor
{
    /// <summary>The journal key of the disable; its output starts with <see cref="NeedsApprovalMark"/> when the flag service asked for an approval.</summary>
    public const string DisableFlagStep = "disable-flag";

    private const string NeedsApprovalMark = "needs approval: ";

    /// <summary>True when the flag is off and the runbook goes on to stabilize and verify.</summary>
    private async Task<bool> DisableFlagAsync(Incident incident, Decision decision, CancellationToken ct)
    {
        var flags = runbook.FlagSwitch;
        var turned = await StepAsync(incident, DisableFlagStep, async _ =>
        {
            var outcome = await flags.TurnOffAsync(decision.Flag!, ct);
            return new StepOutcome(outcome.TurnedOff, outcome.Result == FlagResult.NeedsApproval ? NeedsApprovalMark + outcome.Detail : outcome.Detail);
        }, ct);
        if (turned.Ok) return true;

        // Nothing changed: the budget and the metrics start with the rollback, if there is one.
        incident.RollbackStartedAt = null;

        if (turned.Detail.StartsWith(NeedsApprovalMark, StringComparison.Ordinal))
        {
            var asked = turned.Detail[NeedsApprovalMark.Length..];
            await DecideAsync(incident, RunbookPolicy.AfterFlag(decision, $"{flags.Name} needs an approval to turn off flag {decision.Flag} ({FirstLine(asked)}): roll back instead?"));
            await AskAsync(incident, incident.Decision!, ct);
            return false;
        }

        await FallBackAsync(incident, $"{flags.Name} refused to turn off flag {decision.Flag} ({FirstLine(turned.Detail)}), rolling back", ct);
        return false;
    }

    /// <summary>After a flag disable: the rollback, decided and put through the gate (budget, mode) as any decision is; otherwise people are told.</summary>
    private async Task FallBackAsync(Incident incident, string why, CancellationToken ct)
    {
        await DecideAsync(incident, RunbookPolicy.AfterFlag(incident.Decision!, why));
        if (await PassGateAsync(incident, Authority.None, ct)) await RunStepsAsync(incident, ct);
    }

    /// <summary>Verification failed: a flag disable falls through to the rollback; a rollback escalates.</summary>
    private Task NotRestoredAsync(Incident incident, string why, CancellationToken ct) =>
        incident.Decision is { Action: RunbookAction.DisableFlag } d
            ? FallBackAsync(incident, $"disabling flag {d.Flag} did not help, rolling back: {why}", ct)
            : EscalateAsync(incident, why, StepsDone(incident), ct);

    private static string ActionDone(Incident i) => i.Decision?.Action == RunbookAction.DisableFlag ? "flag disable" : "rollback";

    /// <summary>
    /// A rollback after a flag disable runs its own steps (identify, announce, stabilize, verify…), keyed apart from the
    /// disable's. Maintenance mode, the escalation, the resolution and progress are the incident's, whichever phase.
    /// </summary>
    private static string Scoped(Incident incident, string key) =>
        incident.Decision?.FlagTried is null || key.EndsWith(Incident.AfterFlagSuffix, StringComparison.Ordinal) || IsIncidentWide(key)
            ? key
            : key + Incident.AfterFlagSuffix;

    private static bool IsIncidentWide(string key) =>
        key.StartsWith("maintenance-", StringComparison.Ordinal) || key.StartsWith("db-", StringComparison.Ordinal) || key is OfferStep or "notify-escalation" or "notify-resolved" or "evidence-logs" or DisableFlagStep
        || key.StartsWith(IncidentLifecycle.ProgressStep, StringComparison.Ordinal);

    private static StepRecord? StepOf(Incident incident, string key) => incident.Step(Scoped(incident, key));

    /// <summary>The budget counts earlier incidents: a rollback after this incident's own flag disable is its one rollback, not a second.</summary>
    private static IReadOnlyList<DateTimeOffset> EarlierThan(Incident incident, IReadOnlyList<DateTimeOffset> started)
    {
        if (incident.Decision?.FlagTried is null || incident.RollbackStartedAt is not { } own) return started;
        var list = started.ToList();
        list.Remove(own);
        return list;
    }
}
