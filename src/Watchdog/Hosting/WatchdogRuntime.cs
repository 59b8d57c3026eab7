using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>The watched services, by name, and whether start-up (journal opened, open incidents adopted) is done.</summary>
public sealed class WatchdogRuntime(IReadOnlyList<ServiceWatch> watches) : IDisposable
{
    private readonly Dictionary<string, ServiceWatch> _byName = watches.ToDictionary(w => w.Service, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ServiceWatch> Watches { get; } = watches;

    public bool Ready { get; internal set; }

    public ServiceWatch? Find(string service) => _byName.GetValueOrDefault(service);

    public void Dispose()
    {
        foreach (var w in Watches) w.Dispose();
    }
}
