using System.Globalization;
using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// How long this service's recent rollbacks took, from the rollback's start to the service verified restored, kept in
/// the journal: the announcement's ETA is the median of the last few, not a fixed guess.
/// </summary>
public sealed class RestoreTimes(string service, ILedger? ledger)
{
    public const string LedgerScope = "restore-times";

    /// <summary>How many of the latest rollbacks the ETA is the median of.</summary>
    public const int Kept = 5;

    /// <returns>The median and how many rollbacks it is of; null before the first one was measured.</returns>
    public async Task<(TimeSpan Median, int Of)?> EtaAsync(CancellationToken ct)
    {
        var times = await ReadAsync(ct);
        if (times.Count == 0) return null;
        var sorted = times.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return (median, sorted.Count);
    }

    public async Task RecordAsync(TimeSpan took, CancellationToken ct)
    {
        if (ledger is null || took < TimeSpan.Zero) return;
        var times = await ReadAsync(ct);
        times.Add(took);
        var kept = times.TakeLast(Kept).Select(t => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        await ledger.SetAsync(LedgerScope, service, string.Join(',', kept), ct);
    }

    private async Task<List<TimeSpan>> ReadAsync(CancellationToken ct)
    {
        if (ledger is null || await ledger.GetAsync(LedgerScope, service, ct) is not { Length: > 0 } saved) return [];
        return [.. saved.Split(',').Select(ms => long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? TimeSpan.FromMilliseconds(v) : (TimeSpan?)null).OfType<TimeSpan>()];
    }
}
