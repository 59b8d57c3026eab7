namespace Watchdog.Core.Rules;

/// <summary>What a rule remembers between readings: when the current unbroken breach began.</summary>
public readonly record struct RuleState(RuleStatus Status, DateTimeOffset? ActiveAt);
