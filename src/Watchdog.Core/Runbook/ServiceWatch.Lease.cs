using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>
/// The service's lease shapes the loop: only the instance that holds it polls and acts; the others show the journal's
/// view of it and pass what they are asked through the journal to the holder (<see cref="ServiceInbox"/>).
/// </summary>
public sealed partial class ServiceWatch
{
    private readonly ServiceInbox? _inbox;

    /// <summary>The lease this instance acts under; null when it acts alone, unfenced.</summary>
    public LeaseFence? Fence => _runbook.Fence;

    /// <summary>Another instance acts for the service (or this one's lease is past its renewal): requests are passed on, not carried out.</summary>
    private bool PassesOn => _runbook.Fence is { } fence && !fence.Held(_time.GetUtcNow());

    /// <summary>The lease was granted to this instance: it carries on with <paramref name="open"/>, the incident the journal shows open.</summary>
    public Task TakeOverAsync(Incident? open, CancellationToken ct) => Locked(async () =>
    {
        // A runbook this instance ran under an earlier token is still winding down: it stops at its next save.
        if (!_running.IsCompleted) await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _resync = false;
        if (open is null)
        {
            if (_incident is { IsOpen: true }) _incident = null;
            return true;
        }

        Adopt(open);
        return true;
    }, ct);

    /// <summary>Another instance holds the service: what the page, the API and the deploy freeze show is the journal's.</summary>
    public void Mirror(Incident? open)
    {
        if (!_running.IsCompleted || Fence is not { Watches: false }) return;
        if (open is not null || _incident is { IsOpen: true }) _incident = open;
    }

    /// <summary>Carries out, in the order they came, the requests other instances passed to this one.</summary>
    public async Task TakeInboxAsync(CancellationToken ct)
    {
        if (_inbox is null || PassesOn) return;
        await foreach (var r in _inbox.TakeAsync(ct))
        {
            _ = r.Kind switch
            {
                "approve" => await ApproveAsync(r.IncidentId!, r.By!, ct),
                "veto" => await VetoAsync(r.IncidentId!, r.By!, ct),
                "rollback" => await RollBackAsync(r.By!, r.To, ct),
                "restore" => await RestoreDatabaseAsync(r.IncidentId!, r.By!, ct),
                "raise" when r.Alert is { } alert => await RaisedAsync(alert, r.Pushed, ct),
                _ => (Answer.NotNow, $"a request of kind '{r.Kind}' is not known here"),
            };
        }
    }

    /// <summary>Carries <paramref name="act"/> out here, or passes <paramref name="request"/> to the instance that holds the service.</summary>
    private async Task<(Answer, string)> HereOrPassedAsync(PassedRequest request, Func<Task<(Answer, string)>> act, CancellationToken ct)
    {
        if (!PassesOn || _inbox is null) return await act();
        await _inbox.PostAsync(request, ct);
        return (Answer.Done, $"passed to {Fence?.Holder ?? "the instance that holds " + Service} through the journal: it carries it out on its next round");
    }

    private async Task<(Answer, string)> RaisedAsync(Decisions.PushedAlert alert, Decisions.Pushed? pushed, CancellationToken ct)
    {
        var raised = await RaiseAsync(alert, ct, pushed);
        return (Answer.Done, raised.Reason ?? "");
    }

    private async Task<Incident?> OpenInJournalAsync(CancellationToken ct) =>
        (await _store.ListOpenAsync(ct)).FirstOrDefault(i => i.Service == Service && !i.Drill);
}
