using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>An executor wired to fakes on a manual clock, for one service called "api".</summary>
public sealed class RunbookHarness
{
    public const string Secret = "sk-live-0123456789abcdef";

    public ManualTimeProvider Clock { get; } = new(TestData.T0);

    public FakeDeploymentProvider Provider { get; set; } = new(TestData.ThreeReleases());

    public InMemoryIncidentStore Store { get; } = new();

    public RecordingNotifier Notifier { get; } = new();

    public List<IRunbookTask> Stabilization { get; } = [];

    public List<IRunbookTask> SmokeTests { get; } = [];

    public FakeVerifier Verifier { get; } = new();

    public RunbookSettings Settings { get; set; } = new() { RollbackTimeout = TimeSpan.FromMinutes(10), LivePollInterval = TimeSpan.FromSeconds(5) };

    public Redactor Redactor { get; } = new([Secret]);

    public List<IDeploymentProvider> Fallbacks { get; } = [];

    /// <summary>The flag service; null: the provider's environment variables.</summary>
    public IFlagSwitch? Flags { get; set; }

    /// <summary>The lease the runbook acts under; null acts unfenced.</summary>
    public LeaseFence? Fence { get; set; }

    /// <summary>Seed 000 phase 4's commands; each null when not configured.</summary>
    public IRunbookTask? DatabaseStatus { get; set; }

    public IRunbookTask? DatabaseBackup { get; set; }

    public IRunbookTask? DatabaseRestore { get; set; }

    public IMigrationResolve? DatabaseResolve { get; set; }

    /// <summary>The service's parts; when set, the first one's provider is the primary.</summary>
    public List<ServiceComponent> Components { get; } = [];

    public ServiceRunbook Runbook => new("api", Settings, Components.Count > 0 ? Components[0].Provider : Provider, Stabilization, SmokeTests, Verifier)
    {
        Fallbacks = Components.Count > 0 ? Components[0].Fallbacks : Fallbacks,
        Flags = Flags,
        Fence = Fence,
        Components = Components,
        DatabaseStatus = DatabaseStatus, DatabaseBackup = DatabaseBackup, DatabaseRestore = DatabaseRestore, DatabaseResolve = DatabaseResolve,
    };

    /// <summary>The channels the fan-out sends to; the recording notifier alone unless a test says otherwise.</summary>
    public INotifier[]? Channels { get; set; }

    public NotifierFanout Fanout => new(Channels ?? [Notifier], Redactor, Clock, TimeSpan.FromSeconds(10));

    /// <summary>This service's measured rollback times (the ETA); null: none kept.</summary>
    public RestoreTimes? RestoreTimes { get; set; }

    public RunbookExecutor Executor() => new(Runbook, Store, Fanout, Redactor, Clock, restoreTimes: RestoreTimes);

    /// <summary>Runs the executor off the test's context, moving the clock while it waits on it.</summary>
    public Task RunAsync(Incident incident, CancellationToken ct = default)
    {
        var executor = Executor();
        return Clock.RunUntil(Task.Run(() => executor.RunAsync(incident, ct), CancellationToken.None), TimeSpan.FromSeconds(1));
    }

    /// <summary>The incident as the journal has it now, as a restarted process would load it.</summary>
    public async Task<Incident> ReloadAsync(string id) => (await Store.GetAsync(id, CancellationToken.None)).ShouldNotBeNull();
}
