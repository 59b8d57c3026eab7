using System.Globalization;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Reads every source of a service at once, each under its own deadline, so a hung Sentry or Prometheus never
/// delays the health probe; and tracks which sources Watchdog has gone blind to. A source that throws or misses
/// its deadline is as blind as one that reports an Error reading. Blindness is kept in the ledger, so a restart
/// while blind says nothing new, and the source's return is still announced once.
/// </summary>
public sealed class SignalIntake(IReadOnlyList<ISignalSource> sources, int blindAfter, TimeSpan deadline, TimeProvider time, ILedger? ledger = null) : IDisposable
{
    public const string LedgerScope = "blind";
    private readonly SourceSight _sight = new(blindAfter);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private bool _loaded;

    /// <summary>How each source has been answering; blind ones are flagged.</summary>
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];

    /// <summary>One tick's readings, in source order, and what people must hear about sight gained or lost.</summary>
    /// <param name="journaled">False while the journal cannot be used: sight is still told, but neither read back from nor kept in the ledger.</param>
    public async Task<(IReadOnlyList<Reading> Readings, IReadOnlyList<Notification> Sight)> ReadAsync(string service, TimeSpan pollInterval, CancellationToken ct,
        bool journaled = true)
    {
        if (journaled) await LoadAsync(service, ct);
        var read = await ReadAllAsync(ct);
        var readings = new List<Reading>();
        var said = new List<Notification>();
        var now = time.GetUtcNow();
        for (var i = 0; i < sources.Count; i++)
        {
            readings.AddRange(read[i]);
            var name = sources[i].Name;
            var before = _sight[name];
            switch (_sight.Observe(name, read[i], now))
            {
                case SourceSight.Change.WentBlind:
                    said.Add(Messages.Blind(service, _sight[name]!, pollInterval));
                    if (journaled) await RememberAsync(service, name, (_sight[name]!.FailingSince ?? now).ToString("O", CultureInfo.InvariantCulture), ct);
                    break;
                case SourceSight.Change.SeesAgain:
                    said.Add(Messages.SeesAgain(service, before!, now));
                    if (journaled) await RememberAsync(service, name, "", ct);
                    break;
            }
        }

        Sources = [.. _sight.States];
        return (readings, said);
    }

    /// <summary>
    /// One reading of every source, with no account of sight: the runbook's own look during verification.
    /// Reads never overlap a tick's, since a source need not be safe to read twice at once.
    /// </summary>
    public async Task<IReadOnlyList<Reading>> ReadNowAsync(CancellationToken ct) => [.. (await ReadAllAsync(ct)).SelectMany(r => r)];

    private async Task<IReadOnlyList<Reading>[]> ReadAllAsync(CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            return await Task.WhenAll(sources.Select(s => ReadOneAsync(s, ct)));
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task LoadAsync(string service, CancellationToken ct)
    {
        if (_loaded || ledger is null) return;
        _loaded = true;
        foreach (var source in sources)
        {
            // Since when it has been failing, while blind; empty once it sees again. No reason is kept: it may quote a peer.
            if (await ledger.GetAsync(LedgerScope, $"{service}/{source.Name}", ct) is { Length: > 0 } saved
                && DateTimeOffset.TryParse(saved, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since))
                _sight.Restore(source.Name, since, "blind before the restart");
        }
    }

    private Task RememberAsync(string service, string source, string value, CancellationToken ct) =>
        ledger?.SetAsync(LedgerScope, $"{service}/{source}", value, ct) ?? Task.CompletedTask;

    /// <summary>The old deployment's samples say nothing about the restored one.</summary>
    public void Reset()
    {
        foreach (var s in sources) s.Reset();
    }

    private async Task<IReadOnlyList<Reading>> ReadOneAsync(ISignalSource source, CancellationToken ct)
    {
        // The poll interval, unless the source's own limits allow it longer: cutting it short would blind Watchdog on a slow day.
        var allowed = source.Timeout > deadline ? source.Timeout : deadline;
        using var limit = new CancellationTokenSource(allowed, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, ct);
        try
        {
            return await source.ReadAsync(linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return [Reading.Error(Signal.Up, time.GetUtcNow(), $"{source.Name} gave no reading within {SignalFormat.Duration(allowed)}") with { Source = source.Name }];
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Sources should report failures as readings; one that throws is just as blind.
            return [Reading.Error(Signal.Up, time.GetUtcNow(), $"{source.Name} failed: {e.GetType().Name}") with { Source = source.Name }];
        }
    }

    public void Dispose() => _reading.Dispose();
}
