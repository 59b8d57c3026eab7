namespace Watchdog.Core.Decisions;

/// <summary>
/// What one rule may do on its own, whatever the service's mode short of DryRun: only alert, ask a person, act, or
/// earn the right to act from its own record (the shadow record, judged by <c>Runbook.EarnedAutonomy</c>).
/// </summary>
public enum Autonomy
{
    Notify,
    Ask,
    Act,
    Earned,
}

/// <summary>A rule's autonomy as the gate applies it: configured, whether it may act now, and why in numbers.</summary>
public sealed record RuleAutonomy(string Rule, Autonomy Configured, bool MayAct, string Why);
