using Watchdog.Core.Incidents;
namespace Watchdog.Core.Decisions;

/// <summary>What the gate lets happen to a decision.</summary>
public enum Passage
{
    /// <summary>The decision is to watch: nothing to act on.</summary>
    Monitor,

    /// <summary>Say what would be done; call nothing.</summary>
    DryRun,

    /// <summary>Ask a person and wait (with the veto window, if one is set).</summary>
    Ask,

    /// <summary>Carry it out now.</summary>
    Act,

    /// <summary>Not allowed without a person: escalate with the reason.</summary>
    Refuse,
}

/// <summary>Who stands behind an action: nobody yet, a person who approved it, or a veto window that passed in silence.</summary>
public enum Authority
{
    None,
    Approved,
    Unvetoed,
}

/// <param name="Reason">Why, in the words the timeline and the messages use.</param>
/// <param name="Counts">Whether the action, once taken, counts against the automatic budget.</param>
public readonly record struct GateResult(Passage Passage, string Reason, bool Counts = false);

/// <summary>
/// The one place where mode and budget apply. A person's approval acts whatever the budget says (a person
/// chose); an action nobody approved — Auto mode, or a veto window that passed — must fit the budget.
/// </summary>
public static class ActionGate
{
    /// <param name="previous">When earlier automatic rollbacks of the service started (the budget's history).</param>
    /// <param name="autonomy">The deciding rule's own autonomy, when it has one: it stands in for the mode (DryRun aside).</param>
    public static GateResult Judge(Decision decision, Mode mode, Authority authority, RollbackBudget budget, IEnumerable<DateTimeOffset> previous, DateTimeOffset now,
        RuleAutonomy? autonomy = null)
    {
        if (decision.Action == RunbookAction.Monitor) return new(Passage.Monitor, "no action: " + decision.Reason);
        if (mode == Mode.DryRun) return new(Passage.DryRun, "dry run: nothing is called");
        if (authority == Authority.Approved) return new(Passage.Act, "approved by a person");
        if (autonomy is { Configured: Autonomy.Notify })
            return new(Passage.Monitor, $"rule {autonomy.Rule} has autonomy Notify: Watchdog alerts and takes no action ({decision.Action} would be next: {decision.Reason})");
        if (decision.PersonDecides is { } why) return new(Passage.Ask, "a person decides: " + why);
        if (autonomy is { MayAct: false } && authority == Authority.None)
            return new(Passage.Ask, $"rule {autonomy.Rule} has autonomy {autonomy.Configured}: a person decides ({autonomy.Why})");
        if (autonomy is null && mode == Mode.Approve && authority == Authority.None) return new(Passage.Ask, "Approve mode: a person decides");

        var refusal = budget.Refusal(previous, now);
        var unvetoed = authority == Authority.Unvetoed;
        if (refusal is not null)
        {
            return new(Passage.Refuse, unvetoed
                ? $"the veto window passed, but {decision.Action} is not automatic: {refusal}"
                : $"{decision.Action} needed ({decision.Reason}) but not automatic: {refusal}");
        }

        return new(Passage.Act, unvetoed ? "no veto within the window: acting as announced"
            : autonomy is { } a ? $"rule {a.Rule} has autonomy {a.Configured} ({a.Why}), within the budget" : "Auto mode, within the budget", Counts: true);
    }
}
