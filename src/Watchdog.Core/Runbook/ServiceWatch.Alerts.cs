using Watchdog.Core.Decisions;

namespace Watchdog.Core.Runbook;

/// <summary>Alerts other systems pushed: admitted against replays, held while a drill runs, then judged like a firing rule.</summary>
public sealed partial class ServiceWatch
{
    /// <summary>
    /// Takes an alert another system judged: a firing one trips at once, a resolved one withdraws
    /// the alert it resolves. It goes the same way as a firing rule: lifecycle, gate, executor.
    /// </summary>
    /// <param name="pushed">For a system's webhook: checked against replays (and, with a tolerance, age); null for a person's trigger.</param>
    /// <returns>Held when a drill holds the service: the alert is kept and raised when it ends.</returns>
    public Task<Raised> RaiseAsync(PushedAlert alert, CancellationToken ct, Pushed? pushed = null) => Locked(async () =>
    {
        // Admitted (replays, age) by the holder when it takes it: it knows what it holds firing.
        if (PassesOn && _inbox is not null)
        {
            await _inbox.PostAsync(new PassedRequest("raise", Alert: alert, Pushed: pushed), ct);
            return new Raised(RaiseOutcome.Passed, $"passed to {Fence?.Holder ?? "the instance that holds " + Service} through the journal");
        }

        if (pushed is not null && await AdmitAsync(alert, pushed, ct) is { } refused) return new Raised(RaiseOutcome.Refused, refused);
        if (_drilling)
        {
            _kept.Add(alert);
            return new Raised(RaiseOutcome.HeldForDrill);
        }

        _alerts.Take(alert, _time.GetUtcNow());
        await StepAsync(ct);
        return new Raised(RaiseOutcome.Taken);
    }, ct);

    /// <summary>Remembers the delivery in the journal (first one wins) unless it is refused; returns why it is.</summary>
    private async Task<string?> AdmitAsync(PushedAlert alert, Pushed pushed, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var key = AlertAdmission.DeliveryKey(alert);
        var taken = _ledger is null ? null : await _ledger.GetAsync(AlertAdmission.LedgerScope, key, ct);
        var held = _alerts.Firing.Any(a => a.Source == alert.Source && a.Key == alert.Key) || _kept.Any(a => a.Source == alert.Source && a.Key == alert.Key);
        var refusal = AlertAdmission.Refusal(alert, taken is null ? null : DateTimeOffset.Parse(taken, System.Globalization.CultureInfo.InvariantCulture), held, Live?.Version, now, pushed.MaxAge);
        if (refusal is null && taken is null && _ledger is not null && !await _ledger.TryAddAsync(AlertAdmission.LedgerScope, key, now.ToString("O"), ct))
            refusal = "a repeat of a delivery taken a moment ago";
        return refusal;
    }
}
