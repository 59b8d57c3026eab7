using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>What the status page shows, read once per request so the page agrees with itself.</summary>
public sealed record StatusSnapshot(
    DateTimeOffset Now,
    bool Ready,
    IReadOnlyList<ServiceWatch> Watches,
    DeployFreeze Freeze,
    IReadOnlyList<Incident> Open,
    IReadOnlyList<Incident> Recent,
    IReadOnlyDictionary<string, Incident> LastStable,
    string? JournalProblem)
{
    /// <summary>The incident asked for with <c>?incident=ID</c> (the link in every message), if any.</summary>
    public Incident? Selected { get; init; }

    /// <summary>Whether the reader presented a token: only then are command lines and their output shown.</summary>
    public bool Trusted { get; init; }

    /// <summary>Per service, what is live as asked when the page was read (at most one live-check interval old).</summary>
    public IReadOnlyDictionary<string, LiveLook> Live { get; init; } = new Dictionary<string, LiveLook>();

    /// <summary>The page's own address, for the commands it suggests.</summary>
    public string BaseUrl { get; init; } = "http://localhost/";

    /// <summary>Each rule's shadow record (its alarms judged by what followed them), as of its last reading of the journal.</summary>
    public ShadowReport Shadow { get; init; } = ShadowReport.Empty;
}

/// <summary>
/// GET /: what the on-call person needs at a glance. Rendered on the server from the runtime and the
/// journal: no script, no build step, nothing fetched from elsewhere.
/// </summary>
public static partial class StatusPage
{
    public const int RecentCount = 10;

    /// <summary>How far back the journal is searched for each service's last verified rollback target.</summary>
    private const int LookBack = 100;

    /// <summary>How long the page waits for a provider asked what is live: a slow platform must not hold the page.</summary>
    public static readonly TimeSpan LiveAskTimeout = TimeSpan.FromSeconds(3);

    public static async Task<IResult> RenderAsync(WatchdogRuntime runtime, IIncidentStore store, TimeProvider time, ILoggerFactory logs, HttpContext http,
        Configuration.WatchdogSettings settings, Hosting.ShadowScores shadow, string? incident, CancellationToken ct)
    {
        var freeze = DeployFreeze.Of(runtime.Watches, w => w.Drilling);
        IReadOnlyList<Incident> history = [];
        var open = new List<Incident>();
        Incident? selected = null;
        string? problem = null;
        try
        {
            history = await store.ListAsync(LookBack, ct);
            foreach (var frozen in freeze.Services)
                if (frozen.Incident is { } id && await store.GetAsync(id, ct) is { } o) open.Add(o);
            if (incident is { Length: > 0 and <= 200 }) selected = await store.GetAsync(incident, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The services' own state is still worth showing when the journal cannot be read.
            LogJournalUnreadable(logs.CreateLogger("Watchdog.StatusPage"), e);
            problem = $"the incident journal could not be read ({e.GetType().Name}); services are shown without it";
        }

        var live = await FreshLiveAsync(runtime.Watches, ct);
        var request = http.Request;
        var snapshot = new StatusSnapshot(time.GetUtcNow(), runtime.Ready, runtime.Watches, freeze, open,
            [.. history.Take(RecentCount)], LastStable(history), problem) {
            Selected = selected, Trusted = ReadAccess.Trusted(http, settings), Live = live,
            BaseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/",
            Shadow = shadow.Report,
        };
        return Results.Content(StatusPageHtml.Render(snapshot), "text/html; charset=utf-8");
    }

    private static async Task<Dictionary<string, LiveLook>> FreshLiveAsync(IReadOnlyList<ServiceWatch> watches, CancellationToken ct)
    {
        var looks = await Task.WhenAll(watches.Select(w => w.FreshLiveAsync(LiveAskTimeout, ct)));
        var live = new Dictionary<string, LiveLook>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < watches.Count; i++) live.TryAdd(watches[i].Service, looks[i]);
        return live;
    }

    /// <summary>
    /// Per service, the newest incident that rolled back and was verified and then stayed stable until it
    /// resolved: its target is the last deployment known to be stable. Nothing else is claimed as stable.
    /// </summary>
    private static Dictionary<string, Incident> LastStable(IReadOnlyList<Incident> newestFirst)
    {
        var found = new Dictionary<string, Incident>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in newestFirst)
        {
            if (i is { State: IncidentState.Resolved, RestoredAt: not null, ToVersion: not null, Decision.Action: RunbookAction.Rollback })
                found.TryAdd(i.Service, i);
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "status page: the incident journal could not be read")]
    private static partial void LogJournalUnreadable(ILogger logger, Exception exception);
}
