using Microsoft.Extensions.Logging;
using Watchdog.Core.Decisions;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>
/// Keeps one service's watch and a drill of it apart, without the watch knowing of drills. While a drill runs it holds
/// the service: polling ticks are skipped, and alerts pushed for the service are kept and raised, in the order they
/// came, when the drill ends. A tick or push already under way when a drill begins is waited for. So no real incident
/// opens and acts on the same platform while the drill does; one that is still there afterwards opens then.
/// </summary>
public sealed partial class DrillHold(ServiceWatch watch, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<PushedAlert> _kept = [];
    private bool _held;

    public ServiceWatch Watch => watch;

    /// <summary>Whether a drill holds the service now.</summary>
    public bool Held
    {
        get { lock (_lock) return _held; }
    }

    /// <returns>False when a drill holds the service and the tick was skipped.</returns>
    public async Task<bool> TickAsync(CancellationToken ct)
    {
        if (Held) return false;
        await _gate.WaitAsync(ct);
        try
        {
            await watch.TickAsync(ct);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <returns>False when a drill holds the service: the alert is kept and raised when it ends.</returns>
    public async Task<bool> RaiseAsync(PushedAlert alert, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_held)
            {
                _kept.Add(alert);
                return false;
            }
        }

        await _gate.WaitAsync(ct);
        try
        {
            await watch.RaiseAsync(alert, ct);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="drill"/> holding the service; null, without running it, when a drill already holds it.</summary>
    public async Task<T?> RunAsync<T>(Func<Task<T>> drill, CancellationToken ct) where T : class
    {
        lock (_lock)
        {
            if (_held) return null;
            _held = true;
        }

        try
        {
            await _gate.WaitAsync(ct);
        }
        catch
        {
            lock (_lock) _held = false;
            throw;
        }

        try
        {
            return await drill();
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task ReleaseAsync()
    {
        List<PushedAlert> kept;
        lock (_lock)
        {
            _held = false;
            kept = [.. _kept];
            _kept.Clear();
        }

        // Still holding the gate: an alert that comes in now waits, and so is raised after the ones kept.
        try
        {
            foreach (var alert in kept)
            {
                try
                {
                    await watch.RaiseAsync(alert, CancellationToken.None);
                }
                catch (Exception e)
                {
                    LogKeptAlertFailed(logger, e, watch.Service, alert.Source, alert.Key);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Raising the {Source} alert {Key} for {Service}, kept during a drill, failed")]
    private static partial void LogKeptAlertFailed(ILogger logger, Exception exception, string service, string source, string key);
}
