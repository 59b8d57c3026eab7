using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    private async Task VerifyAsync(Incident incident, Deployment target, CancellationToken ct)
    {
        var checks = new List<string>();
        recheck?.ForgetOldSamples();
        foreach (var smoke in runbook.SmokeTests)
        {
            var result = await StepAsync(incident, "smoke:" + smoke.Name, _ => smoke.RunAsync(ct), ct);
            checks.Add($"{(result.Ok ? "✅" : "❌")} smoke test {smoke.Name}");
            if (!result.Ok)
            {
                await NotRestoredAsync(incident, $"smoke test {smoke.Name} failed after the {ActionDone(incident)}: {result.Detail}", ct);
                return;
            }
        }

        var verified = await StepAsync(incident, "verify", _ => runbook.Verifier.VerifyAsync(target, ct), ct);
        checks.Add($"{(verified.Ok ? "✅" : "❌")} {verified.Detail}");
        if (!verified.Ok)
        {
            await NotRestoredAsync(incident, $"the {ActionDone(incident)} did not help: {verified.Detail}", ct);
            return;
        }

        if (await RecheckAsync(incident, checks, ct) is { } still)
        {
            await NotRestoredAsync(incident, $"the {ActionDone(incident)} did not help: {still}", ct);
            return;
        }

        incident.RestoredAt ??= Now;
        if (restoreTimes is not null && incident.RollbackStartedAt is { } began) await restoreTimes.RecordAsync(incident.RestoredAt.Value - began, ct);
        // Seed 1, step 6.4: users get the service back, not the maintenance page.
        if (await LeaveMaintenanceAsync(incident, ct) is { } off) checks.Add($"{(off.Ok ? "✅" : "❌")} maintenance mode off");

        await NotifyStepAsync(incident, "notify-complete", Messages.RollbackComplete(incident, checks, Settings.MonitorFor), ct);
        incident.MoveTo(IncidentState.Monitoring, Now, $"service restored on {target}; watching for {Signals.SignalFormat.Duration(Settings.MonitorFor)}");
        await SaveAsync(incident);
    }

    /// <summary>
    /// Healthy probes are not the whole answer: the rules that tripped are judged again on their own sources, and a
    /// breach still measured means the service is not restored.
    /// </summary>
    /// <returns>Why the service is not restored, or null.</returns>
    private async Task<string?> RecheckAsync(Incident incident, List<string> checks, CancellationToken ct)
    {
        if (recheck is null) return null;
        IReadOnlyList<Recheck>? rechecks = null;
        var judged = await StepAsync(incident, "verify-rules", async _ =>
        {
            rechecks = await recheck.JudgeAsync(incident, ct);
            if (rechecks is null) return StepOutcome.Success("no rule of Watchdog's own tripped this incident");
            var detail = string.Join('\n', rechecks.Select(r => $"{Mark(r.Status)} {r.Line}"));
            return rechecks.Any(Breaching) ? StepOutcome.Failure(detail) : StepOutcome.Success(detail);
        }, ct);
        checks.AddRange(judged.Detail.Split('\n'));
        if (judged.Ok) return null;
        return rechecks is null ? judged.Detail : string.Join("; ", rechecks.Where(Breaching).Select(r => r.Line));
    }

    private static bool Breaching(Recheck r) => r.Status == RecheckStatus.Breaching;

    private static string Mark(RecheckStatus status) => status switch
    {
        RecheckStatus.Clear => "✅",
        RecheckStatus.Breaching => "❌",
        _ => "⏳",
    };

    /// <summary>Lines kept as evidence, and how long fetching them may hold up the rollback.</summary>
    private const int EvidenceLines = 50, EvidenceLineChars = 400;

    private static readonly TimeSpan EvidenceTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Seed 1 keeps "error logs" with the incident. Best effort and brief: a platform that cannot answer in
    /// time leaves a failed step in the journal, and the rollback goes on.
    /// </summary>
    private const string EvidenceLogsStep = "evidence-logs";

    private async Task<StepOutcome> ReadLogsAsync(IProviderLogs logs, CancellationToken ct)
    {
        using var limit = new CancellationTokenSource(EvidenceTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, ct);
        try
        {
            var lines = await logs.LiveLogsAsync(EvidenceLines, linked.Token);
            if (lines.Count == 0) return StepOutcome.Success("the platform has no log lines for the live deployment");
            var kept = lines.TakeLast(EvidenceLines).Select(l => l.Length <= EvidenceLineChars ? l : l[..EvidenceLineChars] + "…");
            return StepOutcome.Success($"last {Math.Min(lines.Count, EvidenceLines)} log lines of the live deployment:\n" + string.Join('\n', kept));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return StepOutcome.Failure($"no logs within {Signals.SignalFormat.Duration(EvidenceTimeout)}; the rollback went ahead without them");
        }
    }
}
