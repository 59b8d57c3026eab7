using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>A deployment first seen live at <see cref="At"/>.</summary>
public sealed record DeployChange(DateTimeOffset At, Deployment Deployment);

/// <summary>What is live, as the status page shows it: the deployment, when the provider said so, and why it could not be asked now.</summary>
public sealed record LiveLook(Deployment? Live, DateTimeOffset? At, string? Problem);

/// <summary>The last few deployments seen going live, for the chart's deploy markers.</summary>
internal sealed class DeployChanges
{
    private const int Keep = 8;
    private readonly Queue<DeployChange> _changes = new(Keep);
    private readonly Lock _gate = new();

    public void Add(Deployment deployment, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_changes.Count == Keep) _changes.Dequeue();
            _changes.Enqueue(new DeployChange(at, deployment));
        }
    }

    public DeployChange[] Copy()
    {
        lock (_gate) return [.. _changes];
    }
}
