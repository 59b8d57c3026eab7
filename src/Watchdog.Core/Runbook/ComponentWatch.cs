using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;

namespace Watchdog.Core.Runbook;

/// <summary>
/// What each part of a service has live, and what it had live when the service was last stable: every rule clear and
/// nothing open for <see cref="RunbookSettings.MinHealthyFor"/> on that release (a release healthy for a moment may still
/// be what broke: a migration that corrupts data shows on no health check). That record is in the ledger, so an
/// incident's suspects — the parts whose live release changed since — outlive a restart. The primary is watched by the service's own release watch; each other part has one of its own
/// (known-good record, quarantine alarm) under the key "service/part".
/// </summary>
public sealed class ComponentWatch
{
    public const string StableScope = "stable";

    private readonly ServiceRunbook _runbook;
    private readonly ReleaseWatch _primary;
    private readonly Dictionary<string, ReleaseWatch> _others;
    private readonly ILedger? _ledger;
    private readonly Dictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Id, DateTimeOffset Since)> _healthy = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ComponentWatch(ServiceRunbook runbook, ReleaseWatch primary, IIncidentStore store, ILedger? ledger, TimeProvider time)
    {
        _time = time;
        _runbook = runbook;
        _primary = primary;
        _ledger = ledger;
        _others = runbook.Components.Skip(1).ToDictionary(c => c.Name, c => new ReleaseWatch(
            runbook with { Service = KeyOf(runbook, c), Provider = c.Provider, Fallbacks = c.Fallbacks, Components = [] },
            new BaselineBook([], null, new BaselineSettings()), store, ledger, time), StringComparer.Ordinal);
    }

    public IReadOnlyList<ServiceComponent> Components => _runbook.Components;

    /// <summary>Where a part's quarantine and known-good record are kept: the service's own name for the primary.</summary>
    public string KeyOf(ServiceComponent c) => KeyOf(_runbook, c);

    public ReleaseWatch ReleaseOf(ServiceComponent c) => _others.GetValueOrDefault(c.Name) ?? _primary;

    /// <summary>The other parts' live checks, when due; the alarms to raise (a quarantined release of a part back live).</summary>
    public async Task<IReadOnlyList<Notification>> CheckAsync(CancellationToken ct)
    {
        var alarms = new List<Notification>();
        foreach (var release in _others.Values)
            if (await release.CheckAsync(ct) is { } alarm) alarms.Add(alarm);
        return alarms;
    }

    /// <summary>A deploy went live somewhere in the service: every other part looks at once too (the event names the service, not the part).</summary>
    public async Task<IReadOnlyList<Notification>> LookNowAsync(CancellationToken ct)
    {
        var alarms = new List<Notification>();
        foreach (var release in _others.Values)
            if (await release.LookNowAsync(ct) is { } alarm) alarms.Add(alarm);
        return alarms;
    }

    /// <summary>
    /// One tick's health for every part. A part's live release goes on record once the service has been stable on it for
    /// MinHealthyFor; a tick that is not stable, or another release live, starts its count again.
    /// </summary>
    public async Task ObserveAsync(bool stable, CancellationToken ct)
    {
        foreach (var release in _others.Values) release.ObserveHealth(stable);
        var now = _time.GetUtcNow();
        foreach (var c in Components)
        {
            if (!stable || ReleaseOf(c).Live is not { } live)
            {
                _healthy.Remove(c.Name);
                continue;
            }

            if (!_healthy.TryGetValue(c.Name, out var streak) || streak.Id != live.Id) _healthy[c.Name] = streak = (live.Id, now);
            if (_ledger is null || now - streak.Since < _runbook.Settings.MinHealthyFor || _written.GetValueOrDefault(c.Name) == live.Id) continue;
            await _ledger.SetAsync(StableScope, KeyOf(c), $"{live.Id}\n{live.Version}", ct);
            _written[c.Name] = live.Id;
        }
    }

    /// <summary>What the part had live when the service was last stable; null when Watchdog has never seen it stable.</summary>
    public async Task<Deployment?> StableAsync(ServiceComponent c, CancellationToken ct) =>
        _ledger is not null && await _ledger.GetAsync(StableScope, KeyOf(c), ct) is { } text && text.Split('\n') is [var id, var version]
            ? new Deployment(id, version)
            : null;

    private static string KeyOf(ServiceRunbook runbook, ServiceComponent c) => c == runbook.Components[0] ? runbook.Service : $"{runbook.Service}/{c.Name}";
}
