using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>How the loop hands work to the executor, and keeps what it holds in memory behind the journal.</summary>
public sealed partial class ServiceWatch
{
    /// <summary>
    /// A failed step (the journal refused a write, say) may leave the incident in memory ahead of the saved one: it is
    /// read back from the journal before anything else is decided, so memory never acts on what was not saved.
    /// </summary>
    private async Task ResyncAsync(CancellationToken ct)
    {
        if (!_resync || !_running.IsCompleted || !_journal.IsOpen) return; // read back once the journal answers
        _incident = await OpenInJournalAsync(ct);
        _resync = false;
    }

    /// <summary>One tick, push or person at a time; whatever fails under the lock makes the next one read the journal back first.</summary>
    private async Task<T> Locked<T>(Func<Task<T>> step, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await ResyncAsync(ct);
            return await step();
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _resync = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Exception? _failed;

    /// <summary>
    /// Why the last runbook run stopped short (the journal refused a write, the lease was lost), once: the host logs it,
    /// so a failing journal is loud although the run failed off the tick's path.
    /// </summary>
    public Exception? TakeRunbookFailure() => Interlocked.Exchange(ref _failed, null);

    private async Task GateAsync(Incident incident, Authority authority, CancellationToken ct)
    {
        if (await _executor.GateAsync(incident, authority, ct)) Start(incident);
    }

    private void Start(Incident incident) => _running = Task.Run(async () =>
    {
        try
        {
            await _executor.RunAsync(incident, _stopping);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            _resync = true; // the journal shows how far it got; the next tick resumes from there
            _failed = e;
            return;
        }

        // Earlier breaches belong to the bad release; the sources forgot its samples when verification began.
        if (incident.State == IncidentState.Monitoring) _rules.Reset();
    }, _stopping);
}
