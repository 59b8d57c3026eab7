using Watchdog.Core.Decisions;

namespace Watchdog.Core.Runbook;

/// <summary>
/// The one gate between a service's watch and a drill of it. While a drill runs, ticks are skipped and pushed alerts
/// are kept, then raised in the order they came when it ends; a tick or push under way when it begins is waited for.
/// So no real incident opens and acts on the same platform while the drill does; one still there afterwards opens then.
/// </summary>
public sealed partial class ServiceWatch
{
    private readonly List<PushedAlert> _kept = [];
    private volatile bool _drilling;

    /// <summary>Whether a drill holds the service now.</summary>
    public bool Drilling => _drilling;

    /// <summary>Runs <paramref name="drill"/> holding the service; null, without running it, when a drill already holds it.</summary>
    public async Task<T?> DrillAsync<T>(Func<Task<T>> drill, CancellationToken ct) where T : class
    {
        if (!await Locked(() => Task.FromResult(!_drilling && (_drilling = true)), ct)) return null;
        try
        {
            return await drill();
        }
        finally
        {
            await Locked(async () =>
            {
                _drilling = false;
                foreach (var alert in _kept) _alerts.Take(alert, _time.GetUtcNow());
                _kept.Clear();
                await StepAsync(CancellationToken.None);
                return true;
            }, CancellationToken.None);
        }
    }
}
