using System.Globalization;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// What changed before an incident: the deploys the release watches saw live (each part's, with its name) and the flag
/// changes flag services pushed. Asked once as an incident opens, never on a quiet tick.
/// </summary>
public sealed partial class ServiceWatch
{
    private readonly Recent<Change> _flagChanges = new();

    /// <summary>Where the flag changes taken are kept, per service, so an incident after a restart still suspects them.</summary>
    public static string FlagChangesScope(string service) => "flag-changes:" + service;

    /// <summary>
    /// Takes a flag change a flag service reported. A delivery taken before, or older than <paramref name="maxAge"/>, is
    /// refused; otherwise it is kept (and journaled) as a change the next incident may suspect. Only a service with a flag
    /// service of its own (<c>Flags</c>) may have the flag turned off for it; without one the change is a suspect all the same.
    /// </summary>
    public Task<DeployTaken> TakeFlagChangeAsync(FlagEvent e, TimeSpan maxAge, CancellationToken ct) => Locked(async () =>
    {
        var now = _time.GetUtcNow();
        if (await AdmitDeliveryAsync(e.DeliveryKey, takenAt => DeployAdmission.Refusal(e.At, takenAt, now, maxAge), ct) is { } refused)
            return new DeployTaken(DeployOutcome.Refused, refused);

        var change = new Change(SuspectKind.Flag, e.Describe(), e.At, Flag: _runbook.Flags is null ? null : e.Flag, TurnedOn: e.TurnedOn == true);
        if (_ledger is null)
        {
            _flagChanges.Add(change); // without a journal, the last few are kept here
        }
        else
        {
            await _ledger.TryAddAsync(FlagChangesScope(Service), $"{e.At.ToString("O", CultureInfo.InvariantCulture)} {e.Key}", Write(change), ct);
            foreach (var old in (await _ledger.EntriesAsync(FlagChangesScope(Service), ct)).Where(x => Read(x.Value) is not { } c || now - c.At > FlagChangesKept))
                await _ledger.RemoveAsync(FlagChangesScope(Service), old.Key, ct);
        }

        return new DeployTaken(DeployOutcome.Taken);
    }, ct);

    /// <summary>A flag change is suspected for <see cref="Suspects.Lookback"/>; a day keeps it past any restart that matters.</summary>
    private static readonly TimeSpan FlagChangesKept = TimeSpan.FromDays(1);

    /// <summary>The decision acted on the top suspect (<see cref="RunbookPolicy.OnSuspects"/>), and the line naming them all.</summary>
    private async Task<(Decision Decision, string Line)> OnSuspectsAsync(Decision decided, IReadOnlyList<Trigger> firing, CancellationToken ct)
    {
        var firstBreach = firing.Count == 0 ? _time.GetUtcNow() : firing.Min(t => t.Since);
        var changes = await ChangesAsync(ct);
        var ranked = Suspects.Rank(changes, firstBreach, Suspects.Lookback);
        return (RunbookPolicy.OnSuspects(decided, ranked, Suspects.LastDeploy(changes, firstBreach), firstBreach), Suspects.Describe(ranked, Suspects.Lookback));
    }

    /// <summary>Every change heard of: deploys of each part (the journal's too, for the primary, after a restart) and flag changes.</summary>
    private async Task<IReadOnlyList<Change>> ChangesAsync(CancellationToken ct)
    {
        var changes = new List<Change>();
        var primary = _parts?.Components[0].Name;
        var seen = _release.Changes;
        changes.AddRange(seen.Select(d => Deployed(d, primary)));
        if (_ledger is not null)
        {
            var known = seen.Select(d => d.Deployment.Id).ToHashSet(StringComparer.Ordinal);
            changes.AddRange((await ReleaseWatch.DeploysAsync(_ledger, Service, ct)).Where(d => !known.Contains(d.Deployment.Id)).Select(d => Deployed(d, primary)));
        }

        foreach (var part in _parts?.Components.Skip(1) ?? [])
            changes.AddRange(_parts!.ReleaseOf(part).Changes.Select(d => Deployed(d, part.Name)));

        var flags = _ledger is null ? _flagChanges.Copy() : (await _ledger.EntriesAsync(FlagChangesScope(Service), ct)).Select(e => Read(e.Value)).OfType<Change>();
        changes.AddRange(flags);
        return changes;
    }

    /// <summary>A deploy changed when the provider created it, if it says and that came first; else when the watch first saw it live.</summary>
    private static Change Deployed(DeployChange d, string? component) =>
        new(SuspectKind.Deploy, $"deployment {d.Deployment}", d.Deployment.CreatedAt is { } created && created < d.At ? created : d.At, component);

    private static string Write(Change c) =>
        string.Join('\t', c.At.ToString("O", CultureInfo.InvariantCulture), c.Flag ?? "", c.TurnedOn ? "on" : "", c.What);

    private static Change? Read(string value) =>
        value.Split('\t', 4) is [var at, var flag, var on, var what]
        && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when)
            ? new Change(SuspectKind.Flag, what, when, Flag: flag.Length > 0 ? flag : null, TurnedOn: on == "on")
            : null;
}
