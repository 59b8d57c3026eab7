using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using Watchdog.Core.Channels;
using Watchdog.Integrations.Storage;
using Watchdog.Integrations.Tests.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>
/// The executor over a real provider talking to its Kestrel peer, journaling to SQLite, on a manual clock that moves
/// only while the executor waits on it (never the wall clock). Incidents come back as the journal has them.
/// </summary>
internal sealed class PeerRunbook : IDisposable
{
    private readonly TempJournal _journal;
    private readonly InMemoryLedger _ledger = new();

    private PeerRunbook(TempJournal journal, SqliteIncidentStore store)
    {
        _journal = journal;
        Store = store;
    }

    public SqliteIncidentStore Store { get; }

    public ManualTimeProvider Clock => _journal.Time;

    public List<Notification> Sent { get; } = [];

    public RunbookSettings Settings { get; } = new() { LivePollInterval = TimeSpan.FromSeconds(5), RollbackTimeout = TimeSpan.FromMinutes(10) };

    public static async Task<PeerRunbook> OpenAsync()
    {
        var journal = new TempJournal();
        var store = journal.Open();
        await store.InitializeAsync(CancellationToken.None);
        return new PeerRunbook(journal, store);
    }

    private ServiceRunbook Runbook(IDeploymentProvider provider) => new("shop", Settings, provider, [], [], new PassingVerifier());

    private NotifierFanout Fanout => new([new RecordingChannel(Sent)], Redactor.None, Clock, TimeSpan.FromSeconds(5));

    /// <summary>An error-rate trip decided as a rollback, run to where the runbook stops.</summary>
    public async Task<Incident> RollBackAsync(IDeploymentProvider provider)
    {
        var now = Clock.GetUtcNow();
        var trigger = new Trigger("error-rate", Meaning.CoreBroken, "error-rate firing, measured 62%", now.AddMinutes(-5), now, Signal.ErrorRate, 0.62, 0.1, TimeSpan.FromMinutes(5));
        var incident = new Incident("inc-peer", "shop", Mode.Auto, trigger, now);
        incident.Decide(RunbookPolicy.Decide(trigger, new Dictionary<string, string>()), now);
        var executor = new RunbookExecutor(Runbook(provider), Store, Fanout, Redactor.None, Clock);
        await Clock.RunUntil(Task.Run(() => executor.RunAsync(incident, CancellationToken.None)), TimeSpan.FromSeconds(1));
        return (await Store.GetAsync(incident.Id, CancellationToken.None)).ShouldNotBeNull();
    }

    /// <summary>A drill (roll back, verify, roll forward) and its incident as journaled.</summary>
    public async Task<(DrillReport Report, Incident Incident)> DrillAsync(IDeploymentProvider provider)
    {
        using var runner = new DrillRunner(Runbook(provider), Store, _ledger, Fanout, Redactor.None, Clock);
        var report = await Clock.RunUntil(Task.Run(() => runner.RunAsync(new DrillRequest("test"), CancellationToken.None)), TimeSpan.FromSeconds(1));
        return (report, (await Store.GetAsync(report.IncidentId.ShouldNotBeNull(), CancellationToken.None)).ShouldNotBeNull());
    }

    public void Dispose() => _journal.Dispose();
}
