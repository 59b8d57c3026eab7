using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Ports;

/// <summary>Links people follow from a message: the incident's page, and signed single-use approve and veto links.</summary>
public interface IActionLinks
{
    /// <summary>The incident's page, or null when no public URL is configured.</summary>
    NotificationLink? Incident(string incidentId);

    /// <summary>Approve and veto links for an incident awaiting a person, valid until <paramref name="expires"/>; empty when links are off.</summary>
    IReadOnlyList<NotificationLink> Decide(Incident incident, DateTimeOffset expires);
}

/// <summary>No public URL configured: messages carry the incident id only, and people act through the API or CLI.</summary>
public sealed class NoActionLinks : IActionLinks
{
    public static readonly NoActionLinks Instance = new();

    public NotificationLink? Incident(string incidentId) => null;

    public IReadOnlyList<NotificationLink> Decide(Incident incident, DateTimeOffset expires) => [];
}
