using Watchdog.Core.Reports;

namespace Watchdog.Core.Ports;

/// <summary>One channel (Slack, a signed webhook, …). Throws when the channel refused the message.</summary>
public interface INotifier
{
    string Name { get; }

    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
