using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>
/// Keeps this instance's share of the services' leases in the journal, a round every third of the lease: renews what it
/// holds, takes services nobody holds (a crashed instance's, once their leases expire) up to a fair share of the live
/// instances, and hands one surplus service a round to a newcomer. Taking a service over resumes its open incident from
/// the journal; losing one stops its actor at its next save (the fence). Alone on its journal, it simply holds them all.
/// </summary>
public sealed partial class LeaseKeeper(
    WatchdogRuntime runtime, ILeases leases, IIncidentStore store, ILedger ledger, StoreSettings settings, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<LeaseKeeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _round = new(1, 1);
    private bool _failing;

    public LeaseHolder Me { get; } = LeaseHolder.Of(settings.Instance);

    /// <summary>How often the leases are renewed.</summary>
    public TimeSpan Period => settings.LeaseTtl / 3;

    /// <summary>
    /// One round. Fences are renewed until the round's start plus four fifths of the lease: what this instance may still do
    /// stops before another instance (whose clock may run a little ahead) can take the service.
    /// </summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        await _round.WaitAsync(ct);
        try
        {
            var started = time.GetUtcNow();
            var rows = (await leases.ListLeasesAsync(ct)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            var watches = runtime.Watches;
            var members = 1 + rows.Values.Count(r => r.Name.StartsWith(LeaseNames.MemberPrefix, StringComparison.Ordinal) && r.Live(started) && r.Instance != Me.Instance);
            var share = (watches.Count + members - 1) / members;

            var held = watches.Where(w => w.Fence!.Watches).ToList();
            var free = watches.Where(w => !w.Fence!.Watches && Free(rows.GetValueOrDefault(LeaseNames.Service(w.Service)), started))
                .OrderBy(w => Preference(w.Service)).Take(Math.Max(0, share - held.Count));
            var asked = held.Concat(free).Select(w => LeaseNames.Service(w.Service)).Append(LeaseNames.Member(Me.Instance)).ToList();
            var granted = await leases.HoldAsync(asked, Me, started, settings.LeaseTtl, ct);
            var until = started + settings.LeaseTtl * 4 / 5;
            var taken = new List<(ServiceWatch Watch, long Token)>();

            foreach (var watch in watches)
            {
                var name = LeaseNames.Service(watch.Service);
                var fence = watch.Fence!;
                if (granted.TryGetValue(name, out var token))
                {
                    var before = fence.Token;
                    fence.Grant(token, until);
                    if (before != token) taken.Add((watch, token));
                    continue;
                }

                var holder = rows.GetValueOrDefault(name) is { } row && row.Live(started) && row.Instance != Me.Instance ? row.Instance : null;
                if (fence.Watches && rows.GetValueOrDefault(name) is { } taker && taker.Instance == Me.Instance && taker.Incarnation != Me.Incarnation)
                    LogSameName(logger, watch.Service, Me.Instance);
                else if (fence.Watches) LogLost(logger, watch.Service, holder ?? "another instance");
                fence.Revoke(holder);
            }

            // What the journal shows open, read at most once a round: for the services taken over and for the others' view.
            ILookup<string, Core.Incidents.Incident>? open = null;
            async Task<ILookup<string, Core.Incidents.Incident>> OpenAsync() =>
                open ??= (await store.ListOpenAsync(ct)).ToLookup(i => i.Service, StringComparer.Ordinal);
            if (taken.Count > 0) await TakeOverAsync(taken, await OpenAsync(), ct);
            await HandOverSurplusAsync(watches, share, started, ct);
            if (watches.Any(w => !w.Fence!.Watches)) MirrorAll(watches, await OpenAsync());
            await DeliverInboxesAsync(watches, ct);
            if (_failing) LogBack(logger);
            _failing = false;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Fences run out on their own: nothing is acted on past them. Said once per outage, not every round.
            if (!_failing) LogRoundFailed(logger, e);
            _failing = true;
        }
        finally
        {
            _round.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            await RoundAsync(stoppingToken);
    }

    /// <summary>After the runbooks stopped (this keeper stops after <see cref="RuntimeStarter"/>): the next instance need not wait for the leases to expire.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var mine = runtime.Watches.Where(w => w.Fence!.Watches).Select(w => LeaseNames.Service(w.Service)).Append(LeaseNames.Member(Me.Instance)).ToList();
        foreach (var w in runtime.Watches) w.Fence!.Revoke(null);
        // A journal that is down (or never answered) takes no release: waiting for it would only hold the stop up.
        if (!runtime.Journal.Up) return;
        try
        {
            await leases.ReleaseAsync(mine, Me, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReleaseFailed(logger, e);
        }
    }

    // An earlier life of this instance (same name, crashed or restarted) holds nothing any more: taken back at once.
    private bool Free(LeaseRecord? row, DateTimeOffset now) => row is null || !row.Live(now) || (row.Instance == Me.Instance && row.Incarnation != Me.Incarnation);

    // Each instance prefers a different order of the free services, so two taking over at once rarely ask for the same.
    private uint Preference(string service) => Fnv1a(Me.Instance + "\n" + service);

    private static uint Fnv1a(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s) hash = (hash ^ c) * 16777619u;
        return hash;
    }

    /// <summary>The services granted this round carry on with what the journal shows open (read once for all of them).</summary>
    private async Task TakeOverAsync(IReadOnlyList<(ServiceWatch Watch, long Token)> taken, ILookup<string, Core.Incidents.Incident> open, CancellationToken ct)
    {
        // A fleet taken at start says so in one line, not thousands.
        if (taken.Count > ManyToName) LogTookOverMany(logger, taken.Count);
        foreach (var (watch, token) in taken)
        {
            if (taken.Count <= ManyToName) LogTookOver(logger, watch.Service, token);
            foreach (var drill in open[watch.Service].Where(i => i.Drill))
                _ = runtime.Drills.Resume(drill, lifetime.ApplicationStopping);
            await watch.TakeOverAsync(open[watch.Service].FirstOrDefault(i => !i.Drill), ct);
        }
    }

    private const int ManyToName = 20;

    /// <summary>More than a fair share (an instance joined): one service a round, never one with an incident or drill under way.</summary>
    private async Task HandOverSurplusAsync(IReadOnlyList<ServiceWatch> watches, int share, DateTimeOffset now, CancellationToken ct)
    {
        var held = watches.Where(w => w.Fence!.Watches).ToList();
        if (held.Count <= share) return;
        if (held.LastOrDefault(w => w.OpenIncidentId is null && w.Running.IsCompleted && !w.Drilling) is not { } spare) return;
        spare.Fence!.Revoke(null);
        await leases.ReleaseAsync([LeaseNames.Service(spare.Service)], Me, now, ct);
        LogHandedOver(logger, spare.Service, share);
    }

    private static void MirrorAll(IReadOnlyList<ServiceWatch> watches, ILookup<string, Core.Incidents.Incident> open)
    {
        foreach (var w in watches.Where(w => !w.Fence!.Watches)) w.Mirror(open[w.Service].FirstOrDefault(i => !i.Drill));
    }

    private async Task DeliverInboxesAsync(IReadOnlyList<ServiceWatch> watches, CancellationToken ct)
    {
        var waiting = await ledger.ScopesAsync(ServiceInbox.ScopePrefix, ct);
        if (waiting.Count == 0) return;
        foreach (var w in watches.Where(w => w.Fence!.Watches && waiting.Contains(ServiceInbox.ScopeOf(w.Service))))
            await w.TakeInboxAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Acting for {Service} under lease token {Token}")]
    private static partial void LogTookOver(ILogger logger, string service, long token);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acting for {Count} services under their leases")]
    private static partial void LogTookOverMany(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of {Service} to {Holder}: this instance no longer acts for it")]
    private static partial void LogLost(ILogger logger, string service, string holder);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Lost the lease of {Service} to another process named {Instance}: two live instances share Watchdog:Store:Instance and will take services from each other; give each its own name")]
    private static partial void LogSameName(ILogger logger, string service, string instance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Service} over to a newer instance (fair share now {Share} services)")]
    private static partial void LogHandedOver(ILogger logger, string service, int share);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not renew the leases in the journal: nothing is acted on once they run out, until it answers again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The journal answers again: leases renewed")]
    private static partial void LogBack(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the leases at stop: the next instance takes the services once they expire")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
