using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Knows which release of a service is live: asks the platform now and then, tells the baselines when a new
/// deployment goes live (they outlive a restart in the ledger), and notices a quarantined release coming back.
/// </summary>
public sealed class ReleaseWatch(ServiceRunbook runbook, BaselineBook baselines, IIncidentStore store, ILedger? ledger, TimeProvider time)
{
    /// <summary>Outside a quarantine or a baseline to feed, the platform is asked only every tenth live check (a command provider spawns a shell each time).</summary>
    private const int LookEveryWhenIdle = 10;

    private DateTimeOffset? _checkedAt, _lookedAt;
    private string? _quarantineAlerted;
    private bool _loaded;

    /// <summary>The deployment the provider last said was live.</summary>
    public Deployment? Live { get; private set; }

    /// <summary>Takes the baselines back from the ledger, once.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded || ledger is null) return;
        _loaded = true;
        if (await ledger.GetAsync(BaselineBook.LedgerScope, runbook.Service, ct) is { } saved) baselines.Load(saved);
    }

    /// <summary>Asks what is live when it is time; returns the alarm to raise when a quarantined release is live again.</summary>
    public async Task<Notification?> CheckAsync(CancellationToken ct)
    {
        var every = runbook.Settings.LiveCheckInterval;
        var now = time.GetUtcNow();
        if (every <= TimeSpan.Zero || now - _checkedAt < every) return null;
        _checkedAt = now;
        var bad = await store.QuarantinedAsync(runbook.Service, ct);
        if (bad.Count == 0 && !baselines.Measures && now - _lookedAt < every * LookEveryWhenIdle) return null;
        _lookedAt = now;
        var looked = await runbook.Provider.GetLiveAsync(ct);
        if (!looked.Ok) return null; // the provider's own failures show in the runbook when it matters; a look is best effort
        Live = looked.Value;

        if (Live is not { } live) return null;
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
}
