using Watchdog.Core.Signals;

namespace Watchdog.Core.Ports;

/// <summary>Measures one service. Sources never judge and never throw for a failed measurement: they return Error readings.</summary>
public interface ISignalSource
{
    string Name { get; }

    Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>The longest one reading may take by the source's own limits; the intake never cuts it shorter. Zero: no limit of its own.</summary>
    TimeSpan Timeout => TimeSpan.Zero;

    /// <summary>Forgets samples taken before a new deployment went live, so they are not judged against it.</summary>
    void Reset();
}
