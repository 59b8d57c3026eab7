namespace Watchdog.Core.Ports;

/// <summary>A stabilization step (clear a cache, reset pools) or a smoke test of a critical flow.</summary>
public interface IRunbookTask
{
    string Name { get; }

    Task<StepOutcome> RunAsync(CancellationToken cancellationToken);
}
