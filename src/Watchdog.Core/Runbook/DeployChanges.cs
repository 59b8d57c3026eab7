using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>A deployment first seen live at <see cref="At"/>.</summary>
public sealed record DeployChange(DateTimeOffset At, Deployment Deployment);

/// <summary>What is live, as the status page shows it: the deployment, when the provider said so, and why it could not be asked now.</summary>
public sealed record LiveLook(Deployment? Live, DateTimeOffset? At, string? Problem);

/// <summary>One line of a service's deploy timeline: what a platform said of a deployment, when Watchdog heard it.</summary>
public sealed record DeployNote(DateTimeOffset At, string Text);

/// <summary>The last few of something, newest last: deployments seen going live (the chart's deploy markers), deploy notes.</summary>
internal sealed class Recent<T>
{
    private const int Keep = 8;
    private readonly Queue<T> _items = new(Keep);
    private readonly Lock _gate = new();

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_items.Count == Keep) _items.Dequeue();
            _items.Enqueue(item);
        }
    }

    public T[] Copy()
    {
        lock (_gate) return [.. _items];
    }
}
