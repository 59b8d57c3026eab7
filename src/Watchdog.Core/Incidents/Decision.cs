namespace Watchdog.Core.Incidents;

/// <summary>What the runbooks' decision trees say to do, most severe last.</summary>
public enum RunbookAction
{
    Monitor,
    DisableFlag,
    Rollback,
}

/// <summary>How Watchdog acts on a decision.</summary>
public enum Mode
{
    /// <summary>Act at once.</summary>
    Auto,

    /// <summary>Ask a person and act on approval.</summary>
    Approve,

    /// <summary>Say what would be done; call nothing.</summary>
    DryRun,
}

/// <summary>The tree's answer for a set of triggers, with the branch that gave it.</summary>
public sealed record Decision(RunbookAction Action, string Reason, Trigger Trigger, string? Flag = null)
{
    /// <summary>The deployment (id or version) a person asked to roll back to; null lets Watchdog choose.</summary>
    public string? Target { get; init; }

    /// <summary>
    /// The flag whose disable came first and was refused or did not help: this rollback falls through from it (once).
    /// Its runbook steps are journaled apart from the disable's (<see cref="Incident.AfterFlagSuffix"/>).
    /// </summary>
    public string? FlagTried { get; init; }

    /// <summary>
    /// Why a person must decide, whatever the mode and the rule's autonomy (a DryRun aside): the top suspect is a change
    /// Watchdog cannot undo (a configuration variable whose old value it never stored), so no veto window acts for them.
    /// Null: the gate decides as the mode says.
    /// </summary>
    public string? PersonDecides { get; init; }
}
