using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Configuration;
using Watchdog.Core.Channels;
using Watchdog.Core.Reports;
using Watchdog.Core.Decisions;
using Watchdog.Core.Releases;
using Watchdog.Core.Runbook;
using Watchdog.Http;

namespace Watchdog.Hosting;

/// <summary>The watched services, by name, and whether start-up (journal opened, open incidents adopted) is done.</summary>
public sealed class WatchdogRuntime : IDisposable
{
    private readonly Dictionary<string, ServiceWatch> _byName;

    /// <param name="drillRunners">One per watched service that may be drilled (or have a drill to resume).</param>
    public WatchdogRuntime(IReadOnlyList<ServiceWatch> watches, IReadOnlyList<DrillRunner>? drillRunners = null,
        IReadOnlyList<DrillSettings>? drills = null, ILoggerFactory? logs = null)
    {
        var logger = (logs ?? NullLoggerFactory.Instance).CreateLogger("Watchdog.Drills");
        Watches = watches;
        _byName = watches.ToDictionary(w => w.Service, StringComparer.OrdinalIgnoreCase);
        Drills = new DrillCoordinator(_byName, drillRunners ?? [], drills ?? [], logger);
    }

    public IReadOnlyList<ServiceWatch> Watches { get; }

    public bool Ready
    {
        get => Journal.Ready;
        internal set => Journal.Ready = value;
    }

    /// <summary>What is wrong with the journal, from its last check; null while it is sound. /readyz fails meanwhile.</summary>
    public string? JournalProblem => Journal.Problem;

    /// <summary>Every channel, for what Watchdog says about itself (its journal).</summary>
    public NotifierFanout Fanout { get; init; } = new([], Redactor.None, TimeProvider.System, TimeSpan.FromSeconds(10));

    /// <summary>The journal's state, which the watches' decisions wait on.</summary>
    public StoreHealth Journal { get; init; } = new("the journal", null, Redactor.None, TimeProvider.System, NullLogger.Instance);

    public DrillCoordinator Drills { get; }

    public ServiceWatch? Find(string service) => _byName.GetValueOrDefault(service);

    /// <summary>As <see cref="Find(string)"/>, for a name cut out of a longer string (no copy made).</summary>
    public ServiceWatch? Find(ReadOnlySpan<char> service) =>
        _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(service, out var watch) ? watch : null;

    /// <summary>
    /// Hands a deploy event to its service's watch, the one actor, with what freezes deploys elsewhere (other services'
    /// open incidents and drills, as <c>/api/freeze</c> says); null when the service is not watched.
    /// </summary>
    public async Task<DeployTaken?> DeployedAsync(DeployEvent e, TimeSpan maxAge, CancellationToken ct)
    {
        if (Find(e.Service) is not { } watch) return null;
        var elsewhere = DeployFreeze.Of(Watches.Where(w => w != watch), w => w.Drilling).Services
            .Select(f => f.Incident is { } id ? $"incident {id} of {f.Service} is open" : $"a drill of {f.Service} is under way")
            .ToList();
        return await watch.TakeDeployAsync(e, maxAge, elsewhere, ct);
    }

    public void Dispose()
    {
        Drills.Dispose();
        foreach (var w in Watches) w.Dispose();
    }
}
