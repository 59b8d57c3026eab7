using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Knows which release of a service is live: asks the platform now and then, tells the baselines when a new
/// deployment goes live (they outlive a restart in the ledger), notices a quarantined release coming back, and
/// keeps the journal's record of releases it saw live and healthy for <see cref="RunbookSettings.MinHealthyFor"/>:
/// a rollback's first choice of target.
/// </summary>
public sealed class ReleaseWatch(ServiceRunbook runbook, BaselineBook baselines, IIncidentStore store, ILedger? ledger, TimeProvider time)
{
    /// <summary>Outside a quarantine or a baseline to feed, the platform is asked only every tenth live check (a command provider spawns a shell each time).</summary>
    private const int LookEveryWhenIdle = 10;

    public const string KnownGoodScope = "known-good";

    private DateTimeOffset? _checkedAt, _lookedAt, _healthySince;
    private string? _healthyId;
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);
    private string? _quarantineAlerted;
    private bool _loaded;

    /// <summary>The deployment the provider last said was live.</summary>
    public Deployment? Live
    {
        get => _live;
        private set
        {
            _liveAt = time.GetUtcNow();
            // The first answer is what was already live, not a deploy.
            if (value is not null && _live is not null && value.Id != _live.Id)
            {
                _changes.Add(new DeployChange(_liveAt.Value, value));
                _unjournaled = true;
            }

            _live = value;
        }
    }

    private Deployment? _live;
    private DateTimeOffset? _liveAt;
    private readonly Recent<DeployChange> _changes = new();
    private readonly Recent<DeployNote> _notes = new();
    private int _asking;

    /// <summary>When each deployment that replaced another was first seen live, newest last (a few only).</summary>
    public IReadOnlyList<DeployChange> Changes => _changes.Copy();

    /// <summary>What platforms said of the service's recent deployments ("deployment started: …", "live: …"), oldest first.</summary>
    public IReadOnlyList<DeployNote> Notes => _notes.Copy();

    /// <summary>Puts a platform's word about a deployment on the service's timeline.</summary>
    public void Note(DateTimeOffset at, string text) => _notes.Add(new DeployNote(at, text));

    /// <summary>
    /// What is live as of at most one live-check interval ago: asks the provider now if the last answer is older,
    /// within <paramref name="timeout"/>. A reader's look: it changes only <see cref="Live"/>, never the baselines
    /// or the known-good record, which the tick's own checks keep.
    /// </summary>
    public async Task<LiveLook> FreshAsync(TimeSpan timeout, CancellationToken ct)
    {
        var every = runbook.Settings.LiveCheckInterval;
        if (_liveAt is { } at && (every <= TimeSpan.Zero || time.GetUtcNow() - at < every)) return new LiveLook(Live, at, null);
        // One look at a time: a second reader takes what the first one finds, or what was known.
        if (Interlocked.Exchange(ref _asking, 1) == 1) return new LiveLook(Live, _liveAt, null);
        try
        {
            using var timer = new CancellationTokenSource(timeout, time);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            var looked = await runbook.Provider.GetLiveAsync(bounded.Token);
            if (!looked.Ok) return new LiveLook(Live, _liveAt, looked.Error);
            Live = looked.Value;
            return new LiveLook(Live, _liveAt, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new LiveLook(Live, _liveAt, $"no answer within {Signals.SignalFormat.Duration(timeout)}");
        }
        finally
        {
            Volatile.Write(ref _asking, 0);
        }
    }

    /// <summary>The rollback target found ahead of need; see <see cref="PlanAheadAsync"/>.</summary>
    public TargetPlan? Plan { get; private set; }

    /// <summary>
    /// A rule is breaching: finds now what a rollback would aim at, so that the decision, when it comes, asks the
    /// provider to roll back at once instead of first asking it what is live and listing its deployments. At most once a
    /// live-check interval for the same live deployment; a new deployment seen live plans again (see <see cref="LookAsync"/>).
    /// </summary>
    public async Task PlanAheadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (runbook.Settings.LiveCheckInterval <= TimeSpan.Zero || Planned(now) is not null) return;
        var looked = await runbook.Provider.GetLiveAsync(ct);
        if (!looked.Ok || looked.Value is not { } live) return;
        Live = live;
        await PlanAsync(live, now, ct);
    }

    /// <summary>The plan while it holds: for the deployment last seen live, within a live-check interval, its target not quarantined since.</summary>
    public async Task<TargetPlan?> PlannedAsync(CancellationToken ct)
    {
        if (Planned(time.GetUtcNow()) is not { } p) return null;
        var bad = await store.QuarantinedAsync(runbook.Service, ct);
        return bad.Contains(p.Choice.Target.Version) || bad.Contains(p.Choice.Target.Id) ? null : p;
    }

    private TargetPlan? Planned(DateTimeOffset now) =>
        Plan is { } p && p.Live.Id == Live?.Id && now - p.At < runbook.Settings.LiveCheckInterval ? p : null;

    private async Task PlanAsync(Deployment live, DateTimeOffset now, CancellationToken ct)
    {
        var (choice, _) = await TargetFinder.ChooseAsync(runbook.Provider, live, null, this, store, runbook.Service, ct);
        Plan = choice is null ? null : new TargetPlan(live, choice, now);
    }

    /// <summary>Takes the baselines back from the ledger, once.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded || ledger is null) return;
        _loaded = true;
        if (await ledger.GetAsync(BaselineBook.LedgerScope, runbook.Service, ct) is { } saved) baselines.Load(saved);
    }

    /// <summary>Where the deployments seen live are kept, per service: the shadow record judges alarms by what followed them.</summary>
    public static string DeploysScope(string service) => "deploys:" + service;

    /// <summary>How long the deployments seen live are kept: the shadow record's longest span.</summary>
    public static readonly TimeSpan DeploysKept = TimeSpan.FromDays(30);

    private DateTimeOffset _journaledUpTo = DateTimeOffset.MinValue;
    private volatile bool _unjournaled;

    /// <summary>The service's deployments seen live, as the journal keeps them (a month), any order.</summary>
    public static async Task<IReadOnlyList<DeployChange>> DeploysAsync(ILedger ledger, string service, CancellationToken ct) =>
        [.. (await ledger.EntriesAsync(DeploysScope(service), ct)).Select(e => ReadDeploy(e.Key, e.Value)).OfType<DeployChange>()];

    private static DeployChange? ReadDeploy(string key, string value) =>
        DateTimeOffset.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) && value.Split('\t') is [var id, var version]
            ? new DeployChange(at, new Deployment(id, version))
            : null;

    /// <summary>Journals the deployments seen replacing another since the last call, and forgets those older than a month.</summary>
    private async Task JournalDeploysAsync(CancellationToken ct)
    {
        if (ledger is null || !_unjournaled) return;
        _unjournaled = false;
        var fresh = _changes.Copy().Where(c => c.At > _journaledUpTo).ToList();
        if (fresh.Count == 0) return;
        var scope = DeploysScope(runbook.Service);
        foreach (var c in fresh)
            await ledger.TryAddAsync(scope, c.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), $"{c.Deployment.Id}\t{c.Deployment.Version}", ct);
        _journaledUpTo = fresh[^1].At;
        foreach (var old in (await ledger.EntriesAsync(scope, ct)).Where(e => ReadDeploy(e.Key, e.Value) is not { } d || time.GetUtcNow() - d.At > DeploysKept))
            await ledger.RemoveAsync(scope, old.Key, ct);
    }

    /// <summary>Asks what is live when it is time; returns the alarm to raise when a quarantined release is live again.</summary>
    public async Task<Notification?> CheckAsync(CancellationToken ct)
    {
        await JournalDeploysAsync(ct);
        var every = runbook.Settings.LiveCheckInterval;
        var now = time.GetUtcNow();
        if (every <= TimeSpan.Zero || now - _checkedAt < every) return null;
        _checkedAt = now;
        var bad = await store.QuarantinedAsync(runbook.Service, ct);
        // A release healthy for long enough is put on record only after a look confirms it is still the one live.
        if (bad.Count == 0 && !baselines.Measures && !KnownGoodDue(now) && now - _lookedAt < every * LookEveryWhenIdle) return null;
        return await LookAsync(now, bad, ct);
    }

    /// <summary>
    /// A platform says a new deployment is live: asks the provider now rather than at the next live check, so the
    /// post-deploy watch (deploy marker, baselines rolled to the release before, known-good clock, quarantine check)
    /// starts at once. The provider stays the one authority on what is live; the event only says when to ask.
    /// </summary>
    public async Task<Notification?> LookNowAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _checkedAt = now;
        return await LookAsync(now, await store.QuarantinedAsync(runbook.Service, ct), ct);
    }

    /// <summary>The platform got ahead of the provider (an alias still moving): the next tick's live check looks again, whatever its cadence.</summary>
    public void LookAtNextCheck() => (_checkedAt, _lookedAt) = (null, null);

    private async Task<Notification?> LookAsync(DateTimeOffset now, IReadOnlySet<string> bad, CancellationToken ct)
    {
        _lookedAt = now;
        var looked = await runbook.Provider.GetLiveAsync(ct);
        if (!looked.Ok) return null; // the provider's own failures show in the runbook when it matters; a look is best effort
        var before = _live?.Id;
        Live = looked.Value;

        if (Live is not { } live) return null;
        // Right after a deploy is when a rollback is most likely needed: its target is found now, once.
        if (before is not null && before != live.Id && runbook.Settings.LiveCheckInterval > TimeSpan.Zero) await PlanAsync(live, now, ct);
        await RecordKnownGoodAsync(live, now, ct);
        baselines.Deployed(live, bad);
        // Once a live check at most, and only when readings or a deployment changed them.
        if (ledger is not null && baselines.Dirty) await ledger.SetAsync(BaselineBook.LedgerScope, runbook.Service, baselines.Save(), ct);
        if (!bad.Contains(live.Version) && !bad.Contains(live.Id))
        {
            _quarantineAlerted = null;
            return null;
        }

        if (_quarantineAlerted == live.Id) return null; // once per return, not every minute
        _quarantineAlerted = live.Id;
        return Messages.QuarantinedRedeployed(runbook.Service, live, now);
    }

    private bool Recording => ledger is not null && runbook.Settings.MinHealthyFor > TimeSpan.Zero;

    /// <summary>The live release has been healthy for MinHealthyFor and is not on record yet: one look puts it there.</summary>
    private bool KnownGoodDue(DateTimeOffset now) =>
        Recording && _healthySince is { } since && now - since >= runbook.Settings.MinHealthyFor && _healthyId is { } id && !_recorded.Contains(id);

    /// <summary>
    /// One tick's health, counted against the release last seen live. No platform call here: the count is confirmed (or
    /// dropped, when another release turns out to be live) at the next look, so a deploy between looks is never credited.
    /// </summary>
    /// <param name="healthy">Every rule clear and no incident open.</param>
    public void ObserveHealth(bool healthy)
    {
        if (!Recording || Live is not { } live) return;
        if (!healthy || live.Id != _healthyId)
        {
            _healthyId = healthy ? live.Id : null;
            _healthySince = healthy ? time.GetUtcNow() : null;
        }
    }

    private async Task RecordKnownGoodAsync(Deployment live, DateTimeOffset now, CancellationToken ct)
    {
        if (live.Id != _healthyId)
        {
            (_healthyId, _healthySince) = (null, null);
            return;
        }

        if (!KnownGoodDue(now)) return;
        _recorded.Add(live.Id);
        // By id for the primary, by version for fallbacks, which name the same release their own way (a git tag).
        var fact = $"{live.Version}: live and healthy from {_healthySince:yyyy-MM-ddTHH:mm:ssZ} to {now:yyyy-MM-ddTHH:mm:ssZ}";
        await ledger!.TryAddAsync(KnownGoodScope, $"{runbook.Service}/id:{live.Id}", fact, ct);
        await ledger.TryAddAsync(KnownGoodScope, $"{runbook.Service}/version:{live.Version}", fact, ct);
    }

    /// <summary>Which of these deployments Watchdog saw live and healthy for MinHealthyFor.</summary>
    public async Task<IReadOnlySet<string>> KnownGoodAsync(IEnumerable<Deployment> among, CancellationToken ct)
    {
        var good = new HashSet<string>(StringComparer.Ordinal);
        if (ledger is null) return good;
        foreach (var d in among)
        {
            if (await ledger.GetAsync(KnownGoodScope, $"{runbook.Service}/id:{d.Id}", ct) is not null
                || await ledger.GetAsync(KnownGoodScope, $"{runbook.Service}/version:{d.Version}", ct) is not null)
                good.Add(d.Id);
        }

        return good;
    }
}
