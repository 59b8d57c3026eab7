namespace Watchdog.Core.Incidents;

/// <summary>One line of the incident's timeline. <see cref="Seq"/> orders events and makes saving them idempotent.</summary>
public sealed record TimelineEvent(int Seq, DateTimeOffset At, string Kind, string Message);
