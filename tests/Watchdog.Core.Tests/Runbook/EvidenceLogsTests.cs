using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The live deployment's last log lines are kept with the incident before the rollback replaces it.</summary>
public sealed class EvidenceLogsTests
{
    /// <summary>The fake platform, plus logs: what Kubernetes pods or Railway deployments print.</summary>
    private sealed class LoggingProvider(FakeDeploymentProvider inner, Func<int, CancellationToken, Task<IReadOnlyList<string>>> logs) : IDeploymentProvider, IProviderLogs
    {
        public List<int> RollbacksBeforeLogs { get; } = [];

        public string Name => inner.Name;

        public Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken ct) => inner.ListAsync(ct);

        public Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken ct) => inner.GetLiveAsync(ct);

        public Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken ct) => inner.RollbackAsync(target, ct);

        public Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken ct) => inner.SetVariableAsync(name, value, ct);

        public Task<IReadOnlyList<string>> LiveLogsAsync(int maxLines, CancellationToken ct)
        {
            RollbacksBeforeLogs.Add(inner.RollbackCalls.Count);
            return logs(maxLines, ct);
        }
    }

    private static async Task<Incident> RunAsync(RunbookHarness h, LoggingProvider provider)
    {
        var incident = DecidedIncident(h.Clock.GetUtcNow());
        var executor = new RunbookExecutor(h.Runbook with { Provider = provider }, h.Store, h.Fanout, h.Redactor, h.Clock);
        await h.Clock.RunUntil(Task.Run(() => executor.RunAsync(incident, CancellationToken.None)), TimeSpan.FromSeconds(1));
        return incident;
    }

    [Fact]
    public async Task Rollback_ProviderWithLogs_KeepsTheLastLinesRedactedBeforeRollingBack()
    {
        var h = new RunbookHarness();
        var provider = new LoggingProvider(h.Provider, (max, _) =>
            Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Range(1, 80).Select(n => $"line {n}: NullReferenceException in checkout"), $"token={RunbookHarness.Secret}"]));

        var incident = await RunAsync(h, provider);

        provider.RollbacksBeforeLogs.ShouldBe([0], "logs are read while the bad deployment still runs");
        var step = incident.Step("evidence-logs").ShouldNotBeNull();
        step.Status.ShouldBe(StepStatus.Succeeded);
        step.Output.ShouldNotBeNull().ShouldStartWith("last 50 log lines of the live deployment:\nline 32:");
        step.Output.ShouldNotContain(RunbookHarness.Secret);
        incident.State.ShouldBe(IncidentState.Monitoring);
        PostMortem.Draft(incident).ShouldContain("### Logs before the rollback\n\n    last 50 log lines");
    }

    [Fact]
    public async Task Rollback_LogsHang_GivesUpAfterTenSecondsAndRollsBackAnyway()
    {
        var h = new RunbookHarness();
        var provider = new LoggingProvider(h.Provider, async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        });

        var incident = await RunAsync(h, provider);

        incident.Step("evidence-logs").ShouldNotBeNull().Output.ShouldBe("no logs within 10s; the rollback went ahead without them");
        h.Provider.RollbackCalls.ShouldHaveSingleItem();
        incident.State.ShouldBe(IncidentState.Monitoring);
    }
}
