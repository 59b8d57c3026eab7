using System.Globalization;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// What changed before an incident: the deploys the release watches saw live (each part's, with its name), the flag
/// changes flag services pushed or a poll found, and the variable changes a poll of the platform found. Asked once as an
/// incident opens, never on a quiet tick.
/// </summary>
public sealed partial class ServiceWatch
{
    private readonly Recent<Change> _flagChanges = new();
    private readonly Recent<Change> _variableChanges = new();

    /// <summary>Where the flag changes taken are kept, per service, so an incident after a restart still suspects them.</summary>
    public static string FlagChangesScope(string service) => "flag-changes:" + service;

    /// <summary>Where the variable changes polled are kept, per service: names and times only, never a value or its digest.</summary>
    public static string VariableChangesScope(string service) => "variable-changes:" + service;

    /// <summary>The key part that marks a change found by polling rather than told by a webhook.</summary>
    private const string PolledMark = " poll:";

    /// <summary>The flag and variable poll under way, or the last one (tests wait on it).</summary>
    public Task PollingChanges => _changePoll.Running;

    /// <summary>Why the last look for changes failed (the journal refused what it found), once: the host logs it.</summary>
    public Exception? TakeChangePollFailure() => _changePoll.TakeFailure();

    /// <summary>Keeps what a poll of the flag service or the platform's variables found, as the webhooks' flag changes are kept.</summary>
    private Task RecordPolledAsync(IReadOnlyList<Change> changes, CancellationToken ct) => Locked(async () =>
    {
        foreach (var c in changes)
        {
            var at = c.At.ToString("O", CultureInfo.InvariantCulture);
            if (c.Kind == SuspectKind.Flag) await KeepAsync(FlagChangesScope(Service), _flagChanges, $"{at}{PolledMark}{c.Flag}", c, ct);
            else await KeepAsync(VariableChangesScope(Service), _variableChanges, $"{at}{PolledMark}{c.What}", c, ct);
        }

        return true;
    }, ct);

    /// <summary>Keeps a change an incident may suspect: in the journal (those past a month removed), or here without one.</summary>
    private async Task KeepAsync(string scope, Recent<Change> memory, string key, Change change, CancellationToken ct)
    {
        if (_ledger is null)
        {
            memory.Add(change); // without a journal, the last few are kept here
            return;
        }

        var now = _time.GetUtcNow();
        await _ledger.TryAddAsync(scope, key, Write(change), ct);
        foreach (var old in (await _ledger.EntriesAsync(scope, ct)).Where(x => Read(x, SuspectKind.Flag) is not { } c || now - c.At > FlagChangesKept))
            await _ledger.RemoveAsync(scope, old.Key, ct);
    }

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
        await KeepAsync(FlagChangesScope(Service), _flagChanges, $"{e.At.ToString("O", CultureInfo.InvariantCulture)} {e.Key}", change, ct);
        return new DeployTaken(DeployOutcome.Taken);
    }, ct);

    /// <summary>
    /// A flag change is suspected for <see cref="Suspects.Lookback"/>, and it is what people did after an alarm for the
    /// shadow record (<see cref="ShadowRecord"/>), which looks back a month: kept as long as the deploys seen live.
    /// </summary>
    private static readonly TimeSpan FlagChangesKept = TimeSpan.FromDays(31);

    /// <summary>The flag changes kept for <paramref name="service"/> (told by webhooks and found by polling), any order.</summary>
    public static async Task<IReadOnlyList<Change>> FlagChangesAsync(ILedger ledger, string service, CancellationToken ct) =>
        [.. (await ledger.EntriesAsync(FlagChangesScope(service), ct)).Select(e => Read(e, SuspectKind.Flag)).OfType<Change>()];

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

        changes.AddRange(await KeptAsync(FlagChangesScope(Service), _flagChanges, SuspectKind.Flag, ct));
        changes.AddRange(await KeptAsync(VariableChangesScope(Service), _variableChanges, SuspectKind.Variable, ct));
        // A flag change both the webhook told and the poll found is one suspect.
        return Suspects.Merged(changes, _runbook.Settings.FlagPollInterval);
    }

    private async Task<IEnumerable<Change>> KeptAsync(string scope, Recent<Change> memory, SuspectKind kind, CancellationToken ct) =>
        _ledger is null ? memory.Copy() : (await _ledger.EntriesAsync(scope, ct)).Select(e => Read(e, kind)).OfType<Change>();

    /// <summary>A deploy changed when the provider created it, if it says and that came first; else when the watch first saw it live.</summary>
    private static Change Deployed(DeployChange d, string? component) =>
        new(SuspectKind.Deploy, $"deployment {d.Deployment}", d.Deployment.CreatedAt is { } created && created < d.At ? created : d.At, component);

    private static string Write(Change c) =>
        string.Join('\t', c.At.ToString("O", CultureInfo.InvariantCulture), c.Flag ?? "", c.TurnedOn ? "on" : "", c.What);

    private static Change? Read(KeyValuePair<string, string> entry, SuspectKind kind) =>
        entry.Value.Split('\t', 4) is [var at, var flag, var on, var what]
        && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when)
            ? new Change(kind, what, when, Flag: flag.Length > 0 ? flag : null, TurnedOn: on == "on", Polled: entry.Key.Contains(PolledMark, StringComparison.Ordinal))
            : null;
}
