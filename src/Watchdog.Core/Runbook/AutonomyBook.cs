using Watchdog.Core.Decisions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Where a service's rules stand on their autonomy: the configured one, and for <see cref="Autonomy.Earned"/> the level
/// their shadow record has earned. Each move of an earned level is journaled (ledger scope <see cref="MovesScope"/>, one
/// entry per move, and <see cref="Scope"/> for the level now) and returned to be announced, with the numbers behind it.
/// </summary>
public sealed class AutonomyBook(string service, RunbookSettings settings, IIncidentStore store, ILedger? ledger, TimeProvider time)
{
    public const string Scope = "autonomy";

    /// <summary>How many of the newest incidents are read to judge a rule's record: a month of a busy service.</summary>
    private const int Read = 1_000;

    public static string MovesScope(string service) => "autonomy-moves:" + service;

    /// <summary>The rule's autonomy now, and the announcement of a move when its earned level changed; null for a rule that has none.</summary>
    public async Task<(RuleAutonomy? Autonomy, Notification? Moved)> ForAsync(string rule, CancellationToken ct)
    {
        if (!settings.Autonomy.TryGetValue(rule, out var configured)) return (null, null);
        if (configured != Autonomy.Earned) return (new RuleAutonomy(rule, configured, configured == Autonomy.Act, $"configured {configured}"), null);

        var now = time.GetUtcNow();
        var incidents = (await store.ListAsync(Read, ct)).Where(i => i.Service == service).ToList();
        var deploys = ledger is null ? [] : await ReleaseWatch.DeploysAsync(ledger, service, ct);
        var flags = ledger is null ? [] : await ServiceWatch.FlagChangesAsync(ledger, service, ct);
        var (mayAct, why) = EarnedAutonomy.Assess(ShadowRecord.Judge(incidents, deploys, now, flags).Where(a => a.Rule == rule), Math.Max(1, settings.EarnAfter));
        var autonomy = new RuleAutonomy(rule, configured, mayAct, why);
        if (ledger is null) return (autonomy, null);

        var key = $"{service}/{rule}";
        var level = mayAct ? "Act" : "Ask";
        var before = await ledger.GetAsync(Scope, key, ct);
        if (before?.Split('\t')[0] == level) return (autonomy, null);
        await ledger.SetAsync(Scope, key, $"{level}\t{now:O}\t{why}", ct);
        await ledger.TryAddAsync(MovesScope(service), $"{now:O}/{rule}", $"{before?.Split('\t')[0] ?? "(start)"} → {level}: {why}", ct);
        // The first record of a rule that starts by asking is where it begins, not a move anybody needs to hear of.
        return (autonomy, before is null && !mayAct ? null : Messages.AutonomyMoved(service, rule, mayAct, why, now));
    }
}
