using Watchdog.Core.Ports;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>A flag service that answers as told and records what it was asked to turn off; read, it lists <see cref="States"/>.</summary>
public sealed class FakeFlagSwitch(string name = "LaunchDarkly") : IFlagSwitch, IFlagStates
{
    /// <summary>The flags as a poll reads them; null: the read fails.</summary>
    public List<FlagState>? States { get; set; }

    public int Reads { get; private set; }

    public Task<PeerResult<IReadOnlyList<FlagState>>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(States is { } s ? PeerResult.Of<IReadOnlyList<FlagState>>([.. s]) : PeerResult.Failed<IReadOnlyList<FlagState>>("the flags cannot be read"));
    }

    private readonly List<string> _calls = [];

    public string Name => name;

    public Func<string, FlagOutcome> Answer { get; set; } = flag => FlagOutcome.Off($"flag {flag} turned off at {name} in production");

    public IReadOnlyList<string> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    public Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        lock (_calls) _calls.Add(flag);
        return Task.FromResult(Answer(flag));
    }
}
