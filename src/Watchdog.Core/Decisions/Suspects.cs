using Watchdog.Core.Signals;

namespace Watchdog.Core.Decisions;

/// <summary>What kind of change an incident suspects.</summary>
public enum SuspectKind
{
    /// <summary>A deployment went live (of the service, or of one of its parts).</summary>
    Deploy,

    /// <summary>A feature flag changed at the service's flag service.</summary>
    Flag,

    /// <summary>A configuration variable changed.</summary>
    Variable,
}

/// <summary>A change Watchdog heard of, before it knows whether an incident suspects it.</summary>
/// <param name="What">In words: "deployment v3 (dep-v3)", "flag new-checkout turned on at LaunchDarkly".</param>
/// <param name="At">When it changed: for a deploy the provider's creation time when it says one, else when Watchdog first saw it live
/// (a live check may notice a deploy minutes late, after a breach it caused); for a flag, the flag service's own time.</param>
/// <param name="Component">The part of the service it changed, for a service of several parts; null for the service as a whole.</param>
/// <param name="Flag">For a flag change: the flag's key at the service's flag service (what turning it off takes).</param>
/// <param name="TurnedOn">For a flag change: it turned the flag on, which turning the flag off undoes.</param>
/// <param name="Polled">For a flag change: found by polling the flag service rather than told by its webhook.</param>
public sealed record Change(SuspectKind Kind, string What, DateTimeOffset At, string? Component = null, string? Flag = null, bool TurnedOn = false,
    bool Polled = false)
{
    /// <summary>"deployment v3 (dep-v3) of worker": what it changed and where.</summary>
    public string Describe() => Component is { } c ? $"{What} of {c}" : What;
}

/// <summary>A change an incident suspects: it came <see cref="Lead"/> before the first breached reading.</summary>
public sealed record Suspect(Change Change, TimeSpan Lead)
{
    public SuspectKind Kind => Change.Kind;

    public string What => Change.What;

    public string? Component => Change.Component;

    public DateTimeOffset ChangedAt => Change.At;

    /// <summary>A flag change that turned a flag on: the one suspect turning a flag off undoes.</summary>
    public bool FlagTurnedOn => Change is { Kind: SuspectKind.Flag, TurnedOn: true, Flag: not null };

    /// <summary>"flag new-checkout turned on at LaunchDarkly 4m before the first breach".</summary>
    public string Describe() => $"{Change.Describe()} {SignalFormat.Duration(Lead)} before the first breach";
}

/// <summary>
/// Which changes an incident suspects, closest to the first breach first. Pure: the watch hands over what it heard of
/// (deploys seen live, flag changes its flag services reported), the incident's first breached reading and a window.
/// </summary>
public static class Suspects
{
    /// <summary>
    /// How far back a change is suspected. Two hours: the seeds watch a release for two hours after a rollback before
    /// calling it good (<c>MonitorFor</c>), so a change that lived through that long without a breach is unlikely to be its
    /// cause; and the watch keeps only the last few changes of each kind, which an older window would outlive.
    /// </summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(2);

    /// <summary>The changes at or before <paramref name="firstBreachAt"/> and within <paramref name="lookback"/> of it, closest first.</summary>
    /// <remarks>
    /// A change after the first breach cannot have caused it, so it is no suspect. Two changes at the same instant rank
    /// the deploy first: today's decision stands when nothing tells them apart.
    /// </remarks>
    public static IReadOnlyList<Suspect> Rank(IEnumerable<Change> changes, DateTimeOffset firstBreachAt, TimeSpan lookback)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return [.. changes
            .Where(c => c.At <= firstBreachAt && firstBreachAt - c.At <= lookback)
            .Select(c => new Suspect(c, firstBreachAt - c.At))
            .OrderBy(s => s.Lead)
            .ThenBy(s => s.Kind == SuspectKind.Deploy ? 0 : 1)];
    }

    /// <summary>
    /// The changes with each flag change heard twice kept once: a change polled within <paramref name="pollInterval"/>
    /// after a webhook told of the same flag turning the same way is that change (the poll found it at the next look),
    /// and the webhook's is kept, dated by the flag service. A minute's slack covers the two clocks' difference.
    /// </summary>
    public static IReadOnlyList<Change> Merged(IReadOnlyList<Change> changes, TimeSpan pollInterval)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var told = changes.Where(c => c is { Kind: SuspectKind.Flag, Polled: false, Flag: not null }).ToList();
        return [.. changes.Where(c => c is not { Kind: SuspectKind.Flag, Polled: true } || !told.Any(t =>
            t.Flag == c.Flag && t.TurnedOn == c.TurnedOn && t.At <= c.At + Slack && c.At - t.At <= pollInterval + Slack))];
    }

    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    /// <summary>The newest deploy at or before the first breach, however long before (the reason says how long the release had been live).</summary>
    public static Change? LastDeploy(IEnumerable<Change> changes, DateTimeOffset firstBreachAt) =>
        changes.Where(c => c.Kind == SuspectKind.Deploy && c.At <= firstBreachAt).MaxBy(c => c.At);

    /// <summary>One line for the timeline and the messages: "1. flag x turned on … 4m before the first breach; 2. deployment v3 (dep-v3) 1h10m before the first breach".</summary>
    public static string Describe(IReadOnlyList<Suspect> ranked, TimeSpan lookback) =>
        ranked.Count == 0
            ? $"no deploy or flag change seen in the {SignalFormat.Duration(lookback)} before the first breach"
            : string.Join("; ", ranked.Select((s, i) => $"{i + 1}. {s.Describe()}"));
}
