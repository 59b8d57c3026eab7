using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>Deploy events platforms push: on the timeline, a live one starts the post-deploy watch at once, a frozen one is told to people.</summary>
public sealed partial class ServiceWatch
{
    private readonly HashSet<string> _freezeAlerted = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, string Text)> _incidentNotes = [];

    /// <summary>What platforms said of the service's recent deployments, oldest first.</summary>
    public IReadOnlyList<DeployNote> DeployNotes => _release.Notes;

    /// <summary>
    /// Takes a deployment a platform reported. A delivery taken before, or older than <paramref name="maxAge"/>, is refused.
    /// Otherwise it goes on the service's timeline (and the open incident's); a live one makes the release watch ask the
    /// provider now, which starts the post-deploy watch; one that lands while deploys are frozen — this service's incident
    /// open (not its own rollback), or <paramref name="frozenElsewhere"/> — is told to people at once, once per deployment.
    /// </summary>
    /// <param name="frozenElsewhere">Why deploys are frozen by other services (their open incidents, their drills), one line each.</param>
    public Task<DeployTaken> TakeDeployAsync(DeployEvent e, TimeSpan maxAge, IReadOnlyList<string> frozenElsewhere, CancellationToken ct) => Locked(async () =>
    {
        var now = _time.GetUtcNow();
        if (await AdmitDeliveryAsync(e.DeliveryKey, takenAt => DeployAdmission.Refusal(e, takenAt, now, maxAge), ct) is { } refused) return new DeployTaken(DeployOutcome.Refused, refused);

        var text = e.TimelineText();
        _release.Note(now, text);
        var open = _incident is { IsOpen: true } i ? i : null;
        var own = open is not null && DeployAdmission.IsOwnRollback(open, e);
        if (open is not null) _incidentNotes.Add((now, own ? text + " (the rollback's own deploy)" : text));
        await FlushDeployNotesAsync();

        List<string> frozen = [.. frozenElsewhere];
        if (open is not null && !own) frozen.Insert(0, $"incident {open.Id} of {Service} is open ({open.State})");
        var alerted = frozen.Count > 0 && _freezeAlerted.Add(e.DeploymentId);
        if (alerted) await _executor.AnnounceAsync(Messages.DeployDuringFreeze(e, frozen, now), ct);

        // While a runbook runs it reads what is live itself; the next tick's live check follows it afterwards.
        if (e.State == DeployState.Live && !_drilling && _running.IsCompleted)
        {
            if (await _release.LookNowAsync(ct) is { } back) await _executor.AnnounceAsync(back, ct);
            if (_parts is not null)
                foreach (var alarm in await _parts.LookNowAsync(ct)) await _executor.AnnounceAsync(alarm, ct);
            if (!Names(Live, e)) _release.LookAtNextCheck();
        }

        return new DeployTaken(alerted ? DeployOutcome.Alerted : DeployOutcome.Taken);
    }, ct);

    /// <summary>Whether the provider's live deployment is the event's, by id or by commit (GitHub's deployment ids are its own).</summary>
    private static bool Names(Deployment? live, DeployEvent e) =>
        live is not null && (live.Id == e.DeploymentId || (e.Commit is { } c && VerificationPolicy.SameVersion(live.Version, c)));

    /// <summary>The open incident's deploy lines, written once the executor is between passes (it owns the incident while it runs).</summary>
    private async Task FlushDeployNotesAsync()
    {
        if (_incidentNotes.Count == 0 || !_running.IsCompleted) return;
        if (_incident is { IsOpen: true } open)
        {
            foreach (var (at, text) in _incidentNotes) await _executor.NoteAsync(open, at, TimelineKind.Deploy, text);
        }

        _incidentNotes.Clear();
    }
}
