namespace Watchdog.Core.Incidents;

/// <summary>What a timeline line records. The journal, the API and the pages write it as <see cref="TimelineKinds.Text"/>.</summary>
public enum TimelineKind
{
    Detected,
    Evidence,
    State,
    Step,
    Notified,
    Approved,
    Vetoed,

    /// <summary>Approve mode's veto window passed in silence; the action counts in the automatic budget.</summary>
    Unvetoed,
    Closed,
    Database,
    Drill,

    /// <summary>A platform reported a deployment of the service (started, live, failed) while the incident was open.</summary>
    Deploy,

    /// <summary>What changed before the first breach (deploys, flag changes), closest first, as the incident opened.</summary>
    Suspects,
}

/// <summary>One line of the incident's timeline. <see cref="Seq"/> orders events and makes saving them idempotent.</summary>
public sealed record TimelineEvent(int Seq, DateTimeOffset At, TimelineKind Kind, string Message);

public static class TimelineKinds
{
    private static readonly string[] Texts = [.. Enum.GetNames<TimelineKind>().Select(n => n.ToLowerInvariant())];

    /// <summary>The kind as the journal and the API write it: <c>detected</c>, <c>state</c>, <c>unvetoed</c>, …</summary>
    public static string Text(this TimelineKind kind) => Texts[(int)kind];

    /// <summary>Reads a journal's kind back; null for a kind this version does not know.</summary>
    public static TimelineKind? Parse(string text) =>
        Enum.TryParse<TimelineKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _) ? kind : null;
}
