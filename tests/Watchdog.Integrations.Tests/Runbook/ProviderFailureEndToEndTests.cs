using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Storage;
using Watchdog.Integrations.Tests.Railway;
using Watchdog.Core.Releases;
using Watchdog.Core.Channels;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>
/// The runbook over real wires: Railway's GraphQL API on a Kestrel peer, a git-style command
/// fallback on a real shell, the SQLite journal on disk. Only the trip itself is handed in.
/// </summary>
public sealed class ProviderFailureEndToEndTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-e2e-");
    private readonly List<Notification> _sent = [];

    private async Task<(Incident Incident, SqliteIncidentStore Store)> RunAsync(RailwayHarness railway, params IDeploymentProvider[] fallbacks)
    {
        var store = new SqliteIncidentStore(Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DataDirectory = _dir.FullName }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        var settings = new RunbookSettings { RollbackAttempts = 3, RollbackRetryDelay = TimeSpan.FromMilliseconds(50), LivePollInterval = TimeSpan.FromMilliseconds(20), RollbackTimeout = TimeSpan.FromSeconds(10) };
        var runbook = new ServiceRunbook("checkout", settings, railway.Provider, [], [], new PassingVerifier()) { Fallbacks = fallbacks };
        var fanout = new NotifierFanout([new RecordingChannel(_sent)], Redactor.None, TimeProvider.System, TimeSpan.FromSeconds(5));
        var trigger = new Trigger("error-rate", Meaning.CoreBroken, "error-rate firing, measured 62%", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow, Signal.ErrorRate, 0.62, 0.1, TimeSpan.FromMinutes(5));
        var incident = new Incident("inc-e2e", "checkout", Mode.Auto, trigger, DateTimeOffset.UtcNow);
        incident.Decide(RunbookPolicy.Decide(trigger, new Dictionary<string, string>()), DateTimeOffset.UtcNow);
        await new RunbookExecutor(runbook, store, fanout, Redactor.None, TimeProvider.System).RunAsync(incident, CancellationToken.None);
        return ((await store.GetAsync(incident.Id, CancellationToken.None))!, store);
    }

    [Fact]
    public async Task Railway_RefusesTwiceThenAccepts_OneRollbackAndTheServiceRestored()
    {
        await using var railway = await RailwayHarness.StartAsync();
        railway.Peer.RefuseNextRollbacks = 2;

        var (incident, store) = await RunAsync(railway);
        using var _ = store;

        railway.Platform.RollbackRequests.ShouldBe(1, "two refusals, then exactly one rollback the platform carried out");
        railway.Peer.Requests("DeploymentRollback").Count.ShouldBe(3);
        railway.Platform.LiveId.ShouldBe(railway.Platform.Deployments[1].Id);
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Step("rollback")!.Output!.ShouldContain("attempt 2: ");
        _sent.Select(n => n.Kind).ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
    }

    [Fact]
    public async Task Railway_FailsForGood_FallbackRunsThenPeoplePagedAndNothingClaimedAsSuccess()
    {
        await using var railway = await RailwayHarness.StartAsync();
        railway.Peer.RefuseRollback = "Not Authorized";
        var repo = Path.Combine(_dir.FullName, "repo");
        Directory.CreateDirectory(repo);
        await File.WriteAllTextAsync(Path.Combine(repo, "tags"), "deploy-v5\ndeploy-v4\n");
        await File.WriteAllTextAsync(Path.Combine(repo, ".deployed-tag"), "deploy-v5");
        var git = new CommandProvider(new CommandProviderOptions
        {
            Name = "git-redeploy",
            WorkingDirectory = repo,
            List = "cat tags",
            Current = "cat .deployed-tag",
            Rollback = "echo {target} >> attempts; echo 'fatal: could not read from remote repository' >&2; exit 128",
        }, new CommandRunner(TimeProvider.System, NullLogger<CommandRunner>.Instance), Redactor.None, NullLogger<CommandProvider>.Instance);

        var (incident, store) = await RunAsync(railway, git);
        using var _ = store;

        incident.State.ShouldBe(IncidentState.Failed);
        incident.RestoredAt.ShouldBeNull();
        railway.Platform.RollbackRequests.ShouldBe(0);
        (await File.ReadAllLinesAsync(Path.Combine(repo, "attempts"))).ShouldBe(["deploy-v4", "deploy-v4", "deploy-v4"], "the fallback ran, three times, on its own target");
        var escalation = _sent.Last();
        escalation.Kind.ShouldBe(NotificationKind.Escalation);
        escalation.Text.ShouldContain("rollback failed on every provider");
        escalation.Text.ShouldContain("railway: refused 3 times");
        escalation.Text.ShouldContain("git-redeploy: refused 3 times");
        _sent.Select(n => n.Kind).ShouldNotContain(NotificationKind.RollbackComplete);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
